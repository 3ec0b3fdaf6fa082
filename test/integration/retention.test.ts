import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditExport } from '../../src/entry/cli-export.ts';
import { purgeExpired, retentionCutoff } from '../../src/services/purge-expired.ts';
import { SAMPLE } from '../support/directory.ts';
import { housingUnitId, seedItems } from '../support/followup-seed.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { parseScrape } from '../support/prometheus.ts';

let h: Harness;
const NOW = new Date();
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
const T = SAMPLE.tenantKey;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

async function event(tenantKey: string, status: 'done' | 'pending' | 'failed' | 'ignored', age: number) {
  const eventId = randomUUID();
  await h.deps.db
    .insertInto('lark_events')
    .values({
      tenant_key: tenantKey,
      event_id: eventId,
      event_type: 'im.message.receive_v1',
      payload: JSON.stringify({ header: { event_id: eventId } }),
      received_at: daysAgo(age),
    })
    .execute();
  await h.deps.db.updateTable('lark_events').set({ status }).where('event_id', '=', eventId).execute();
  return eventId;
}

type OutboxStatus = 'sent' | 'pending' | 'failed' | 'superseded';
async function message(age: number, status: OutboxStatus, itemId: number | null, patchOf?: string) {
  const id = randomUUID();
  await h.deps.db
    .insertInto('outbox')
    .values({
      id,
      tenant_key: T,
      receive_id_type: 'chat_id',
      receive_id: SAMPLE.housing.chat,
      msg_type: 'interactive',
      content: '{}',
      purpose: patchOf ? 'card-update' : 'notice',
      item_id: itemId,
      created_at: daysAgo(age),
      patch_of: patchOf ?? null,
    })
    .execute();
  await h.deps.db
    .updateTable('outbox')
    .set({ status, sent_at: status === 'sent' ? daysAgo(age) : null })
    .where('id', '=', id)
    .execute();
  return id;
}

const ids = async (table: 'lark_events' | 'outbox') =>
  table === 'lark_events'
    ? (await h.deps.db.selectFrom('lark_events').select('event_id').execute()).map((r) => r.event_id)
    : (await h.deps.db.selectFrom('outbox').select('id').execute()).map((r) => r.id);

describe('the retention pass', () => {
  it('never keeps less than six calendar months, whatever the setting', () => {
    const now = new Date('2026-08-31T12:00:00Z');
    expect(retentionCutoff(now, 180).toISOString()).toBe('2026-02-28T12:00:00.000Z');
    expect(retentionCutoff(now, 365).toISOString()).toBe('2025-08-31T12:00:00.000Z');
  });

  it('deletes exactly the expired events and messages, keeps open items’ cards, never item events', async () => {
    const db = h.deps.db;
    // This tenant keeps 250 days; rows of tenants not in the directory get the default (180).
    await db
      .updateTable('tenants')
      .set({ settings: JSON.stringify({ retention: { days: 250 } }) })
      .where('tenant_key', '=', T)
      .execute();
    const housing = await housingUnitId(db);
    const [closed = 0, open = 0] = await seedItems(db, [
      { leadUnitId: housing, deadline: '2025-06-30', issuedAt: daysAgo(400), state: 'completed' },
      { leadUnitId: housing, deadline: '2027-06-30', issuedAt: daysAgo(400), state: 'in_progress' },
    ]);
    for (const itemId of [closed, open])
      await db
        .insertInto('item_events')
        .values({
          tenant_key: T,
          item_id: itemId,
          actor: 'system',
          action: 'create',
          data: '{}',
          created_at: daysAgo(390),
        })
        .execute();
    const itemEventsBefore = await db.selectFrom('item_events').selectAll().orderBy('id').execute();

    const gone = {
      events: [
        await event(T, 'done', 300),
        await event(T, 'failed', 260),
        await event('t-unknown', 'done', 200),
      ],
      messages: [
        await message(300, 'sent', null),
        await message(300, 'failed', null),
        await message(300, 'superseded', closed),
      ],
    };
    const oldCard = await message(300, 'sent', closed);
    gone.messages.push(oldCard, await message(290, 'sent', closed, oldCard));
    const kept = {
      events: [
        await event(T, 'done', 200),
        await event(T, 'pending', 300),
        await event('t-unknown', 'done', 170),
      ],
      messages: [
        await message(300, 'pending', null),
        await message(10, 'sent', null),
        await message(300, 'sent', open),
      ],
    };
    // A card of a closed item still updated lately: the card stays with its recent update.
    const patchedCard = await message(300, 'sent', closed);
    kept.messages.push(patchedCard, await message(20, 'sent', closed, patchedCard));

    const counts = await purgeExpired(h.deps, NOW, 2);

    expect((await ids('lark_events')).sort()).toEqual([...kept.events].sort());
    expect((await ids('outbox')).sort()).toEqual([...kept.messages].sort());
    expect(counts).toMatchObject({ lark_events: 3, outbox: 5 });
    expect(await db.selectFrom('item_events').selectAll().orderBy('id').execute()).toEqual(itemEventsBefore);
    expect(
      await db.selectFrom('items').select('id').where('id', 'in', [closed, open]).execute(),
    ).toHaveLength(2);

    const scrape = parseScrape((await h.deps.metrics.scrape())?.text ?? '');
    expect(scrape.value('duban_retention_purged_rows_total', { table: 'lark_events' })).toBe(3);
    expect(scrape.value('duban_retention_purged_rows_total', { table: 'outbox' })).toBe(5);

    // A second pass finds nothing more.
    expect(await purgeExpired(h.deps, NOW)).toMatchObject({ lark_events: 0, outbox: 0 });
  });

  it('`duban audit export --kind events|messages` carries what the pass deletes', async () => {
    const oldEvent = await event(T, 'done', 400);
    const card = await message(400, 'sent', null);
    const run = async (kind: string) => {
      const chunks: string[] = [];
      const io = { out: () => {}, err: () => {}, write: (b: Buffer | string) => chunks.push(String(b)) };
      const to = daysAgo(300).toISOString().slice(0, 10);
      const code = await runAuditExport({ kind, format: 'jsonl', to }, h.deps.db, io);
      expect(code).toBe(0);
      return chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    };
    expect((await run('events')).map((r) => r.event_id)).toContain(oldEvent);
    const messages = await run('messages');
    expect(messages.map((r) => r.id)).toContain(card);
    expect(messages.find((r) => r.id === card)).toMatchObject({
      status: 'sent',
      receive_id: SAMPLE.housing.chat,
    });

    const refused: string[] = [];
    const io = { out: () => {}, err: (l: string) => refused.push(l), write: () => {} };
    expect(await runAuditExport({ kind: 'nope' }, h.deps.db, io)).toBe(2);
    expect(refused.join('')).toContain('--kind');
  });
});
