import { describe, expect, it } from 'vitest';
import {
  buildAckCard,
  buildChooseItemCard,
  buildConfirmResultCard,
  buildCoordinationCard,
  buildDetailCard,
  buildExtensionCard,
  buildHelpCard,
  buildNoticeCard,
  buildReassignCard,
  buildResultCard,
  buildReviewCard,
  type Card,
  failureToast,
  toastWithCard,
} from '../../cards/index.ts';
import { chars, makeItem, makeTimeline, NASTY, UNITS } from './fixtures.ts';
import { buttonLabels, buttonsOf, expectValid, markdownOf } from './helpers.ts';

const submission = {
  text: '已完成全部检查，清单见附件。',
  by: '李四',
  at: '2026-06-28 16:00',
};

describe('decision cards', () => {
  it('review: 办结 and 退回重办 on a submitted item, none after the outcome', () => {
    const item = makeItem({ state: 'submitted' });
    const card = expectValid(buildReviewCard({ item, submission, returnCount: 1 }));
    expect(buttonLabels(card)).toEqual(['办结', '退回重办']);
    expect(markdownOf(card)).toContain('已完成全部检查');
    const done = expectValid(
      buildReviewCard({ item, submission, outcome: { label: '已办结', by: '周敏', at: '2026-06-29 09:00' } }),
    );
    expect(buttonLabels(done)).toEqual([]);
    expect(markdownOf(done)).toContain('已办结');
  });

  it('extension: 同意延期 / 不同意', () => {
    const item = makeItem({ state: 'in_progress' });
    const request = { date: '2026-07-15', reason: '汛期提前', by: '李四', at: '2026-06-25 10:00' };
    const card = expectValid(buildExtensionCard({ item, request }));
    expect(buttonLabels(card)).toEqual(['同意延期', '不同意']);
    expect(markdownOf(card)).toContain('2026-07-15');
    const forLeader = expectValid(buildExtensionCard({ item, request, approver: 'leader_in_charge' }));
    expect(buttonLabels(forLeader)).toEqual(['同意延期', '不同意']);
  });

  it('reassign: a unit picker without the declining unit', () => {
    const item = makeItem({ state: 'reassigning' });
    const decline = {
      reason: '不属于本单位职责',
      by: '李四',
      unitName: '县应急管理局',
      at: '2026-06-15 11:00',
    };
    const card = expectValid(buildReassignCard({ item, decline, units: UNITS }));
    expect(buttonLabels(card)).toEqual(['重新交办']);
    const picker = card.body.elements
      .flatMap((e) => (e.tag === 'form' ? e.elements : []))
      .find((e) => e.tag === 'select_static');
    expect(picker?.tag === 'select_static' && picker.options.map((o) => o.value)).toEqual(['2', '3', '4']);
  });

  it('coordination: 答复 or 提交专题会议', () => {
    const item = makeItem({ state: 'in_progress' });
    const request = { text: '需财政资金支持', by: '王五', unitName: '县住房和城乡建设局' };
    const card = expectValid(buildCoordinationCard({ item, request, requestingUnitId: 2 }));
    expect(buttonLabels(card)).toEqual(['答复', '提交专题会议']);
  });
});

