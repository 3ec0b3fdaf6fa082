/**
 * Nothing fails silently (issue #12 point 2): a message Feishu will not deliver goes on along the
 * route, the office gets one card per problem (grouped, its count updated), a later delivery closes
 * it, and the office's daily count says what is still undelivered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOutbox } from '../../src/db/queries/outbox.ts';
import { beijingInstant } from '../../src/domain/calendar/index.ts';
import { jobIds } from '../../src/jobs/catalog.ts';
import type { SentMessage } from '../../src/lark/emulator/server.ts';
import { sendDigests } from '../../src/services/followup/digest.ts';
import { insertDigestEntries } from '../../src/services/followup/digest-store.ts';
import { textMessage } from '../../src/services/outbox-message.ts';
import { reachDb } from '../../src/services/reach/store.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Rig } from '../support/followup-seed.ts';
import {
  DAY_BEFORE_REMINDER_ONLY,
  followupRig,
  housingUnitId,
  seedItems,
  setFollowupSettings,
} from '../support/followup-seed.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { click, sent, text } from '../support/lifecycle.ts';

let h: Harness;
let rig: Rig;
const at = (date: string, clock = '09:00') => beijingInstant(date, clock);

beforeAll(async () => {
  h = await createHarness();
  rig = followupRig(h);
  // Only the reminder one working day before the deadline, and no 加急 (urgent.test.ts covers it).
  await setFollowupSettings(h.deps.db, DAY_BEFORE_REMINDER_ONLY);
});
afterAll(async () => {
  await rig.close();
  await h.close();
});

/** The office's problem cards as delivered (their latest look: latest()). */
let cardRows = new Set<string>();
async function refreshCardRows(): Promise<void> {
  const rows = await h.deps.db
    .selectFrom('outbox')
    .select('id')
    .where('purpose', 'like', 'delivery_problem:%')
    .execute();
  cardRows = new Set(rows.map((r) => r.id));
}
const problemCards = (): SentMessage[] =>
  h.fake.messages().filter((m) => m.uuid !== undefined && cardRows.has(m.uuid));
/** Waits until a problem card's latest look contains `needle`; returns that card. */
async function cardSaying(needle: string): Promise<SentMessage> {
  await h.fake.waitFor(async () => {
    await refreshCardRows();
    return problemCards().some((m) => latest(m).includes(needle));
  }, 10_000);
  return problemCards().find((m) => latest(m).includes(needle)) as SentMessage;
}
const latest = (m: SentMessage): string => JSON.stringify(h.fake.latestContent(m.message_id));
const problems = () => reachDb(h.deps.db).selectFrom('delivery_problems').selectAll().orderBy('id').execute();

/** Writes a message straight to the outbox and queues it, as any service does after its commit. */
async function produce(to: { type: 'open_id' | 'chat_id'; id: string }, words: string, itemId?: number) {
  const row = textMessage(
    { tenantKey: SAMPLE.tenantKey, to, key: `t:${words}`, purpose: 'note', itemId: itemId ?? null },
    words,
  );
  const [id] = await insertOutbox(h.deps.db, [row]);
  if (!id) throw new Error('not inserted');
  await h.deps.jobs.enqueue('send-message', { outboxId: id }, { jobId: jobIds.sendMessage(id) });
  return id;
}

