import { describe, expect, it } from 'vitest';
import type { DigestLine } from '../../cards/index.ts';
import {
  buildDigestCard,
  buildEscalationCard,
  buildOverdueNoticeCard,
  buildUrgeCard,
  DIGEST_MAX_LINES,
  URGE_KINDS,
} from '../../cards/index.ts';
import { makeItem, NASTY } from '../cards/fixtures.ts';
import { buttonLabels, buttonsOf, expectValid, markdownOf } from '../cards/helpers.ts';

const title = (card: { header?: { title: { content: string } } }) => card.header?.title.content ?? '';

describe('催办 / 督办 / reminder cards', () => {
  it('every kind builds a valid card with its own header', () => {
    const titles = URGE_KINDS.map((kind) =>
      title(
        expectValid(
          buildUrgeCard({
            item: makeItem({ state: 'in_progress' }),
            kind,
            workdaysLeft: 3,
            overdueWorkdays: 2,
          }),
        ),
      ),
    );
    expect(titles.map((t) => t.split('：')[0])).toEqual([
      '到期提醒',
      '今日到期',
      '签收催办',
      '逾期催办',
      '催办通知',
      '督办通知',
      '加急通知',
    ]);
  });

  it('says what is due in working days', () => {
    const remind = expectValid(
      buildUrgeCard({ item: makeItem({ state: 'in_progress' }), kind: 'remind', workdaysLeft: 3 }),
    );
    expect(markdownOf(remind)).toContain('还有 **3** 个工作日');
    const late = expectValid(
      buildUrgeCard({ item: makeItem({ state: 'in_progress' }), kind: 'overdue_urge', overdueWorkdays: 4 }),
    );
    expect(markdownOf(late)).toContain("<font color='red'>4 个工作日</font>");
  });

  it("carries the item's current buttons, as the notice does", () => {
    const issued = expectValid(buildUrgeCard({ item: makeItem({ state: 'issued' }), kind: 'accept_urge' }));
    expect(buttonLabels(issued)).toEqual(['签收', '申请改派', '查看办理记录']);
    expect(buttonsOf(issued)[0]?.value).toEqual({ a: 'accept', i: 17, v: 3 });
    const working = expectValid(
      buildUrgeCard({ item: makeItem({ state: 'in_progress' }), kind: 'remind', workdaysLeft: 1 }),
    );
    expect(buttonLabels(working)).toEqual(['反馈进展', '报结', '申请延期', '申请协调', '查看办理记录']);
    expect(buttonsOf(working)[0]?.value).toEqual({ a: 'report', i: 17, v: 3 });
  });

  it('a manual 督办 carries who and what the office wrote, escaped', () => {
    const card = expectValid(
      buildUrgeCard({
        item: makeItem({ state: 'in_progress' }),
        kind: 'supervise',
        by: '周敏',
        text: NASTY,
        overdueWorkdays: 2,
      }),
    );
    const text = markdownOf(card);
    expect(text).toContain('督查室（周敏）对该事项实行督办');
    expect(text).toContain('已逾期');
    expect(text).not.toContain('<at id=all>');
  });
});

describe('escalation and overdue notice', () => {
  it('escalation addresses the 分管领导 and counts the urges', () => {
    const card = expectValid(
      buildEscalationCard({
        item: makeItem({ state: 'in_progress' }),
        overdueWorkdays: 3,
        leaderName: '张志强',
        urgedTimes: 4,
      }),
    );
    expect(title(card)).toBe('逾期事项提请督促：防汛物资检查');
    expect(markdownOf(card)).toContain('张志强：您分管的县应急管理局承办的以下事项');
    expect(markdownOf(card)).toContain('督查室已催办 4 次');
    expect(buttonLabels(card)).toEqual(['查看办理记录']);
  });

  it('the overdue notice gives the office 催办 and 督办 and warns of 通报批评', () => {
    const card = expectValid(
      buildOverdueNoticeCard({
        item: makeItem({ state: 'in_progress' }),
        overdueWorkdays: 3,
        urgedTimes: 3,
        escalatedTo: '张志强',
        criticiseAfterWorkdays: 5,
      }),
    );
    expect(buttonLabels(card)).toEqual(['催办', '督办', '查看办理记录']);
    expect(buttonsOf(card).map((b) => (b.value as { a: string }).a)).toEqual(['urge', 'supervise', 'detail']);
    const text = markdownOf(card);
    expect(text).toContain('已提请分管领导张志强督促');
    expect(text).toContain('逾期满 5 个工作日仍未办结的，将列入督查专报通报批评');
  });
});

describe('daily digest', () => {
  const line = (id: number, kind: DigestLine['kind'], extra: Partial<DigestLine> = {}): DigestLine => ({
    item: {
      id,
      number: `督〔2026〕${id}号`,
      title: `事项${id}`,
      deadline: '2026-10-12',
      version: 1,
      state: 'in_progress',
      leadUnitName: '县财政局',
    },
    kind,
    ...extra,
  });

  it('most pressing first, grouped, with counts', () => {
    const card = expectValid(
      buildDigestCard({
        date: '2026-10-12',
        recipientName: '冯军',
        lines: [
          line(1, 'remind', { workdaysLeft: 3 }),
          line(2, 'overdue_urge', { overdueWorkdays: 1 }),
          line(3, 'remind', { workdaysLeft: 1 }),
          line(4, 'overdue_urge', { overdueWorkdays: 5 }),
          line(5, 'due_day'),
        ],
      }),
    );
    expect(title(card)).toBe('每日督办提醒（5项）');
    const text = markdownOf(card);
    const order = ['事项4', '事项2', '事项5', '事项3', '事项1'].map((t) => text.indexOf(t));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).toContain('**已逾期（2项）**');
    expect(text).toContain('冯军，您好！');
  });

  it('a thousand items stay one valid card under 30 KB, the rest counted', () => {
    const lines = Array.from({ length: 1000 }, (_, i) =>
      line(i + 1, 'overdue_urge', { overdueWorkdays: i % 9 }),
    );
    const card = expectValid(buildDigestCard({ date: '2026-10-12', lines }));
    const text = markdownOf(card);
    expect(text).toContain(`另有 ${1000 - DIGEST_MAX_LINES} 项未列出`);
    expect(title(card)).toBe('每日督办提醒（1000项）');
  });

  it('titles from people cannot inject markup', () => {
    const card = expectValid(
      buildDigestCard({
        date: '2026-10-12',
        lines: [{ ...line(1, 'due_day'), item: { ...line(1, 'due_day').item, title: NASTY } }],
      }),
    );
    expect(markdownOf(card)).not.toContain('<at id=all>');
  });
});
