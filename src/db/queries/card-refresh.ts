/**
 * Refresh markers (migrations/20261129210000): "the cards of item X need redrawing since version V",
 * committed with the change that makes them stale. The type lives here, attached with `withTables`,
 * so this feature adds no lines to the shared database.ts.
 */
import type { ColumnType, Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { Database } from '../database.ts';

export interface CardRefreshesTable {
  tenant_key: string;
  item_id: number;
  version: number;
  requested_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

type RefreshTables = { card_refreshes: CardRefreshesTable };
const refreshDb = (db: Db): Kysely<Database & RefreshTables> => db.withTables<RefreshTables>();

export type RefreshMarker = { tenantKey: string; itemId: number; version: number };

/** Inside the change's transaction: one row per item, raised to the newest version asked for. */
export async function markCardRefresh(db: Db, m: RefreshMarker): Promise<void> {
  await refreshDb(db)
    .insertInto('card_refreshes')
    .values({ tenant_key: m.tenantKey, item_id: m.itemId, version: m.version })
    .onConflict((oc) =>
      oc.columns(['tenant_key', 'item_id']).doUpdateSet({
        version: sql<number>`greatest(card_refreshes.version, excluded.version)`,
        requested_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

export async function findCardRefresh(
  db: Db,
  tenantKey: string,
  itemId: number,
): Promise<RefreshMarker | undefined> {
  const row = await refreshDb(db)
    .selectFrom('card_refreshes')
    .select(['version'])
    .where('tenant_key', '=', tenantKey)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  return row ? { tenantKey, itemId, version: row.version } : undefined;
}

/** Done up to `version`; a marker a later change raised stays for the next pass. */
export async function clearCardRefresh(
  db: Db,
  tenantKey: string,
  itemId: number,
  version: number,
): Promise<void> {
  await refreshDb(db)
    .deleteFrom('card_refreshes')
    .where('tenant_key', '=', tenantKey)
    .where('item_id', '=', itemId)
    .where('version', '<=', version)
    .execute();
}

/** Markers older than `graceMs` (database clock): their job should have run; the sweep queues them again. */
export async function staleCardRefreshes(db: Db, graceMs: number, limit: number): Promise<RefreshMarker[]> {
  const rows = await refreshDb(db)
    .selectFrom('card_refreshes')
    .select(['tenant_key', 'item_id', 'version'])
    .where('requested_at', '<=', sql<Date>`now() - make_interval(secs => ${graceMs / 1000})`)
    .orderBy('requested_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ tenantKey: r.tenant_key, itemId: Number(r.item_id), version: r.version }));
}
