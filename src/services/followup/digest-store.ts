/** The digest entries: reminders held for a recipient's daily digest (减负). */
import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { StepRef } from '../../domain/followup/index.ts';
import type { Recipient } from '../outbox-message.ts';
import { type DigestFacts, followupDb } from './store.ts';

/** The outbox purpose of digest cards. */
export const DIGEST_PURPOSE = 'followup-digest';

export type NewDigestEntry = {
  tenantKey: string;
  itemId: number;
  step: StepRef;
  kind: string;
  to: Recipient;
  facts: DigestFacts;
  /** The engine's clock, so the sweep's "held too long" test and the entry agree on time. */
  at: Date;
};

export async function insertDigestEntries(db: Db, entries: readonly NewDigestEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await followupDb(db)
    .insertInto('followup_digest_entries')
    .values(
      entries.map((e) => ({
        tenant_key: e.tenantKey,
        item_id: e.itemId,
        step: e.step.name,
        due_on: e.step.dueOn,
        kind: e.kind,
        receive_id_type: e.to.type,
        receive_id: e.to.id,
        data: JSON.stringify(e.facts),
        created_at: e.at,
      })),
    )
    .onConflict((oc) => oc.columns(['tenant_key', 'item_id', 'step', 'due_on', 'receive_id']).doNothing())
    .execute();
}

export type DigestEntry = {
  id: number;
  itemId: number;
  kind: string;
  to: Recipient;
  facts: DigestFacts;
};

/**
 * Takes a tenant's pending digest entries. One digest run per tenant at a time (a transaction-level
 * advisory lock): two runs sharing out the entries would each send every recipient half a digest.
 */
export async function lockPendingDigestEntries(
  trx: Db,
  tenantKey: string,
  limit: number,
): Promise<DigestEntry[]> {
  await sql`select pg_advisory_xact_lock(hashtext(${`followup-digest:${tenantKey}`}))`.execute(trx);
  const rows = await followupDb(trx)
    .selectFrom('followup_digest_entries')
    .select(['id', 'item_id', 'kind', 'receive_id_type', 'receive_id', 'data'])
    .where('tenant_key', '=', tenantKey)
    .where('status', '=', 'pending')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .execute();
  return rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    kind: r.kind,
    to: { type: r.receive_id_type, id: r.receive_id },
    facts: r.data,
  }));
}

export async function settleDigestEntries(
  trx: Db,
  ids: readonly number[],
  outcome: { status: 'sent'; outboxId: string } | { status: 'dropped' },
): Promise<void> {
  if (ids.length === 0) return;
  await followupDb(trx)
    .updateTable('followup_digest_entries')
    .set(outcome.status === 'sent' ? { status: 'sent', outbox_id: outcome.outboxId } : { status: 'dropped' })
    .where('id', 'in', [...ids])
    .execute();
}

/** Whether any followed item of the tenant has a step due by `now` that has not fired yet. */
export async function dueStepsRemain(db: Db, tenantKey: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('items')
    .select('id')
    .where('tenant_key', '=', tenantKey)
    .where('next_action_at', '<=', now)
    .where('state', 'in', ['issued', 'in_progress'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function oldestPendingEntry(db: Db, tenantKey: string): Promise<Date | null> {
  const row = await followupDb(db)
    .selectFrom('followup_digest_entries')
    .select('created_at')
    .where('tenant_key', '=', tenantKey)
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  return row?.created_at ?? null;
}

/** Tenants with digest entries waiting since before `olderThan` (their digest job was lost or cut short). */
export async function tenantsWithPendingDigests(db: Db, olderThan: Date): Promise<string[]> {
  const rows = await followupDb(db)
    .selectFrom('followup_digest_entries')
    .select('tenant_key')
    .distinct()
    .where('status', '=', 'pending')
    .where('created_at', '<', olderThan)
    .execute();
  return rows.map((r) => r.tenant_key);
}
