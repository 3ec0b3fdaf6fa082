import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { LarkEventRow } from '../database.ts';

export type RecordedEvent = { id: number; inserted: boolean };

/** Stores an event once. A concurrent duplicate loses the unique-index race and sees inserted=false. */
export async function recordLarkEvent(
  db: Db,
  tenantKey: string,
  e: { eventId: string; eventType: string; payload: Record<string, unknown> },
  status: 'pending' | 'ignored' | 'done' = 'pending',
): Promise<RecordedEvent> {
  const row = await db
    .insertInto('lark_events')
    .values({
      tenant_key: tenantKey,
      event_id: e.eventId,
      event_type: e.eventType,
      payload: JSON.stringify(e.payload),
      status,
      ...(status === 'pending' ? {} : { processed_at: new Date() }),
    })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? { id: row.id, inserted: true } : { id: 0, inserted: false };
}

/** Locks a pending event for processing inside `trx`; undefined when done already or held by another worker. */
export async function lockPendingLarkEvent(trx: Db, id: number): Promise<LarkEventRow | undefined> {
  return trx
    .selectFrom('lark_events')
    .selectAll()
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export async function finishLarkEvent(db: Db, id: number, status: 'done' | 'ignored'): Promise<void> {
  await db
    .updateTable('lark_events')
    .set({ status, processed_at: new Date(), last_error: null })
    .where('id', '=', id)
    .execute();
}

/** Counts a failed attempt; after `maxAttempts` the event is parked as failed for an operator to look at. */
export async function recordLarkEventFailure(
  db: Db,
  id: number,
  error: string,
  maxAttempts: number,
): Promise<void> {
  await db
    .updateTable('lark_events')
    .set({
      attempts: sql`attempts + 1`,
      last_error: error.slice(0, 2000),
      status: sql`CASE WHEN attempts + 1 >= ${maxAttempts} THEN 'failed' ELSE status END`,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * Pending events with how long until each is the sweep's to queue: an event younger than `graceMs`
 * may still be on its way through the queue from the webhook that stored it.
 */
export async function pendingLarkEvents(
  db: Db,
  graceMs: number,
  limit: number,
): Promise<Array<{ id: number; delayMs: number }>> {
  const rows = await db
    .selectFrom('lark_events')
    .select([
      'id',
      sql<number>`greatest(0, ceil(extract(epoch from (received_at + make_interval(secs => ${graceMs / 1000}) - now())) * 1000))::int`.as(
        'delay_ms',
      ),
    ])
    .where('status', '=', 'pending')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, delayMs: r.delay_ms }));
}
