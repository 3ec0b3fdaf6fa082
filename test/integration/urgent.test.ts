/**
 * The right person is alerted (issue #12 point 3): group cards @-mention the responsible people; the
 * overdue urge is 加急 for them on a working day in office hours, never automatically at night or on
 * a day off; the office's 加急 button works once per click at any hour; Feishu's 200 unread 加急 and
 * the tenant's own limit are kept, and what was not 加急 is reported to the office.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOutboxByMessageId } from '../../src/db/queries/outbox.ts';
import { beijingInstant } from '../../src/domain/calendar/index.ts';
import type { SentMessage } from '../../src/lark/emulator/server.ts';
import { reachDb } from '../../src/services/reach/store.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Rig } from '../support/followup-seed.ts';
import { followupRig, housingUnitId, seedItems, seedUnits } from '../support/followup-seed.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { messageReadEvent } from '../support/lark-requests.ts';
import { click, text } from '../support/lifecycle.ts';

let h: Harness;
let rig: Rig;
const at = (date: string, clock = '09:00') => beijingInstant(date, clock);
const { head, liaison, chat } = SAMPLE.housing;

async function setSettings(settings: Record<string, unknown>): Promise<void> {
  await h.deps.db
    .updateTable('tenants')
    .set({ settings: JSON.stringify(settings) })
    .where('tenant_key', '=', SAMPLE.tenantKey)
    .execute();
}
// Only the daily overdue urge: one card a working day to the unit's group.
const FOLLOWUP = {
  remindWorkdaysBefore: [],
  remindOnDueDay: false,
  acceptUrgeAfterWorkdays: 0,
  overdueDailyUrge: true,
  escalateAfterWorkdays: 0,
  overdueNoticeAfterWorkdays: 0,
  criticiseAfterWorkdays: 0,
};

beforeAll(async () => {
  h = await createHarness();
  rig = followupRig(h);
  await setSettings({ followup: FOLLOWUP });
});
afterAll(async () => {
  await rig.close();
  await h.close();
});

const urgentsOn = (messageId: string) => h.fake.urgents().filter((u) => u.message_id === messageId);
/** 加急 Feishu recorded on the bot's cards about the item titled `title` (other items' steps fire meanwhile). */
const urgentsAbout = (title: string) =>
  h.fake.urgents().flatMap((call) => {
    const message = h.fake.messages().find((m) => m.message_id === call.message_id);
    return message && text(message).includes(title) ? [{ call, message }] : [];
  });
const urgentRows = (openId: string) =>
  h.deps.db
    .selectFrom('outbox')
    .selectAll()
    .where('msg_type', 'like', 'urgent_%')
    .where('receive_id', '=', openId)
    .orderBy('seq')
    .execute();
/** No 加急 for the housing unit's head or liaison is still queued or being sent. */
const urgentsSettled = () =>
  expect
    .poll(
      async () =>
        (
          await h.deps.db
            .selectFrom('outbox')
            .select('id')
            .where('msg_type', 'like', 'urgent_%')
            .where('receive_id', 'in', [head, liaison])
            .where('status', 'in', ['pending', 'sending'])
            .execute()
        ).length,
      { timeout: 15_000 },
    )
    .toBe(0);
const markdownIn = (m: SentMessage): string[] =>
  ((m.content as { body: { elements: Array<{ tag: string; content?: string }> } }).body.elements ?? [])
    .filter((e) => e.tag === 'markdown')
    .map((e) => e.content ?? '');

let seeded = 0;
/** An overdue item of `unitId` whose daily urge falls due at 09:00 on `day` (deadline the working day before). */
async function overdueOn(unitId: number, deadline: string, day: string, title = '老旧小区改造摸底') {
  rig.setClock(at(day, '08:00'));
  seeded += 1;
  const [id = 0] = await seedItems(
    h.deps.db,
    [{ leadUnitId: unitId, deadline, issuedAt: at('2026-10-09', '10:00'), title }],
    seeded,
  );
  expect((await rig.reschedule(id))?.step).toBe(`overdue-urge@${day}`);
  return id;
}

