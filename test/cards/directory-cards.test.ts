/** The cards of the directory's own features: group binding, the unbinding alert, 委托, co-units' reports. */
import { describe, expect, it } from 'vitest';
import { buildChatBindingCard, buildChatUnboundCard } from '../../cards/chat-binding.ts';
import { buildDelegationCard } from '../../cards/delegation.ts';
import { buildDetailCard, buildNoticeCard, buildReviewCard, type Card } from '../../cards/index.ts';
import { withStandInLine } from '../../cards/stand-in.ts';
import { makeItem, NASTY } from './fixtures.ts';
import { buttonLabels, expectValid, fieldNames, markdownOf } from './helpers.ts';

const units = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `测试县第${i + 1}局` }));

describe('the binding card', () => {
  it('lists units as choices beside the two roles while they fit, and asks for a name when they do not', () => {
    const small = expectValid(
      buildChatBindingCard({ chat: { id: 7, name: NASTY }, addedBy: '周敏', current: null, units: units(8) }),
    );
    expect(fieldNames(small)).toEqual(['bind_to']);
    expect(JSON.stringify(small)).toContain('"value":"unit:8"');
    expect(JSON.stringify(small)).toContain('"value":"supervision"');
    expect(markdownOf(small)).not.toContain('<at');

    const big = expectValid(
      buildChatBindingCard({
        chat: { id: 7, name: '工作群' },
        addedBy: null,
        current: null,
        units: units(600),
      }),
    );
    expect(fieldNames(big)).toEqual(['bind_to', 'unit_name']);
    expect(JSON.stringify(big)).toContain('"value":"unit"');
  });

  it('says what a bound group serves, and who bound it', () => {
    const card = expectValid(
      buildChatBindingCard({
        chat: { id: 7, name: '住建工作群' },
        addedBy: '周敏',
        current: '县住房和城乡建设局工作群',
        boundBy: { name: '陈晓东', at: '2026-12-01 10:00' },
        units: units(3),
      }),
    );
    expect(markdownOf(card)).toContain(
      '本群现为**县住房和城乡建设局工作群**（陈晓东于 2026-12-01 10&#58;00 绑定）',
    );
    expect(buttonLabels(card)).toEqual(['更改绑定']);
  });

  it('the unbinding alert names what lost its group and where it goes now', () => {
    const card = expectValid(
      buildChatUnboundCard({
        chatName: '住建工作群',
        lost: '县住房和城乡建设局工作群',
        cause: 'removed',
        by: '赵立新',
        nowGoes: '发给县住房和城乡建设局的通知改为私信其负责人和联络员（赵立新、钱文）。',
      }),
    );
    expect(markdownOf(card)).toContain('督查督办助手已被赵立新移出群“住建工作群”');
    expect(markdownOf(card)).toContain('赵立新、钱文');
  });
});

describe('委托 and 代收', () => {
  it('the card: a form with the usual deputies, the running delegation with 取消委托', () => {
    const card = expectValid(
      buildDelegationCard({
        place: '县住房和城乡建设局负责人',
        running: [{ deputyName: '钱文', place: '县住房和城乡建设局', endsOn: '2026-12-20', reason: '请假' }],
        deputies: [{ label: '钱文', value: 'ou_qian' }],
        reasons: ['请假', '出差'],
        head: true,
      }),
    );
    expect(buttonLabels(card)).toEqual(['取消委托', '改为此委托']);
    expect(fieldNames(card)).toEqual(['deputy', 'date', 'reason']);
    expect(markdownOf(card)).toContain('由**钱文**代办，至 2026-12-20（请假）');
    const nobody = expectValid(
      buildDelegationCard({ place: null, running: [], deputies: [], reasons: [], head: false }),
    );
    expect(buttonLabels(nobody)).toEqual([]);
  });

  it('a card received for someone says so on its first line, and stays valid', () => {
    const notice = buildNoticeCard({ item: makeItem() });
    const forDeputy = withStandInLine(notice, NASTY) as Card;
    expectValid(forDeputy);
    expect(forDeputy.body.elements[0]).toMatchObject({ tag: 'markdown', text_size: 'notation' });
    expect(markdownOf(forDeputy)).toContain('接收（委托期间）');
    expect(markdownOf(forDeputy)).not.toContain('<at id=all>');
  });
});

describe("co-units' reports", () => {
  const heard = makeItem({
    state: 'in_progress',
    coUnitReports: [
      { unit: { id: 2, name: '县住房和城乡建设局' }, at: '2026-06-20 10:00', text: '已完成排查' },
      { unit: { id: 3, name: '县自然资源局' }, at: null, text: null },
    ],
  });

  it("the lead's card names the silent co-unit; a co-unit's own card does not", () => {
    expect(markdownOf(expectValid(buildNoticeCard({ item: heard })))).toContain(
      '协办单位县自然资源局尚未反馈',
    );
    expect(markdownOf(expectValid(buildNoticeCard({ item: heard, audience: 'co' })))).not.toContain(
      '尚未反馈',
    );
  });

  it('the detail and review cards show each co-unit, heard or not', () => {
    const detail = markdownOf(expectValid(buildDetailCard({ item: heard, timeline: [] })));
    expect(detail).toContain('- 县住房和城乡建设局（2026-06-20 10&#58;00）：已完成排查');
    expect(detail).toContain("- 县自然资源局：<font color='orange'>尚未反馈</font>");
    const review = buildReviewCard({
      item: { ...heard, state: 'submitted' },
      submission: { text: '已办结', by: '李四', at: '2026-06-28 16:00' },
    });
    expect(markdownOf(expectValid(review))).toContain('协办单位县自然资源局始终未反馈');
  });
});
