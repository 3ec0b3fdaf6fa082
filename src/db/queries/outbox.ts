import { sql } from 'kysely';
import type { Send } from '../../jobs/catalog.ts';
import type { Db } from '../client.ts';
import type { NewOutbox, OutboxRow } from '../database.ts';

/**
 * Inserts messages; a row whose id exists already (the same message produced twice) is skipped. A card
 * update makes older pending updates of the same card superseded, so an old state never lands last.
 */
export async function insertOutbox(db: Db, rows: NewOutbox[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const patched = [...new Set(rows.flatMap((r) => (r.patch_of ? [r.patch_of] : [])))];
  if (patched.length > 0) {
    await db
      .updateTable('outbox')
      .set({ status: 'superseded' })
      .where('patch_of', 'in', patched)
      .where('status', '=', 'pending')
      .execute();
  }
  const inserted = await db
    .insertInto('outbox')
    .values(rows)
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .execute();
  return inserted.map((r) => r.id);
}

/** insertOutbox, answering with the rows it inserted as sends to queue (jobs/catalog.ts sendJob). */
export async function insertToSend(db: Db, rows: NewOutbox[]): Promise<Send[]> {
  const inserted = new Set(await insertOutbox(db, rows));
  return rows.flatMap((r) => (inserted.has(r.id) ? [{ id: r.id, patchOf: r.patch_of ?? null }] : []));
}

/** A claim on an outbox row: the row to send, why not now (and in how long to look again), or done. */
export type OutboxClaim =
  | { kind: 'claimed'; row: OutboxRow }
  | { kind: 'busy'; retryInMs: number }
  | { kind: 'done' };

const interval = (ms: number) => sql<Date>`now() + make_interval(secs => ${ms / 1000})`;
/**
 * Milliseconds until a pending or sending row may be claimed (its not_before, or the end of its
 * sender's lease), never negative, by the database's clock so process clocks never matter.
 */
const claimableIn = sql<number>`greatest(0, ceil(extract(epoch from (coalesce(
  CASE WHEN status = 'sending' THEN lease_until ELSE not_before END, now()) - now())) * 1000))::int`;

/**
 * Claims a message for sending, with a lease of `leaseMs` that the sender renews while it sends. A
 * row whose lease has run out (its sender died) is claimable again; the resend carries the same
 * uuid, so Feishu drops it if the first one went out. `attempts` numbers the claims and fences the
 * writes of a sender whose lease was taken over.
 */
export async function claimOutbox(db: Db, id: string, leaseMs: number): Promise<OutboxClaim> {
  const row = await db
    .updateTable('outbox')
    .set({
      status: 'sending',
      claimed_at: sql`now()`,
      lease_until: interval(leaseMs),
      attempts: sql`attempts + 1`,
    })
    .where('id', '=', id)
    .where('not_before', '<=', sql<Date>`now()`)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'pending'),
        eb.and([
          eb('status', '=', 'sending'),
          eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', sql<Date>`now()`)]),
        ]),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
  if (row) return { kind: 'claimed', row };
  const current = await db
    .selectFrom('outbox')
    .select(['status', claimableIn.as('wait_ms')])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!current || (current.status !== 'pending' && current.status !== 'sending')) return { kind: 'done' };
  return { kind: 'busy', retryInMs: current.wait_ms ?? 0 };
}

/** Extends the lease of the claim numbered `attempt`; false once another sender has taken the row. */
export async function renewOutboxLease(
  db: Db,
  id: string,
  attempt: number,
  leaseMs: number,
): Promise<boolean> {
  const res = await db
    .updateTable('outbox')
    .set({ lease_until: interval(leaseMs) })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('attempts', '=', attempt)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Delivery is a fact whoever reports it: any sender whose call succeeded may mark the row sent. */
export async function markOutboxSent(db: Db, id: string, messageId: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'sent', sent_at: sql`now()`, message_id: messageId, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

/**
 * Back to pending (rate limit, server error): the queue's retry or the sweep sends it later. Only
 * by the holder of claim `attempt`: a sender that lost its lease must not undo the new one's claim.
 */
export async function releaseOutbox(
  db: Db,
  id: string,
  attempt: number,
  error: string,
  notBefore?: Date,
): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      status: 'pending',
      lease_until: null,
      last_error: error.slice(0, 2000),
      ...(notBefore ? { not_before: notBefore } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('attempts', '=', attempt)
    .execute();
}

/** Parks the row as failed; false when claim `attempt` no longer holds it. */
export async function failOutbox(db: Db, id: string, attempt: number, error: string): Promise<boolean> {
  const res = await db
    .updateTable('outbox')
    .set({ status: 'failed', lease_until: null, last_error: error.slice(0, 2000) })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('attempts', '=', attempt)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

export type DueOutbox = Send & { delayMs: number };

/**
 * Messages that should be in the queue, with how long until each may be claimed: pending ones due
 * within `horizonMs`, and 'sending' ones whose lease ends within it (their sender may be dead).
 */
export async function dueOutbox(db: Db, horizonMs: number, limit: number): Promise<DueOutbox[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['id', 'patch_of', claimableIn.as('delay_ms')])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('not_before', '<=', interval(horizonMs))]),
        eb.and([
          eb('status', '=', 'sending'),
          eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', interval(horizonMs))]),
        ]),
      ]),
    )
    .orderBy('not_before')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, patchOf: r.patch_of, delayMs: r.delay_ms ?? 0 }));
}

