/** 建议提案 (issue #13): one suggestion from 交办 through 申请调整, 会办, 沟通, 答复, 不满意重办 to 满意. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertProposalDraft } from '../../src/db/queries/proposal-batches.ts';
import { beijingInstant } from '../../src/domain/calendar/index.ts';
import type { SheetRow } from '../../src/domain/proposal-sheet.ts';
import { remindProposals } from '../../src/services/proposals/reminders.ts';
import { SAMPLE } from '../support/directory.ts';
import { seedItems } from '../support/followup-seed.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { sendFile } from '../support/intake.ts';
import { click, eventsOf, itemRow, say, sent, text, to, unitId } from '../support/lifecycle.ts';

let h: Harness;
let housing: number;
let land: number;
let finance: number;

beforeAll(async () => {
  // Monday 2026-09-28, 10:00 in Beijing: the 国庆 holiday (10-01..07) falls inside the limits.
  h = await createHarness({ clock: new Date('2026-09-28T02:00:00Z') });
  h.startEngine({ sweepIntervalMs: 500 });
  housing = await unitId(h.deps.db, '县住房和城乡建设局');
  land = await unitId(h.deps.db, '县自然资源局');
  finance = await unitId(h.deps.db, '县财政局');
});
afterAll(async () => h.close());

const proposal = (id: number) =>
  h.deps.db.selectFrom('proposals').selectAll().where('item_id', '=', id).executeTakeFirstOrThrow();

const v = async (id: number) => (await itemRow(h.deps.db, id)).version;

async function act(who: string, a: string, id: number, formValue?: Record<string, unknown>) {
  return click(h, who, { a, i: id, v: await v(id) }, formValue ? { formValue } : {});
}

async function expectRefused(
  who: string,
  a: string,
  id: number,
  needle: string,
  form?: Record<string, unknown>,
) {
  const before = await itemRow(h.deps.db, id);
  const events = await eventsOf(h.deps.db, id);
  const answer = await act(who, a, id, form);
  expect(['error', 'warning']).toContain(answer.toast?.type);
  expect(answer.toast?.content).toContain(needle);
  const after = await itemRow(h.deps.db, id);
  expect(after.version).toBe(before.version);
  expect(after.state).toBe(before.state);
  expect(await eventsOf(h.deps.db, id)).toEqual(events);
}

let sheetRow = 1;
/** A draft made the way an imported sheet's row becomes one (proposal-batches.ts, the production path). */
const draft = (row: Omit<SheetRow, 'row'>): Promise<number> =>
  h.deps.db.transaction().execute((trx) =>
    insertProposalDraft(
      trx,
      {
        tenantKey: SAMPLE.tenantKey,
        year: 2026,
        batch: 'proposals-test',
        actor: SAMPLE.office.zhou,
        messageId: null,
      },
      { ...row, row: ++sheetRow },
    ),
  );

