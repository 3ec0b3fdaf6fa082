import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCard } from '../../cards/schema.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { click, eventsOf, itemRow, mentions, say, sent, text, to, unitId } from '../support/lifecycle.ts';

let h: Harness;
let housing: number;
let land: number;

beforeAll(async () => {
  // Thursday 2026-11-26, 10:00 in Beijing.
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  h.startEngine({ sweepIntervalMs: 500 });
  housing = await unitId(h.deps.db, '县住房和城乡建设局');
  land = await unitId(h.deps.db, '县自然资源局');
});
afterAll(async () => h.close());

const issueForm = (lead: number, co: number[], extra: Record<string, unknown> = {}) => ({
  title: '老旧小区改造摸底',
  lead: String(lead),
  co: co.map(String),
  kind: co.length ? 'co_handled' : 'forwarded',
  deadline: '2026-12-15 +0800',
  source: 'leader_instruction',
  priority: 'important',
  ...extra,
});

/** A leader's instruction → the draft card in the supervision group → issued by the office. */
async function draftAndIssue(instruction: string, lead: number, co: number[]) {
  await say(h, SAMPLE.leaders.li, instruction);
  const draftCard = await sent(
    h,
    (m) => m.receive_id === SAMPLE.groups.supervision && text(m).includes(instruction.slice(0, 8)),
  );
  const item = await h.deps.db
    .selectFrom('items')
    .selectAll()
    .where('text', '=', instruction)
    .executeTakeFirstOrThrow();
  expect(item.state).toBe('draft');
  const answer = await click(
    h,
    SAMPLE.office.zhou,
    { a: 'issue', i: item.id, v: item.version },
    { formValue: issueForm(lead, co), messageId: draftCard.message_id },
  );
  return { item: await itemRow(h.deps.db, item.id), answer, draftCard };
}