describe('a unit group the bot was removed from (230002)', () => {
  let groupRows: string[] = [];

  it('five reminders: each goes to the head and liaison privately; one problem card, count 5', async () => {
    h.fake.delivery.removeBot(SAMPLE.housing.chat);
    const unit = await housingUnitId(h.deps.db);
    rig.setClock(at('2026-10-21', '08:00'));
    const ids = await seedItems(
      h.deps.db,
      Array.from({ length: 5 }, (_, i) => ({
        leadUnitId: unit,
        deadline: '2026-10-22',
        issuedAt: at('2026-10-12', '10:00'),
        title: `老旧小区改造第${i + 1}批`,
      })),
    );
    for (const id of ids) expect((await rig.reschedule(id))?.step).toBe('remind-1@2026-10-21');
    rig.setClock(at('2026-10-21'));

    const copies = () =>
      h.deps.db.selectFrom('outbox').selectAll().where('fallback_of', 'is not', null).execute();
    await h.fake.waitFor(
      async () => (await copies()).filter((c) => c.status === 'sent').length === 10,
      15_000,
    );
    const groupSends = await h.deps.db
      .selectFrom('outbox')
      .selectAll()
      .where('receive_id', '=', SAMPLE.housing.chat)
      .execute();
    expect(groupSends).toHaveLength(5);
    for (const row of groupSends) {
      expect(row.status).toBe('failed');
      expect(row.last_error).toContain('230002');
    }
    groupRows = groupSends.map((r) => r.id);
    // Each failed reminder: one copy to the head and one to the liaison, linked to it.
    const made = await copies();
    for (const id of groupRows) {
      expect(
        made
          .filter((c) => c.fallback_of === id)
          .map((c) => c.receive_id)
          .sort(),
      ).toEqual([SAMPLE.housing.head, SAMPLE.housing.liaison].sort());
    }
    const toHead = h.fake.messages().filter((m) => m.receive_id === SAMPLE.housing.head);
    expect(toHead).toHaveLength(5);
    expect(text(toHead[0] ?? { content: null })).toContain('原发往县住房和城乡建设局工作群');
    expect(text(toHead[0] ?? { content: null })).toContain('机器人不在该群中');

    // One card for the five, its count brought to 5 in place.
    const card = latest(await cardSaying('5 次'));
    expect(problemCards()).toHaveLength(1);
    expect(card).toContain('消息未能送达');
    expect(card).toContain('县住房和城乡建设局工作群');
    expect(card).toContain('把“督查督办助手”机器人加入该群');
    expect(card).toContain('标记为已处理');
    const [problem] = await problems();
    expect(problem).toMatchObject({ status: 'open', failures: 5, code: '230002' });
  });

  it('the office’s digest carries the daily count when it takes one; else a daily card does', async () => {
    // The office takes a digest this morning (a reminder held for the supervision group).
    rig.setClock(at('2026-10-21', '09:10'));
    const [itemId] = await seedItems(
      h.deps.db,
      [{ leadUnitId: await housingUnitId(h.deps.db), deadline: '2026-10-30', issuedAt: at('2026-10-12') }],
      100,
    );
    await insertDigestEntries(h.deps.db, [
      {
        tenantKey: SAMPLE.tenantKey,
        itemId: itemId ?? 0,
        step: { name: 'remind-3', dueOn: '2026-10-21' },
        kind: 'remind',
        to: { type: 'chat_id', id: SAMPLE.groups.supervision },
        facts: { workdaysLeft: 7 },
        at: h.deps.now(),
      },
    ]);
    expect(await sendDigests(h.deps, SAMPLE.tenantKey, { gatherMs: 0 })).toMatchObject({
      kind: 'sent',
      cards: 1,
    });
    const digest = await sent(h, (m) => text(m).includes('每日督办提醒'));
    expect(digest.receive_id).toBe(SAMPLE.groups.supervision);
    expect(text(digest)).toContain('仍有 **5** 条消息未送达（涉及 1 个接收对象）');
    // So no separate card that day, after the morning's digests.
    rig.setClock(at('2026-10-21', '09:31'));
    await new Promise((r) => setTimeout(r, 1000));
    expect(h.fake.messages().filter((m) => text(m).includes('每日投递情况'))).toEqual([]);

    // The next working day, no digest: the 每日投递情况 card.
    rig.setClock(at('2026-10-22', '09:31'));
    const card = await sent(h, (m) => text(m).includes('每日投递情况'), 10_000);
    expect(card.receive_id).toBe(SAMPLE.groups.supervision);
    expect(text(card)).toContain('仍有 **5** 条消息未送达（涉及 1 个接收对象）');
    expect(text(card)).toContain('县住房和城乡建设局工作群：机器人不在该群中（5 次）');
  });

  it('a later delivery to the group closes the problem, and the card says so', async () => {
    h.fake.delivery.addBot(SAMPLE.housing.chat);
    await produce({ type: 'chat_id', id: SAMPLE.housing.chat }, '机器人已回到群中');
    const card = latest(await cardSaying('投递已恢复'));
    expect(problemCards()).toHaveLength(1);
    expect(card).toContain('已成功发送给该对象，此问题已自动关闭');
    expect(card).not.toContain('标记为已处理');
    expect((await problems())[0]?.status).toBe('resolved');
  });
});

describe('a person who cannot be reached', () => {
  it('a unit head outside the app’s availability (230013): the message goes to the unit group', async () => {
    h.fake.delivery.setUser(SAMPLE.finance.head, 'invisible');
    const id = await produce({ type: 'open_id', id: SAMPLE.finance.head }, '请于本周内报送财政资金使用情况');
    const financeChat = 'oc_f2129e75ae67020bcbade0bc250afd99';
    await h.fake.waitFor(() => h.fake.messages().some((m) => m.receive_id === financeChat), 10_000);
    const copy = h.fake.messages().find((m) => m.receive_id === financeChat);
    expect(text(copy ?? { content: null })).toContain('原发往冯军（县财政局负责人）');
    expect(text(copy ?? { content: null })).toContain('请于本周内报送财政资金使用情况');
    const row = await h.deps.db
      .selectFrom('outbox')
      .selectAll()
      .where('fallback_of', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.receive_id).toBe(financeChat);
    await cardSaying('不在应用的可用范围内');
  });

  it('a leader who resigned (230029): the office takes the message; handled from the card', async () => {
    h.fake.delivery.setUser(SAMPLE.leaders.liu, 'resigned');
    const id = await produce({ type: 'open_id', id: SAMPLE.leaders.liu }, '县教育局承办事项已逾期，请督促');
    await h.fake.waitFor(
      () =>
        h.fake
          .messages()
          .some(
            (m) => text(m).includes('县教育局承办事项已逾期') && m.receive_id === SAMPLE.groups.supervision,
          ),
      10_000,
    );
    const copy = await h.deps.db
      .selectFrom('outbox')
      .select(['receive_id', 'status'])
      .where('fallback_of', '=', id)
      .executeTakeFirstOrThrow();
    expect(copy.receive_id).toBe(SAMPLE.groups.supervision);
    const card = await cardSaying('该人员已离职');
    expect(latest(card)).toContain('刘芳（县领导）');
    expect(latest(card)).toContain('请更新名录');
    const problem = (await problems()).find((p) => p.code === '230029');
    const answer = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'problem_done', p: problem?.id },
      { messageId: card.message_id },
    );
    expect(answer.toast?.content).toBe('已标记为已处理');
    expect(JSON.stringify(answer.card)).toContain('周敏已于');
    const again = await click(
      h,
      SAMPLE.office.chen,
      { a: 'problem_done', p: problem?.id },
      { messageId: card.message_id },
    );
    expect(again.toast?.content).toBe('该问题已关闭，无需再处理');
    const unit = await click(h, SAMPLE.housing.head, { a: 'problem_done', p: problem?.id });
    expect(unit.toast?.type).toBe('error');
    expect((await problems()).find((p) => p.code === '230029')).toMatchObject({
      status: 'handled',
      handled_by: SAMPLE.office.zhou,
    });
  });
});