describe('a 建议提案 through its whole flow', () => {
  it('adjustment, 会办意见, contact before reply, B with 答复函, 不满意 → 重办, 满意', async () => {
    const id = await draft({
      category: 'npc_suggestion',
      seq: 12,
      title: '关于加快老旧小区加装电梯的建议',
      text: '建议简化审批流程，加大财政补助。',
      proposers: '王敏、李强',
      delegation: '城关镇代表团',
      topic: '城乡建设',
      keyItem: false,
      leadUnitId: land,
      coUnitIds: [finance],
      deadline: null,
    });
    // 交办 with the tenant's limits: reply in 3 months, 会办意见 in 1 month.
    const issued = await act(SAMPLE.office.zhou, 'issue', id, {
      title: '关于加快老旧小区加装电梯的建议',
      lead: String(land),
      co: [String(finance)],
      kind: 'npc_cppcc',
      source: 'npc_cppcc',
      priority: 'normal',
    });
    expect(issued.toast?.type).toBe('success');
    expect(JSON.stringify(issued.card)).toContain('2026年第12号建议');
    expect((await itemRow(h.deps.db, id)).deadline).toBe('2026-12-28');
    expect(await proposal(id)).toMatchObject({ stage: 'assigned', opinions_due_on: '2026-10-28' });
    const landNotice = await sent(h, (m) => to(SAMPLE.land.head)(m) && text(m).includes('督查通知单'));
    expect(text(landNotice)).toContain('第12号建议');
    expect(text(landNotice)).toContain('申请调整');

    // A co-unit may not 签收; nothing changes.
    await expectRefused(SAMPLE.finance.head, 'accept', id, '牵头单位');

    // 申请调整, refused by the office: back to the unit.
    await act(SAMPLE.land.head, 'decline', id, { text: '加装电梯审批属住建部门职责' });
    expect(await proposal(id)).toMatchObject({
      stage: 'adjusting',
      adjust_reason: '加装电梯审批属住建部门职责',
    });
    await expectRefused(SAMPLE.land.head, 'keep_lead', id, '督查室', { text: '请继续办理' });
    const kept = await act(SAMPLE.office.zhou, 'keep_lead', id, { text: '用地部分请先办理' });
    expect(kept.toast?.type).toBe('success');
    expect((await itemRow(h.deps.db, id)).state).toBe('issued');
    await sent(h, (m) => to(SAMPLE.land.head)(m) && text(m).includes('调整申请未同意'));
    // Asked again, and this time the office moves it to 住建局 (approve = reassign).
    await act(SAMPLE.land.head, 'decline', id, { text: '主体职责在住建局' });
    const moved = await act(SAMPLE.office.zhou, 'reassign', id, { unit: String(housing) });
    expect(moved.toast?.type).toBe('success');
    expect(await itemRow(h.deps.db, id)).toMatchObject({ state: 'issued', lead_unit_id: housing });
    expect((await proposal(id)).stage).toBe('assigned');

    const notice = await sent(h, (m) => to(SAMPLE.housing.head)(m) && text(m).includes('督查通知单'));
    await act(SAMPLE.housing.head, 'accept', id);

    // 会办意见 from 财政局 reaches the 主办 unit, and its card shows it.
    await expectRefused(SAMPLE.housing.head, 'send_opinion', id, '会办单位', { opinion: 'x' });
    // Pressed twice at once from the same card: one opinion, one note to the 主办 unit.
    const card = { a: 'send_opinion', i: id, v: await v(id) };
    const form = { formValue: { opinion: '财政补助按每台10万元测算' } };
    const both = await Promise.all([
      click(h, SAMPLE.finance.head, card, form),
      click(h, SAMPLE.finance.head, card, form),
    ]);
    expect(both.filter((a) => a.toast?.type === 'success')).toHaveLength(1);
    await sent(h, (m) => to(SAMPLE.housing.head)(m) && text(m).includes('【会办意见】县财政局'));
    // The notice is redrawn by the refresh job, behind new messages: give it a loaded machine's time.
    await h.fake.waitFor(
      () => JSON.stringify(h.fake.latestContent(notice.message_id)).includes('每台10万元'),
      15_000,
    );

    // No reply before the deputies were contacted, nor without the 答复函.
    const replyForm = { answer: 'B', reply_summary: '已列入2027年计划', followup: '2027-03-31 +0800' };
    await expectRefused(SAMPLE.housing.head, 'reply', id, '沟通', replyForm);
    await expectRefused(SAMPLE.finance.head, 'record_contact', id, '主办单位', {
      contact_date: '2026-09-29 +0800',
      contact_method: 'visit',
    });
    const contact = await act(SAMPLE.housing.head, 'record_contact', id, {
      contact_date: '2026-09-29 +0800',
      contact_method: 'visit',
      contact_note: '登门听取王敏代表意见',
    });
    expect(contact.toast?.type).toBe('success');
    await expectRefused(SAMPLE.housing.head, 'reply', id, '答复函', replyForm);

    // The 答复函 comes as a reply to the card; B needs its follow-up date.
    const letter = {
      name: '答复函.docx',
      bytes: Buffer.from('答复函正文'),
      mime: 'application/octet-stream',
    };
    await sendFile(h, SAMPLE.housing.head, letter, { parentId: notice.message_id });
    await h.fake.waitFor(async () =>
      Boolean(
        await h.deps.db
          .selectFrom('item_reports as r')
          .innerJoin('message_files as f', 'f.message_id', 'r.message_id')
          .select('f.file_id')
          .where('r.item_id', '=', id)
          .where('f.file_id', 'is not', null)
          .executeTakeFirst(),
      ),
    );
    await expectRefused(SAMPLE.housing.head, 'reply', id, '跟踪落实日期', {
      answer: 'B',
      reply_summary: '已列入计划',
    });
    const replied = await act(SAMPLE.housing.head, 'reply', id, replyForm);
    expect(replied.toast?.type).toBe('success');
    expect((await itemRow(h.deps.db, id)).state).toBe('submitted');
    expect(await proposal(id)).toMatchObject({
      stage: 'checking',
      answer_category: 'B',
      followup_on: '2027-03-31',
    });
    expect((await proposal(id)).reply_file_id).not.toBeNull();
    const review = await sent(h, (m) => to(SAMPLE.groups.supervision)(m) && text(m).includes('答复审核'));
    expect(text(review)).toContain('答复函.docx');

    // The office checks it: 已答复, and the 满意度 card comes.
    await act(SAMPLE.office.zhou, 'approve', id);
    expect(await proposal(id)).toMatchObject({ stage: 'replied' });
    await sent(h, (m) => to(SAMPLE.groups.supervision)(m) && text(m).includes('记录满意度'));

    // 不满意 needs a 重办 date; only the office records it.
    await expectRefused(SAMPLE.housing.head, 'rate', id, '督查室', { satisfaction: 'satisfied' });
    await expectRefused(SAMPLE.office.zhou, 'rate', id, '重办时限', { satisfaction: 'unsatisfied' });
    const redo = await act(SAMPLE.office.zhou, 'rate', id, {
      satisfaction: 'unsatisfied',
      date: '2026-11-30 +0800',
      text: '补助标准不明确',
    });
    expect(redo.toast?.type).toBe('success');
    expect(await itemRow(h.deps.db, id)).toMatchObject({ state: 'in_progress', deadline: '2026-11-30' });
    expect(await proposal(id)).toMatchObject({
      stage: 'handling',
      redo_count: 1,
      satisfaction: 'unsatisfied',
    });
    await sent(h, (m) => to(SAMPLE.housing.head)(m) && text(m).includes('【重办】'));

    // Reply again; checked; 满意 closes it.
    await act(SAMPLE.housing.head, 'reply', id, { answer: 'A', reply_summary: '补助标准已明确为每台10万元' });
    // Returned once by the office and answered again: the office's review card counts the return.
    const returned = await act(SAMPLE.office.zhou, 'return', id, { text: '请写明资金来源' });
    expect(returned.toast?.type).toBe('success');
    await act(SAMPLE.housing.head, 'reply', id, { answer: 'A', reply_summary: '每台10万元，由县财政安排' });
    await sent(
      h,
      (m) =>
        to(SAMPLE.groups.supervision)(m) &&
        text(m).includes('每台10万元，由县财政安排') &&
        text(m).includes('此前已退回重办 1 次'),
    );
    await act(SAMPLE.office.zhou, 'approve', id);
    const rated = await act(SAMPLE.office.zhou, 'rate', id, { satisfaction: 'satisfied' });
    expect(rated.toast?.type).toBe('success');
    expect(await itemRow(h.deps.db, id)).toMatchObject({ state: 'completed' });
    expect(await proposal(id)).toMatchObject({
      stage: 'closed',
      satisfaction: 'satisfied',
      answer_category: 'A',
    });
    await expectRefused(SAMPLE.office.zhou, 'rate', id, '已记录满意度', { satisfaction: 'basically' });

    // Every card it sent passed Feishu's checks (none went out as the fallback card).
    const problems = await h.deps.db
      .selectFrom('outbox')
      .select(['purpose', 'card_problem'])
      .where('item_id', '=', id)
      .where('card_problem', 'is not', null)
      .execute();
    expect(problems).toEqual([]);

    // Every step is in the audit trail, with who did it.
    expect(await eventsOf(h.deps.db, id)).toEqual([
      'create',
      'issue',
      'decline',
      'keep_lead',
      'decline',
      'reassign',
      'accept',
      'send_opinion',
      'record_contact',
      'report',
      'reply',
      'approve',
      'rate',
      'reply',
      'return',
      'reply',
      'approve',
      'rate',
    ]);
  });

  it("建议提案 lists this year's items for the asker: the office all with counts by stage, a unit its own", async () => {
    const asked = await say(h, SAMPLE.office.zhou, '建议提案');
    const all = await sent(h, (m) => m.reply_to === asked);
    expect(text(all)).toContain('2026年建议提案');
    expect(text(all)).toContain('第12号建议');
    expect(text(all)).toContain('已办结 1');
    const coAsked = await say(h, SAMPLE.finance.head, '建议提案');
    const co = await sent(h, (m) => m.reply_to === coAsked);
    expect(text(co)).toContain('第12号建议');
    // 自然资源局 was the 主办 before the adjustment: the item is no longer theirs to see.
    const landAsked = await say(h, SAMPLE.land.head, '建议提案');
    const none = await sent(h, (m) => m.reply_to === landAsked);
    expect(text(none)).not.toContain('第12号建议');
  });

  it('会办 opinions are reminded before and after their deadline, and a B answer on its follow-up day, once each', async () => {
    const id = await draft({
      category: 'cppcc_proposal',
      seq: 3,
      title: '关于规范物业管理的提案',
      text: '建议建立物业服务评价制度。',
      proposers: '陈静',
      delegation: '经济界',
      topic: '城乡建设',
      keyItem: true,
      leadUnitId: housing,
      coUnitIds: [finance, land],
      deadline: null,
    });
    await act(SAMPLE.office.zhou, 'issue', id, {
      title: '关于规范物业管理的提案',
      lead: String(housing),
      co: [String(finance), String(land)],
      kind: 'npc_cppcc',
      source: 'npc_cppcc',
      priority: 'important',
    });
    expect((await proposal(id)).opinions_due_on).toBe('2026-10-28');
    await act(SAMPLE.finance.head, 'send_opinion', id, { opinion: '无意见' });
    const at = (date: string, clock: string) => ({ ...h.deps, now: () => beijingInstant(date, clock) });
    const said = (who: string, needle: string) =>
      h.fake
        .messages()
        .filter((m) => to(who)(m) && text(m).includes(needle) && text(m).includes('第3号提案'));

    // 3 working days before the due day: only the co-unit without an opinion, once.
    expect(await remindProposals(at('2026-10-22', '10:00'))).toBe(0);
    expect(await remindProposals(at('2026-10-26', '10:00'))).toBeGreaterThan(0);
    expect(await remindProposals(at('2026-10-26', '11:00'))).toBe(0);
    await sent(
      h,
      (m) => to(SAMPLE.land.head)(m) && text(m).includes('【会办提醒】') && text(m).includes('第3号提案'),
    );
    expect(said(SAMPLE.finance.head, '会办提醒')).toHaveLength(0);
    // After it: the co-unit and the office hear it is overdue.
    await remindProposals(at('2026-10-29', '10:00'));
    await sent(h, (m) => to(SAMPLE.land.head)(m) && text(m).includes('【会办逾期】'));
    await sent(h, (m) => to(SAMPLE.groups.supervision)(m) && text(m).includes('县自然资源局尚未就第3号提案'));

    // A B answer: reminded on its follow-up day, after the send time, once.
    await act(SAMPLE.housing.head, 'accept', id);
    await act(SAMPLE.housing.head, 'record_contact', id, {
      contact_date: '2026-09-28 +0800',
      contact_method: 'phone',
    });
    const notice = await sent(
      h,
      (m) => to(SAMPLE.housing.head)(m) && text(m).includes('督查通知单') && text(m).includes('第3号提案'),
    );
    const letter = {
      name: '物业答复函.docx',
      bytes: Buffer.from('物业答复函'),
      mime: 'application/octet-stream',
    };
    await sendFile(h, SAMPLE.housing.head, letter, { parentId: notice.message_id });
    await expect
      .poll(
        async () =>
          (
            await act(SAMPLE.housing.head, 'reply', id, {
              answer: 'B',
              followup: '2026-11-16 +0800',
              reply_summary: '评价制度列入明年计划',
            })
          ).toast?.type,
        { timeout: 10_000 },
      )
      .toBe('success');
    await act(SAMPLE.office.zhou, 'approve', id);
    expect(await remindProposals(at('2026-11-16', '08:00'))).toBe(0);
    expect(await remindProposals(at('2026-11-16', '10:00'))).toBeGreaterThan(0);
    expect(await remindProposals(at('2026-11-17', '10:00'))).toBe(0);
    await sent(h, (m) => to(SAMPLE.housing.head)(m) && text(m).includes('【B类答复跟踪】'));
    expect((await proposal(id)).followup_told_at).not.toBeNull();
    expect(await eventsOf(h.deps.db, id)).toContain('proposal_followup');
    // The rating and co-unit cards of this one passed Feishu's checks too.
    const problems = await h.deps.db
      .selectFrom('outbox')
      .select('purpose')
      .where('card_problem', 'is not', null)
      .execute();
    expect(problems).toEqual([]);
  });

  it('a backlog of 会办 owed on later dates does not hold up the reminder due today', async () => {
    // More co-units owing an opinion, due in March, than one sweep reads; the item due today comes last.
    const backlog = 501;
    const ids = await seedItems(
      h.deps.db,
      Array.from({ length: backlog + 1 }, (_, i) => ({
        leadUnitId: housing,
        deadline: '2027-06-30',
        issuedAt: beijingInstant('2026-11-02', '10:00'),
        title: i === backlog ? '关于增设公交站点的提案' : `积压提案${i}`,
      })),
      9000,
    );
    await h.deps.db
      .insertInto('proposals')
      .values(
        ids.map((itemId, i) => ({
          item_id: itemId,
          tenant_key: SAMPLE.tenantKey,
          year: 2026,
          category: 'cppcc_proposal' as const,
          seq: 9000 + i,
          stage: 'handling' as const,
          opinions_due_on: i === backlog ? '2026-12-01' : '2027-03-01',
        })),
      )
      .execute();
    await h.deps.db
      .insertInto('item_co_units')
      .values(ids.map((itemId) => ({ tenant_key: SAMPLE.tenantKey, item_id: itemId, unit_id: land })))
      .execute();
    const at = (clock: string) => ({ ...h.deps, now: () => beijingInstant('2026-12-01', clock) });

    expect(await remindProposals(at('10:00'))).toBeGreaterThan(0);
    await sent(
      h,
      (m) =>
        to(SAMPLE.land.head)(m) &&
        text(m).includes('【会办提醒·今日到期】') &&
        text(m).includes('关于增设公交站点的提案'),
    );
    // Reminded once: a later sweep that day finds nothing to send.
    expect(await remindProposals(at('11:00'))).toBe(0);
  });

  it('申请调整 after its working days is refused and changes nothing', async () => {
    const id = await draft({
      category: 'npc_suggestion',
      seq: 14,
      title: '关于增设公交站点的建议',
      text: '建议在城东新区增设公交站点。',
      proposers: '刘洋',
      delegation: '城东代表团',
      topic: '交通',
      keyItem: false,
      leadUnitId: land,
      coUnitIds: [],
      deadline: '2026-11-20',
    });
    const tooLate = await act(SAMPLE.office.zhou, 'issue', id, {
      title: '关于增设公交站点的建议',
      lead: String(land),
      kind: 'npc_cppcc',
      source: 'npc_cppcc',
      priority: 'normal',
      deadline: '2027-04-30 +0800',
    });
    expect(tooLate.toast?.content).toContain('不得晚于交办后6个月');
    expect((await itemRow(h.deps.db, id)).state).toBe('draft');
    await act(SAMPLE.office.zhou, 'issue', id, {
      title: '关于增设公交站点的建议',
      lead: String(land),
      kind: 'npc_cppcc',
      source: 'npc_cppcc',
      priority: 'normal',
      deadline: '2026-11-20 +0800',
    });
    // A priority item's own date wins over the 3 months.
    expect((await itemRow(h.deps.db, id)).deadline).toBe('2026-11-20');
    // Issued on 09-18: its 5 working days (the 调休 Sunday 09-20 among them) ended before today, 09-28.
    await h.deps.db.updateTable('items').set({ issued_on: '2026-09-18' }).where('id', '=', id).execute();
    await expectRefused(SAMPLE.land.head, 'decline', id, '申请调整的时限', { text: '不属于本单位职责' });
    expect((await proposal(id)).adjust_reason).toBeNull();
    // Moved by the office to another unit, that unit has its own working days from the move.
    await act(SAMPLE.office.zhou, 'reassign', id, { unit: String(housing) });
    const asked = await act(SAMPLE.housing.head, 'decline', id, { text: '站点规划属交通部门' });
    expect(asked.toast?.type).toBe('success');
    expect((await proposal(id)).stage).toBe('adjusting');
  });
});