describe('the full procedure', () => {
  it('instruction → draft → issue → accept → progress → extension → result → return → result → approval → leader informed', async () => {
    const { item, answer } = await draftAndIssue(
      '请县住建局牵头，会同县自然资源局，于12月15日前完成老旧小区改造摸底。',
      housing,
      [land],
    );
    expect(answer.toast).toEqual({
      type: 'success',
      content: expect.stringMatching(/^已交办：督〔2026〕\d+号$/),
    });
    expect(JSON.stringify(answer.card)).toContain('已交办');
    expect(item.state).toBe('issued');
    expect(item.number).toMatch(/^督〔2026〕\d+号$/);
    expect(item.deadline).not.toBeNull();

    // Notices: the lead unit's head, liaison and group; the co-unit's people and group; the leader told.
    const notice = await sent(h, (m) => to(SAMPLE.housing.head)(m) && mentions('督查通知单')(m));
    await sent(h, to(SAMPLE.housing.liaison));
    // In the unit's group the card @-mentions the head and liaison (issue #12); privately it need not.
    const inGroup = await sent(h, to(SAMPLE.housing.chat));
    expect(text(inGroup)).toContain(
      `<at id=${SAMPLE.housing.head}></at> <at id=${SAMPLE.housing.liaison}></at> 请及时查看办理。`,
    );
    expect(text(notice)).not.toContain('<at id=');
    await sent(h, to(SAMPLE.land.head));
    await sent(h, (m) => to(SAMPLE.leaders.li)(m) && mentions(item.number ?? '?')(m));

    // 签收 from the notice card: the clicked card answers with its new look, the other copies are patched.
    const accepted = await click(
      h,
      SAMPLE.housing.head,
      { a: 'accept', i: item.id, v: item.version },
      { messageId: notice.message_id },
    );
    expect(accepted.toast?.type).toBe('success');
    expect(JSON.stringify(accepted.card)).not.toContain('"签收"');
    expect((await itemRow(h.deps.db, item.id)).state).toBe('in_progress');
    await h.fake.waitFor(() => h.fake.patches().length >= 2);

    // Progress from the liaison; the co-unit's report reaches the lead unit.
    let cur = await itemRow(h.deps.db, item.id);
    await click(
      h,
      SAMPLE.housing.liaison,
      { a: 'report', i: item.id, v: cur.version },
      { formValue: { text: '已完成12个小区入户摸底' } },
    );
    await click(
      h,
      SAMPLE.land.head,
      { a: 'report', i: item.id, v: cur.version },
      { formValue: { text: '已提供规划用地资料' } },
    );
    await sent(h, (m) => to(SAMPLE.housing.head)(m) && mentions('协办反馈')(m));
    const reports = await h.deps.db
      .selectFrom('item_reports')
      .select(['text', 'kind'])
      .where('item_id', '=', item.id)
      .execute();
    expect(reports.map((r) => r.text)).toEqual(['已完成12个小区入户摸底', '已提供规划用地资料']);

    // Extension: requested by the unit, approved by the office → the deadline moves.
    cur = await itemRow(h.deps.db, item.id);
    const ext = await click(
      h,
      SAMPLE.housing.head,
      { a: 'request_extension', i: item.id, v: cur.version },
      { formValue: { date: '2026-12-31 +0800', text: '涉及跨部门数据核对' } },
    );
    expect(ext.toast?.type).toBe('success');
    const extCard = await sent(
      h,
      (m) => to(SAMPLE.groups.supervision)(m) && mentions('涉及跨部门数据核对')(m),
    );
    cur = await itemRow(h.deps.db, item.id);
    const planBefore = cur.next_action_at;
    const approvedExt = await click(
      h,
      SAMPLE.office.chen,
      { a: 'approve_extension', i: item.id, v: cur.version },
      { formValue: {}, messageId: extCard.message_id },
    );
    expect(approvedExt.toast?.content).toContain('2026-12-31');
    cur = await itemRow(h.deps.db, item.id);
    expect(cur.deadline).toBe('2026-12-31');
    expect(cur.pending_extension).toBeNull();
    // The follow-up plan moved with the deadline.
    expect(planBefore).not.toBeNull();
    expect(cur.next_action_at?.getTime()).toBeGreaterThan(planBefore?.getTime() ?? 0);

    // Result → returned with a reason → result again → approved (办结) → the result card to the leader.
    await click(
      h,
      SAMPLE.housing.head,
      { a: 'submit', i: item.id, v: cur.version },
      { formValue: { text: '摸底完成，形成台账' } },
    );
    const review = await sent(
      h,
      (m) => to(SAMPLE.groups.supervision)(m) && mentions('摸底完成，形成台账')(m),
    );
    cur = await itemRow(h.deps.db, item.id);
    expect(cur.state).toBe('submitted');
    const returned = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'return', i: item.id, v: cur.version },
      { formValue: { text: '缺少城关镇数据' }, messageId: review.message_id },
    );
    expect(returned.toast?.type).toBe('success');
    await sent(h, (m) => to(SAMPLE.housing.head)(m) && mentions('缺少城关镇数据')(m));
    cur = await itemRow(h.deps.db, item.id);
    expect(cur.state).toBe('in_progress');
    await click(
      h,
      SAMPLE.housing.head,
      { a: 'submit', i: item.id, v: cur.version },
      { formValue: { text: '已补充城关镇数据，摸底全部完成' } },
    );
    const review2 = await sent(h, (m) => to(SAMPLE.groups.supervision)(m) && mentions('已补充城关镇数据')(m));
    cur = await itemRow(h.deps.db, item.id);
    const approved = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'approve', i: item.id, v: cur.version },
      { formValue: {}, messageId: review2.message_id },
    );
    expect(approved.toast?.content).toContain('已办结');
    cur = await itemRow(h.deps.db, item.id);
    expect(cur.state).toBe('completed');
    expect(cur.completed_at).not.toBeNull();
    // Completion stops the follow-ups.
    expect([cur.next_action_at, cur.next_action_step]).toEqual([null, null]);
    await sent(
      h,
      (m) => to(SAMPLE.leaders.li)(m) && m.msg_type === 'interactive' && mentions('已补充城关镇数据')(m),
    );

    expect(await eventsOf(h.deps.db, item.id)).toEqual([
      'create',
      'issue',
      'accept',
      'report',
      'report',
      'request_extension',
      'extension_approved',
      'submit',
      'return',
      'submit',
      'approve',
    ]);
  });

  it('a decline is reassigned by the office to another unit, which gets the notice', async () => {
    const { item } = await draftAndIssue(
      '请县住建局负责协调解决城区土地储备问题，15个工作日内报送方案。',
      housing,
      [],
    );
    const declined = await click(
      h,
      SAMPLE.housing.head,
      { a: 'decline', i: item.id, v: item.version },
      { formValue: { text: '土地储备属自然资源局职责' } },
    );
    expect(declined.toast?.type).toBe('success');
    expect((await itemRow(h.deps.db, item.id)).state).toBe('reassigning');
    const card = await sent(
      h,
      (m) => to(SAMPLE.groups.supervision)(m) && mentions('土地储备属自然资源局职责')(m),
    );
    const cur = await itemRow(h.deps.db, item.id);
    const reassigned = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'reassign', i: item.id, v: cur.version },
      { formValue: { unit: String(land), text: '' }, messageId: card.message_id },
    );
    expect(reassigned.toast?.type).toBe('success');
    const after = await itemRow(h.deps.db, item.id);
    expect(after.state).toBe('issued');
    expect(after.lead_unit_id).toBe(land);
    await sent(h, (m) => to(SAMPLE.land.head)(m) && mentions('城区土地储备')(m));
    expect(await eventsOf(h.deps.db, item.id)).toEqual(['create', 'issue', 'decline', 'reassign']);
  });

  it('coordination goes to the leader in charge, whose answer reaches the unit', async () => {
    const { item } = await draftAndIssue('请县自然资源局牵头推进工业园区用地报批，年底前完成。', land, []);
    await click(h, SAMPLE.land.head, { a: 'accept', i: item.id, v: item.version });
    let cur = await itemRow(h.deps.db, item.id);
    await click(
      h,
      SAMPLE.land.head,
      { a: 'request_coordination', i: item.id, v: cur.version },
      { formValue: { text: '需省厅指标支持' } },
    );
    // 张志强 is the 分管领导 of 县自然资源局.
    const card = await sent(h, (m) => to(SAMPLE.leaders.zhang)(m) && mentions('需省厅指标支持')(m));
    cur = await itemRow(h.deps.db, item.id);
    const wrong = await click(
      h,
      SAMPLE.leaders.liu,
      { a: 'answer_coordination', i: item.id, v: cur.version },
      { formValue: { text: '我来协调' } },
    );
    expect(wrong.toast?.type).toBe('error');
    const answered = await click(
      h,
      SAMPLE.leaders.zhang,
      { a: 'answer_coordination', i: item.id, v: cur.version },
      { formValue: { text: '已与市局沟通，下周到位' }, messageId: card.message_id },
    );
    expect(answered.toast?.type).toBe('success');
    await sent(h, (m) => to(SAMPLE.land.head)(m) && mentions('已与市局沟通')(m));
    expect((await itemRow(h.deps.db, item.id)).pending_coordination).toBeNull();
  });

  it('the office cancels an item with a reason; the unit is told', async () => {
    const { item } = await draftAndIssue('请县住建局牵头开展城区违建排查，30日内完成。', housing, []);
    const noReason = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'cancel', i: item.id, v: item.version },
      { formValue: { text: '' } },
    );
    expect(noReason.toast?.type).toBe('error');
    expect((await itemRow(h.deps.db, item.id)).state).toBe('issued');
    const cancelled = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'cancel', i: item.id, v: item.version },
      { formValue: { text: '已并入专项行动' } },
    );
    expect(cancelled.toast?.type).toBe('success');
    const cancelledRow = await itemRow(h.deps.db, item.id);
    expect(cancelledRow.state).toBe('cancelled');
    expect(cancelledRow.next_action_at).toBeNull();
    await sent(h, (m) => to(SAMPLE.housing.head)(m) && mentions('已并入专项行动')(m));
  });

  it('催办 and 督办 by the office send the urge card to the lead unit and are recorded', async () => {
    const { item } = await draftAndIssue('请县住建局牵头整治城区积水点，12月10日前完成。', housing, []);
    expect(
      (await click(h, SAMPLE.housing.head, { a: 'urge', i: item.id, v: item.version })).toast?.type,
    ).toBe('error');
    const urged = await click(h, SAMPLE.office.zhou, { a: 'urge', i: item.id, v: item.version });
    expect(urged.toast?.content).toContain('已催办');
    await sent(
      h,
      (m) =>
        to(SAMPLE.housing.head)(m) &&
        m.msg_type === 'interactive' &&
        mentions('催办通知')(m) &&
        mentions(item.number ?? '?')(m),
    );
    const cur = await itemRow(h.deps.db, item.id);
    await click(
      h,
      SAMPLE.office.chen,
      { a: 'supervise', i: item.id, v: cur.version },
      { formValue: { text: '请主要负责同志亲自督办' } },
    );
    await sent(h, (m) => to(SAMPLE.housing.head)(m) && mentions('请主要负责同志亲自督办')(m));
    expect(await eventsOf(h.deps.db, item.id)).toEqual(['create', 'issue', 'urge', 'supervise']);
  });

  it('a chat reply to the notice card is recorded as progress on that item', async () => {
    const { item } = await draftAndIssue(
      '请县住建局牵头做好冬季燃气安全检查，12月20日前报送检查情况。',
      housing,
      [],
    );
    const notice = await sent(h, (m) => to(SAMPLE.housing.liaison)(m) && mentions('冬季燃气安全检查')(m));
    await say(h, SAMPLE.housing.liaison, '已检查燃气用户320户，发现隐患5处正在整改', {
      parentId: notice.message_id,
    });
    await expect
      .poll(async () =>
        (
          await h.deps.db.selectFrom('item_reports').select('text').where('item_id', '=', item.id).execute()
        ).map((r) => r.text),
      )
      .toEqual(['已检查燃气用户320户，发现隐患5处正在整改']);
    const cur = await itemRow(h.deps.db, item.id);
    expect(cur.latest_progress).toBe('已检查燃气用户320户，发现隐患5处正在整改');
    // A report on an issued item by the lead unit implies 签收.
    expect(cur.state).toBe('in_progress');
    expect(await eventsOf(h.deps.db, item.id)).toEqual(['create', 'issue', 'accept', 'report']);
  });

  it('every card the bot sent or updated passes the strict card schema and the 30 KB limit', async () => {
    const cards = [
      ...h.fake
        .messages()
        .filter((m) => m.msg_type === 'interactive')
        .map((m) => m.content),
      ...h.fake.patches().map((p) => p.content),
    ];
    expect(cards.length).toBeGreaterThan(20);
    for (const card of cards) {
      const checked = validateCard(card);
      expect(checked.ok ? 'ok' : checked.error.message).toBe('ok');
    }
  });
});
