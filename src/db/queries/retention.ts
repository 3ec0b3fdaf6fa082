import type { RawBuilder } from 'kysely';
import { sql } from 'kysely';
import { CLOSED_STATES } from '../../domain/item.ts';
import type { Db } from '../client.ts';

/** Which tenants a pass covers: one by key, or every tenant not in the `tenants` table. */
export type TenantScope = { tenantKey: string } | { unknownTenants: true };

/** A table the retention job may delete from; nothing else is ever purged. */
export type PurgeTable = 'lark_events' | 'outbox' | 'followup_digest_entries' | 'held_replies';
export const PURGE_TABLES: readonly PurgeTable[] = [
  'lark_events',
  'outbox',
  'followup_digest_entries',
  'held_replies',
];

/**
 * What may go, per table, for the row aliased `a`. Events: handled (or given up on) and received before
 * the cutoff. Messages: delivered, superseded or failed, made and sent before the cutoff, and not about
 * an item that is still open (its cards are still updated in place and clicked). Digest entries: sent
 * or dropped. Held replies: resolved (the text lives on in the item's reports when it was one).
 */
function expired(table: PurgeTable, a: string, scope: TenantScope, before: Date): RawBuilder<unknown> {
  const col = (name: string) => sql.ref(`${a}.${name}`);
  const tenant =
    'tenantKey' in scope
      ? sql`${col('tenant_key')} = ${scope.tenantKey}`
      : sql`${col('tenant_key')} NOT IN (SELECT tenant_key FROM tenants)`;
  switch (table) {
    case 'lark_events':
      return sql`${tenant} AND ${col('status')} <> 'pending' AND ${col('received_at')} < ${before}`;
    case 'outbox':
      return sql`${tenant} AND ${col('status')} IN ('sent', 'superseded', 'failed')
        AND ${col('created_at')} < ${before} AND coalesce(${col('sent_at')}, ${col('created_at')}) < ${before}
        AND (${col('item_id')} IS NULL OR EXISTS (
          SELECT 1 FROM items i WHERE i.tenant_key = ${col('tenant_key')} AND i.id = ${col('item_id')}
            AND i.state IN (${sql.join([...CLOSED_STATES])})))`;
    case 'followup_digest_entries':
      return sql`${tenant} AND ${col('status')} <> 'pending' AND ${col('created_at')} < ${before}`;
    case 'held_replies':
      return sql`${tenant} AND ${col('resolved_at')} IS NOT NULL AND ${col('resolved_at')} < ${before}`;
  }
}

/**
 * Deletes up to `batch` expired rows of one table and returns how many went. An outbox row goes only
 * once no card update (`patch_of`) points at it any more: a batch takes the expired updates first and
 * their card in a later batch, and a card whose update is still kept stays with it.
 */
export async function purgeBatch(
  db: Db,
  table: PurgeTable,
  scope: TenantScope,
  before: Date,
  batch: number,
): Promise<number> {
  const referenced =
    table === 'outbox' ? sql`AND NOT EXISTS (SELECT 1 FROM outbox c WHERE c.patch_of = o.id)` : sql``;
  const result = await sql`
    DELETE FROM ${sql.table(table)} WHERE id IN (
      SELECT o.id FROM ${sql.table(table)} o
      WHERE ${expired(table, 'o', scope, before)} ${referenced}
      LIMIT ${batch})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