describe('the overdue urge', () => {
  let itemId = 0;

  it('at 09:00 on a working day: the group card @-mentions head and liaison, and both get 加急', async () => {
    itemId = await overdueOn(await housingUnitId(h.deps.db), '2026-10-20', '2026-10-21');
    rig.setClock(at('2026-10-21'));
    await h.fake.waitFor(() => h.fake.urgents().length === 2, 10_000);
    const [card] = await rig.delivered(itemId);
    expect(card?.receive_id).toBe(chat);
    const lines = markdownIn(card as SentMessage);
    expect(lines[0]).toBe(`<at id=${head}></at> <at id=${liaison}></at> 请及时查看办理。`);
    const calls = urgentsOn(card?.message_id ?? '');
    expect(calls.map((c) => c.user_id_list).sort()).toEqual([[head], [liaison]].sort());
    expect(calls.every((c) => c.kind === 'app' && c.user_id_type === 'open_id')).toBe(true);
    // The card is still the message a click on it finds, not one of its 加急.
    const clicked = await findOutboxByMessageId(h.deps.db, SAMPLE.tenantKey, card?.message_id ?? '');
    expect(clicked?.purpose).toBe('followup-overdue-urge');
    // Each counts against its person's unread 加急.
    await expect
      .poll(async () =>
        (await reachDb(h.deps.db).selectFrom('urgents').select('open_id').execute())
          .map((u) => u.open_id)
          .sort(),
      )
      .toEqual([head, liaison].sort());
  });

  it('a card sent late, at 22:00, is not 加急', async () => {
    const [unit] = await seedUnits(h.deps.db, 1, { tag: 'nt', chats: true });
    if (!unit?.chatId) throw new Error('unit not seeded');
    // A name with <at id=all> in it stays text beside the real mention.
    await h.deps.db
      .updateTable('units')
      .set({ name: '<at id=all>测试局' })
      .where('id', '=', unit.id)
      .execute();
    const id = await overdueOn(unit.id, '2026-10-21', '2026-10-22', '夜间测试');
    const chatId = unit.chatId;
    // Feishu is down at 09:00; the card only gets through after office hours.
    h.fake.failNext(
      (r) =>
        r.path === '/open-apis/im/v1/messages' && (r.body as { receive_id?: string }).receive_id === chatId,
      { status: 500, body: { code: 1, msg: 'internal' } },
    );
    rig.setClock(at('2026-10-22'));
    await h.fake.waitFor(() => h.fake.requests.some((r) => r.status === 500), 10_000);
    rig.setClock(at('2026-10-22', '22:00'));
    await h.fake.waitFor(
      async () => (await urgentRows(unit.head)).some((r) => r.status === 'superseded'),
      15_000,
    );
    const [card] = await rig.delivered(id);
    expect(urgentsOn(card?.message_id ?? '')).toEqual([]);
    const [row] = await urgentRows(unit.head);
    expect(row?.last_error).toContain('outside office hours');
    const lines = markdownIn(card as SentMessage).join('\n');
    expect(lines).toContain(`<at id=${unit.head}></at>`);
    expect(lines).toContain('&#60;at id&#61;all&#62;测试局');
    expect(lines).not.toContain('<at id=all>');
  });

  it('nor on a day off: the day turned holiday while the card waited', async () => {
    const [unit] = await seedUnits(h.deps.db, 1, { tag: 'hd', chats: true });
    if (!unit?.chatId) throw new Error('unit not seeded');
    const chatId = unit.chatId;
    const id = await overdueOn(unit.id, '2026-10-22', '2026-10-23', '节假日测试');
    h.fake.failNext(
      (r) =>
        r.path === '/open-apis/im/v1/messages' && (r.body as { receive_id?: string }).receive_id === chatId,
      { status: 500, body: { code: 1, msg: 'internal' } },
    );
    rig.setClock(at('2026-10-23'));
    await h.fake.waitFor(() => h.fake.requests.filter((r) => r.status === 500).length === 2, 10_000);
    await h.deps.db
      .insertInto('calendar_overrides')
      .values({ tenant_key: SAMPLE.tenantKey, date: '2026-10-23', kind: 'holiday', note: '临时调休' })
      .execute();
    await h.fake.waitFor(
      async () => (await urgentRows(unit.head)).some((r) => r.status === 'superseded'),
      15_000,
    );
    const [card] = await rig.delivered(id);
    expect(urgentsOn(card?.message_id ?? '')).toEqual([]);
    await h.deps.db.deleteFrom('calendar_overrides').where('date', '=', '2026-10-23').execute();
  });
});