export async function findOutboxByMessageId(
  db: Db,
  tenantKey: string,
  messageId: string,
): Promise<OutboxRow | undefined> {
  return (
    db
      .selectFrom('outbox')
      .selectAll()
      .where('tenant_key', '=', tenantKey)
      .where('message_id', '=', messageId)
      // Updates of a card record the card's message id too, and so do its 加急 (msg_type urgent_*):
      // the message itself is the row without patch_of that is not a 加急.
      .where('patch_of', 'is', null)
      .where('msg_type', 'not like', 'urgent\\_%')

      .executeTakeFirst()
  );
}

/** The Feishu receiver of an unsent message (for per-receiver limits); undefined once it is sent or failed. */
export async function findOutboxReceiver(db: Db, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select(['receive_id'])
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'sending'])
    .executeTakeFirst();
  return row?.receive_id;
}

export async function findOutboxById(db: Db, id: string): Promise<OutboxRow | undefined> {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Cards of an item that later changes should update in place (delivered or on their way), by purpose prefix. */
export async function itemCardMessages(
  db: Db,
  tenantKey: string,
  itemId: number,
  prefixes: readonly string[],
): Promise<OutboxRow[]> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('tenant_key', '=', tenantKey)
    .where('item_id', '=', itemId)
    .where((eb) => eb.or(prefixes.map((p) => eb('purpose', 'like', `${p}%`))))
    .where('patch_of', 'is', null)
    .where('replaced_by', 'is', null)
    .where('status', 'in', ['pending', 'sending', 'sent'])
    .orderBy('created_at')
    .execute();
}

/** A held update of a clicked card whose callback answer carried the same card: delivered by the answer. */
export async function markHeldPatchAnswered(db: Db, id: string, messageId: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'sent', sent_at: sql`now()`, message_id: messageId })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** A held update of a clicked card whose callback was answered before the work ended: send it now. */
export async function releaseHeldPatch(db: Db, id: string): Promise<boolean> {
  const res = await db
    .updateTable('outbox')
    .set({ not_before: sql`now()` })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/**
 * Whether a card update may go out now. Updates of one card are inserted under the item's row lock,
 * so a higher seq is newer content: an update with a newer one after it is 'superseded' (the newer
 * one carries the state), and one with an older update of the same card still being sent 'waits', so
 * the older cannot land last.
 */
export async function patchTurn(
  db: Db,
  row: Pick<OutboxRow, 'id' | 'patch_of' | 'seq'>,
): Promise<'go' | 'superseded' | 'wait'> {
  if (!row.patch_of) return 'go';
  const others = await db
    .selectFrom('outbox')
    .select(['seq', 'status'])
    .where('patch_of', '=', row.patch_of)
    .where('id', '!=', row.id)
    .where('status', 'in', ['pending', 'sending', 'sent'])
    .execute();
  if (others.some((o) => o.seq > row.seq)) return 'superseded';
  return others.some((o) => o.seq < row.seq && o.status === 'sending') ? 'wait' : 'go';
}

export async function supersedeOutbox(db: Db, id: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'superseded', lease_until: null })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

/** Dropped, not failed: `reason` says why (e.g. a card update of a card past Feishu's window). */
export async function skipOutbox(db: Db, id: string, attempt: number, reason: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'superseded', lease_until: null, last_error: reason })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('attempts', '=', attempt)
    .execute();
}

/** The old card message is no longer live: `newId` (its re-send) is updated from now on. */
export async function markCardReplaced(db: Db, id: string, newId: string): Promise<void> {
  await db.updateTable('outbox').set({ replaced_by: newId }).where('id', '=', id).execute();
}
