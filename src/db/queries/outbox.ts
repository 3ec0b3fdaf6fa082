import { sql } from 'kysely';
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

/**
 * Claims a message for sending. A row left in 'sending' by a process that died is claimable again
 * after `staleMs`; the resend carries the same uuid, so Feishu drops it if the first one went out.
 */
export async function claimOutbox(db: Db, id: string, staleMs: number): Promise<OutboxRow | undefined> {
  return db
    .updateTable('outbox')
    .set({ status: 'sending', claimed_at: sql`now()`, attempts: sql`attempts + 1` })
    .where('id', '=', id)
    .where('not_before', '<=', sql<Date>`now()`)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'pending'),
        eb.and([
          eb('status', '=', 'sending'),
          eb('claimed_at', '<', sql<Date>`now() - make_interval(secs => ${staleMs / 1000})`),
        ]),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
}

export async function markOutboxSent(db: Db, id: string, messageId: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'sent', sent_at: sql`now()`, message_id: messageId, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

/** Back to pending (rate limit, server error): the queue's retry or the sweep sends it later. */
export async function releaseOutbox(db: Db, id: string, error: string, notBefore?: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      status: 'pending',
      last_error: error.slice(0, 2000),
      ...(notBefore ? { not_before: notBefore } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

export async function failOutbox(db: Db, id: string, error: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'failed', last_error: error.slice(0, 2000) })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

export type DueOutbox = { id: string; notBefore: Date };

/** Messages that should be in the queue: pending ones due within `horizonMs`, and stale 'sending' ones. */
export async function dueOutbox(
  db: Db,
  horizonMs: number,
  staleMs: number,
  limit: number,
): Promise<DueOutbox[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['id', 'not_before'])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('status', '=', 'pending'),
          eb('not_before', '<=', sql<Date>`now() + make_interval(secs => ${horizonMs / 1000})`),
        ]),
        eb.and([
          eb('status', '=', 'sending'),
          eb('claimed_at', '<', sql<Date>`now() - make_interval(secs => ${staleMs / 1000})`),
        ]),
      ]),
    )
    .orderBy('not_before')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, notBefore: r.not_before }));
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
      // Updates of a card record the card's message id too; the message itself is the row without patch_of.
      .where('patch_of', 'is', null)
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
    .set({ status: 'superseded' })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}
