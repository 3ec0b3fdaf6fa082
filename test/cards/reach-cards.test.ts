/** The cards of issue #12: @-mentions on group cards, the office's problem and daily cards, 加急. */
import { describe, expect, it } from 'vitest';
import {
  buildDailyUndeliveredCard,
  buildProblemCard,
  type ProblemCardInput,
  undeliveredLine,
} from '../../cards/delivery-problem.ts';
import { buildDigestCard } from '../../cards/digest.ts';
import { mentionLine, withMentions } from '../../cards/mentions.ts';
import { buildUrgeCard } from '../../cards/reminder.ts';
import { cardMessage } from '../../src/services/outbox-message.ts';
import { makeItem } from './fixtures.ts';
import { buttonsOf, expectValid, markdownOf } from './helpers.ts';

const problem = (overrides: Partial<ProblemCardInput> = {}): ProblemCardInput => ({
  problemId: 7,
  channel: 'message',
  recipient: '县住房和城乡建设局工作群',
  code: '230002',
  reason: '机器人不在该群中',
  fix: '请把“督查督办助手”机器人加入该群。',
  failures: 5,
  firstAt: '2026-10-21 09:00',
  lastAt: '2026-10-21 09:01',
  lastItem: { number: '督〔2026〕3号', title: '老旧小区改造' },
  route: '已改发给赵立新（县住房和城乡建设局负责人）',
  status: 'open',
  closedAt: null,
  handledBy: null,
  ...overrides,
});

describe('mentions', () => {
  it('a group card @-mentions the responsible people on top; a private one does not', () => {
    const card = buildUrgeCard({ item: makeItem({ state: 'in_progress' }), kind: 'overdue_urge' });
    const spec = { tenantKey: 't', key: 'k', purpose: 'followup-overdue-urge' };
    const group = cardMessage(
      { ...spec, to: { type: 'chat_id', id: 'oc_1', mention: ['ou_head1', 'ou_liaison1'] } },
      card,
    );
    const content = JSON.parse(group.content) as { body: { elements: Array<{ content?: string }> } };
    expect(content.body.elements[0]?.content).toBe(
      '<at id=ou_head1></at> <at id=ou_liaison1></at> 请及时查看办理。',
    );
    const privately = cardMessage(
      { ...spec, to: { type: 'open_id', id: 'ou_head1', mention: ['ou_x1'] } },
      card,
    );
    expect(privately.content).not.toContain('<at');
  });

  it('only well-formed open_ids become tags; a unit name with <at id=all> stays escaped', () => {
    expect(mentionLine(['all', 'ou_ok1></at><at id=all', ''])).toBeNull();
    const card = withMentions(
      buildUrgeCard({
        item: makeItem({ leadUnit: { id: 1, name: '<at id=all>县应急管理局' } }),
        kind: 'overdue_urge',
      }),
      ['ou_head1'],
    );
    expectValid(card);
    const text = markdownOf(card);
    expect(text).toContain('<at id=ou_head1></at>');
    expect(text).not.toContain('<at id=all>');
    expect(text).toContain('&#60;at id&#61;all&#62;县应急管理局');
  });
});

describe('the office’s problem card', () => {
  it('names the recipient, the error in Chinese, the fix and the count, with 标记为已处理', () => {
    const card = expectValid(buildProblemCard(problem()));
    const text = markdownOf(card);
    for (const part of ['县住房和城乡建设局工作群', '机器人不在该群中', '230002', '5 次', '已改发给赵立新'])
      expect(text).toContain(part);
    expect(buttonsOf(card).map((b) => [b.label, b.value])).toEqual([
      ['标记为已处理', { a: 'problem_done', p: 7 }],
    ]);
    expect(card.header?.title.content).toBe('消息未能送达');
  });

  it('closed by a delivery or by the office: says so, no button', () => {
    const resolved = expectValid(
      buildProblemCard(problem({ status: 'resolved', closedAt: '2026-10-22 09:00' })),
    );
    expect(resolved.header?.title.content).toBe('消息投递已恢复');
    expect(markdownOf(resolved)).toContain('已成功发送给该对象，此问题已自动关闭');
    expect(buttonsOf(resolved)).toEqual([]);
    const handled = expectValid(
      buildProblemCard(problem({ status: 'handled', closedAt: '2026-10-22 10:00', handledBy: '周敏' })),
    );
    expect(markdownOf(handled)).toContain('周敏已于 2026-10-22 10&#58;00 标记为已处理');
    expect(buttonsOf(handled)).toEqual([]);
  });

  it('a recipient name with markup stays text', () => {
    const card = expectValid(buildProblemCard(problem({ recipient: '<at id=all></at>**群**' })));
    expect(markdownOf(card)).not.toContain('<at id=all>');
  });
});

describe('the daily count', () => {
  const summary = { messages: 7, recipients: 2, urgentFailures: 1 };

  it('a line for the office digest, none when nothing is undelivered', () => {
    expect(undeliveredLine(summary)).toContain(
      '仍有 **7** 条消息未送达（涉及 2 个接收对象）；1 次加急未能发出',
    );
    expect(undeliveredLine({ messages: 0, recipients: 0, urgentFailures: 0 })).toBeNull();
    const digest = expectValid(
      buildDigestCard({
        date: '2026-10-21',
        lines: [{ item: makeItem({ state: 'in_progress' }), kind: 'remind', workdaysLeft: 2 }],
        undelivered: undeliveredLine(summary),
      }),
    );
    expect(markdownOf(digest)).toContain('投递异常');
  });

  it('the daily card lists the problems, most failures first, counting the rest', () => {
    const problems = Array.from({ length: 25 }, (_, i) => ({
      recipient: `单位${i}工作群`,
      reason: '机器人不在该群中',
      failures: 25 - i,
    }));
    const card = expectValid(buildDailyUndeliveredCard({ date: '2026-10-21', summary, problems }));
    const text = markdownOf(card);
    expect(text).toContain('单位0工作群：机器人不在该群中（25 次）');
    expect(text).not.toContain('单位20工作群');
    expect(text).toContain('另有 5 个问题未列出');
  });
});

describe('加急通知', () => {
  it('the office’s 加急 card says who pressed it', () => {
    const card = expectValid(
      buildUrgeCard({
        item: makeItem({ state: 'in_progress' }),
        kind: 'urgent',
        by: '周敏',
        overdueWorkdays: 2,
      }),
    );
    expect(card.header?.title.content).toContain('加急通知');
    expect(markdownOf(card)).toContain('督查室（周敏）对该事项加急提醒');
  });
});