describe('督办', () => {
  it('in office hours, 加急 for head and liaison on their private 督办 cards, once each', async () => {
    const id = await overdueOn(await housingUnitId(h.deps.db), '2026-10-28', '2026-10-29', '督办测试');
    rig.setClock(at('2026-10-29', '10:30'));
    const item = await h.deps.db
      .selectFrom('items')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const answer = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'supervise', i: id, v: item.version },
      { formValue: { text: '请主要负责同志过问' } },
    );
    expect(answer.toast?.type).toBe('success');
    // The overdue step due that morning fires at 10:30 too, with 加急 on its group card: count the 督办's.
    const supervised = () =>
      urgentsAbout('督办测试').filter(({ message }) => text(message).includes('督办通知'));
    await h.fake.waitFor(() => supervised().length === 2, 10_000);
    const made = supervised();
    expect(made.map(({ message }) => message.receive_id).sort()).toEqual([head, liaison].sort());
    expect(made.map(({ call }) => call.user_id_list[0]).sort()).toEqual([head, liaison].sort());
    // The next test moves the clock to 08:00: an automatic 加急 still queued would then be dropped for
    // one of the two and not the other. Let the overdue step's 加急 go out at 10:30 first.
    await h.fake.waitFor(() => urgentsAbout('督办测试').length === 4, 10_000);
    await urgentsSettled();
  });
});

describe('the office’s 加急 button', () => {
  it('on the detail card for the office; at 22:00 it 加急s head and liaison, once per click', async () => {
    const id = await overdueOn(await housingUnitId(h.deps.db), '2026-10-26', '2026-10-27', '按钮测试');
    rig.setClock(at('2026-10-27', '22:00'));
    const detail = await click(h, SAMPLE.office.zhou, { a: 'detail', i: id, v: 0 });
    expect(detail.toast?.type).toBe('success');
    await h.fake.waitFor(() =>
      h.fake.messages().some((m) => m.receive_id === SAMPLE.office.zhou && text(m).includes('"a":"urgent"')),
    );
    const first = await click(h, SAMPLE.office.zhou, { a: 'urgent', i: id });
    expect(first.toast).toEqual({ type: 'success', content: '已加急：赵立新、钱文' });
    await h.fake.waitFor(() => urgentsAbout('按钮测试').length === 2, 10_000);
    const made = urgentsAbout('按钮测试');
    expect(made.every(({ message }) => text(message).includes('加急通知'))).toBe(true);
    expect(made.map(({ message }) => message.receive_id).sort()).toEqual([head, liaison].sort());
    expect(made.map(({ call }) => call.user_id_list[0]).sort()).toEqual([head, liaison].sort());

    const second = await click(h, SAMPLE.office.chen, { a: 'urgent', i: id });
    expect(second.toast?.type).toBe('warning');
    expect(second.toast?.content).toContain('10 分钟内不再重复加急');
    const unit = await click(h, head, { a: 'urgent', i: id });
    expect(unit.toast).toEqual({ type: 'error', content: '只有督查室可以加急' });
    await new Promise((r) => setTimeout(r, 500));
    expect(urgentsAbout('按钮测试')).toHaveLength(2);
    const events = await h.deps.db
      .selectFrom('item_events')
      .select('actor')
      .where('item_id', '=', id)
      .where('action', '=', 'urgent')
      .execute();
    expect(events).toEqual([{ actor: SAMPLE.office.zhou }]);
  });
});