describe('detail, result and reply cards', () => {
  it('detail stays under 30 KB with 500 long entries, newest first', () => {
    const item = makeItem({
      title: chars('题', 100),
      text: chars('文', 5000),
      latestProgress: chars('进', 5000),
    });
    const card = expectValid(
      buildDetailCard({ item, timeline: makeTimeline(500), viewerActions: ['urge', 'supervise', 'cancel'] }),
    );
    const text = markdownOf(card);
    expect(text).toMatch(/最近 \d+ 条，共 500 条/);
    expect(text.indexOf('联络员499')).toBeLessThan(text.indexOf('联络员498'));
    expect(text).not.toContain('联络员0 ');
    expect(buttonLabels(card)).toEqual(['催办', '督办', '加急', '撤销事项']);
  });

  it('detail without office actions has no buttons', () => {
    const card = expectValid(buildDetailCard({ item: makeItem(), timeline: makeTimeline(3) }));
    expect(buttonLabels(card)).toEqual([]);
    expect(markdownOf(card)).toContain('共 3 条');
  });

  it('result reports to the assigning leader', () => {
    const card = expectValid(
      buildResultCard({
        item: makeItem({ state: 'completed' }),
        result: submission,
        completedAt: '2026-06-29 09:00',
        approvedBy: '周敏',
        onTime: true,
      }),
    );
    expect(markdownOf(card)).toContain('李建国：您交办的“防汛物资检查”已办结');
    expect(markdownOf(card)).toContain('按期办结');
    expect(card.header?.template).toBe('green');
  });

  it('choose-item offers a button per item and "none of these"', () => {
    const items = Array.from({ length: 12 }, (_, i) => ({
      id: i + 1,
      number: `督〔2026〕${i + 1}号`,
      title: `事项${i + 1}`,
      deadline: '2026-07-01',
    }));
    const card = expectValid(buildChooseItemCard({ heldId: 9, messageText: '已完成', items }));
    const buttons = buttonsOf(card);
    expect(buttons).toHaveLength(11);
    expect(buttons[0]?.value).toEqual({ a: 'reply_to', r: 9, i: 1 });
    expect(buttons.at(-1)?.value).toEqual({ a: 'reply_drop', r: 9 });
    expect(markdownOf(card)).toContain('您有多个在办事项，请选择这条消息对应的事项');
    const resolved = expectValid(
      buildChooseItemCard({ heldId: 9, messageText: 'x', items, resolved: '已记为进展' }),
    );
    expect(buttonsOf(resolved)).toEqual([]);
  });

  it('confirm-result asks before 报结', () => {
    const card = expectValid(
      buildConfirmResultCard({
        heldId: 9,
        item: { id: 17, number: null, title: '防汛' },
        messageText: '已全部完成',
      }),
    );
    expect(markdownOf(card)).toContain('这条消息像是办结反馈，是否作为报结提交？');
    expect(buttonsOf(card).map((b) => b.value)).toEqual([
      { a: 'reply_result', r: 9 },
      { a: 'reply_progress', r: 9 },
    ]);
  });

  it('help and ack', () => {
    const help = expectValid(buildHelpCard());
    for (const word of ['我的事项', '逾期', '事项 编号', '统计', '专报', '帮助', '回复督查通知单']) {
      expect(markdownOf(help)).toContain(word);
    }
    const unitHelp = buildHelpCard({ roles: ['liaison'] });
    expect(markdownOf(unitHelp)).not.toContain('交办事项');
    expect(markdownOf(unitHelp)).not.toContain('专报');
    const ack = expectValid(buildAckCard({ text: '收到', senderName: '张三' }));
    expect(markdownOf(ack)).toContain('已收到您的消息');
  });
});

describe('worst cases and callbacks', () => {
  const worst = makeItem({
    title: chars('题', 100),
    text: chars('<', 5000),
    latestProgress: NASTY.repeat(50),
    coUnits: UNITS.slice(1),
    deadlineBasis: chars('据', 200),
    pendingExtension: { date: '2026-08-01', reason: chars('*', 1000), by: '李四' },
    pendingCoordination: { text: chars('_', 1000), by: '王五', unitName: '县财政局' },
  });
  const cards: Array<[string, Card]> = [
    ['notice', buildNoticeCard({ item: worst })],
    ['notice in progress', buildNoticeCard({ item: { ...worst, state: 'in_progress' } })],
    [
      'review',
      buildReviewCard({
        item: { ...worst, state: 'submitted' },
        submission: { ...submission, text: chars('#', 5000) },
      }),
    ],
    [
      'result',
      buildResultCard({
        item: { ...worst, state: 'completed' },
        result: { ...submission, text: chars('&', 5000) },
        completedAt: '2026-06-29 09:00',
        approvedBy: '周敏',
        comment: chars('评', 1000),
      }),
    ],
    [
      'detail',
      buildDetailCard({ item: worst, timeline: makeTimeline(500, 1000), viewerActions: ['urge', 'cancel'] }),
    ],
    ['ack', buildAckCard({ text: chars('>', 10000) })],
    [
      'confirm',
      buildConfirmResultCard({
        heldId: 1,
        item: { id: 1, number: null, title: chars('题', 100) },
        messageText: chars('[', 9000),
      }),
    ],
  ];
  it.each(cards)('%s passes the schema and stays under 30 KB', (_name, card) => {
    expectValid(card);
  });

  it('toasts carry the card back', () => {
    const card = buildHelpCard();
    expect(toastWithCard('success', '已签收', card)).toEqual({
      toast: { type: 'success', content: '已签收' },
      card: { type: 'raw', data: card },
    });
    expect(failureToast({ code: 'FORBIDDEN', message: '只有牵头单位可以签收事项' })).toEqual({
      toast: { type: 'error', content: '只有牵头单位可以签收事项' },
    });
  });
});