describe('limits', () => {
  let n = 0;
  /** A new overdue item of the housing unit (the office's 加急 is once per item in 10 minutes). */
  const anotherItem = async () => {
    n += 1;
    return overdueOn(await housingUnitId(h.deps.db), '2026-11-02', '2026-11-03', `限额测试${n}`);
  };
  const unread = async (openId: string) =>
    (
      await reachDb(h.deps.db)
        .selectFrom('urgents')
        .select('message_id')
        .where('open_id', '=', openId)
        .where('read_at', 'is', null)
        .execute()
    ).map((u) => u.message_id);
  const problemSaying = (needle: string) =>
    h.fake.waitFor(
      () =>
        h.fake.messages().some((m) => m.receive_id === SAMPLE.groups.supervision && text(m).includes(needle)),
      10_000,
    );

  it('past the tenant’s unread limit: no 加急, the office is told; read receipts free it again', async () => {
    // The earlier tests' 加急 are recorded per person by the send jobs: wait until all are in.
    await urgentsSettled();
    const limit = (await unread(head)).length;
    expect(limit).toBeGreaterThan(0);
    expect((await unread(liaison)).length).toBe(limit);
    await setSettings({ followup: FOLLOWUP, urgent: { unreadLimit: limit } });
    const id = await anotherItem();
    const answer = await click(h, SAMPLE.office.zhou, { a: 'urgent', i: id });
    expect(answer.toast?.content).toBe(
      '已加急：赵立新、钱文；赵立新、钱文未读加急已达上限，仅发送通知，未加急',
    );
    await h.fake.waitFor(async () => {
      const rows = (await urgentRows(head)).filter((r) => r.item_id === id);
      return rows.length === 1 && rows[0]?.status === 'failed';
    }, 10_000);
    await problemSaying('未读加急已达本系统上限');
    expect(urgentsAbout(`限额测试${n}`)).toEqual([]);

    // 赵立新 reads his private messages: Feishu's read receipt frees his count; 钱文 has not read hers.
    // Feishu sends receipts for private messages only: his 加急 on group cards stay counted.
    const mine = new Set(
      h.fake
        .messages()
        .filter((m) => m.receive_id === head)
        .map((m) => m.message_id),
    );
    const read = (await unread(head)).filter((id) => mine.has(id));
    expect(read.length).toBeGreaterThan(0);
    const res = await h.post(
      messageReadEvent({ tenantKey: SAMPLE.tenantKey, readerOpenId: head, messageIds: read }),
    );
    expect(res.status).toBe(200);
    await h.fake.waitFor(async () => (await unread(head)).length === limit - read.length, 10_000);
    const again = await click(h, SAMPLE.office.zhou, { a: 'urgent', i: await anotherItem() });
    expect(again.toast?.content).toBe('已加急：赵立新、钱文；钱文未读加急已达上限，仅发送通知，未加急');
    await h.fake.waitFor(() => urgentsAbout(`限额测试${n}`).length === 1, 10_000);
    expect(urgentsAbout(`限额测试${n}`)[0]?.call.user_id_list).toEqual([head]);
    // That 加急 reached him: his problem is closed.
    const statusOf = async (openId: string) =>
      (
        await reachDb(h.deps.db)
          .selectFrom('delivery_problems')
          .select('status')
          .where('subject', '=', `urgent:${openId}`)
          .executeTakeFirstOrThrow()
      ).status;
    await expect.poll(() => statusOf(head)).toBe('resolved');
    expect(await statusOf(liaison)).toBe('open');
  });

  it('Feishu’s own 200 (230023) is reported, not retried', async () => {
    await setSettings({ followup: FOLLOWUP });
    h.fake.delivery.setUnreadUrgents(head, 200);
    h.fake.delivery.readUrgents(liaison);
    await reachDb(h.deps.db).updateTable('urgents').set({ read_at: new Date() }).execute();
    const id = await anotherItem();
    await click(h, SAMPLE.office.zhou, { a: 'urgent', i: id });
    await h.fake.waitFor(async () => {
      const rows = (await urgentRows(head)).filter((r) => r.item_id === id);
      return rows[0]?.status === 'failed';
    }, 10_000);
    const [row] = (await urgentRows(head)).filter((r) => r.item_id === id);
    expect(row?.last_error).toContain('230023');
    expect(row?.attempts).toBe(1);
    await problemSaying('未读加急已达飞书上限');
  });

  it('without the 加急 scope (230027) the office is told which permission to add', async () => {
    h.fake.delivery.readUrgents(head);
    h.fake.delivery.grantUrgent([]);
    await click(h, SAMPLE.office.zhou, { a: 'urgent', i: await anotherItem() });
    await problemSaying('应用没有加急权限');
    const card = h.fake
      .messages()
      .find((m) => m.receive_id === SAMPLE.groups.supervision && text(m).includes('应用没有加急权限'));
    expect(text(card as SentMessage)).toContain('im&#58;message.urgent');
    expect(text(card as SentMessage)).toContain('督查督办助手（整个应用）');
    h.fake.delivery.grantUrgent(['app', 'sms', 'phone']);
  });
});
