/**
 * base_records (migrations/20261129140000_create_base_records.sql): item → Base record, and which
 * items changed since they were last written. Typed here so database.ts stays untouched.
 */
import { type ColumnType, type Selectable, sql } from 'kysely';
import { OPEN_STATES } from '../../domain/item.ts';
import type { Db } from '../client.ts';

export interface BaseRecordsTable {
  tenant_key: string;
  item_id: number;
  app_token: string | null;
  table_id: string | null;
  record_id: string | null;
  synced_fields: string | null;
  dirty: ColumnType<boolean, boolean | undefined, boolean>;
  claimed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  create_sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  synced_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

const withBase = (db: Db) => db.withTables<{ base_records: BaseRecordsTable }>();

export type BaseTarget = { appToken: string; tableId: string };

export type BaseMapping = {
  itemId: number;
  /** Null when the item has no record in `target` (never written, or written to another table). */
  recordId: string | null;
  syncedFields: string | null;
  /** A create was sent without an answer: the record may exist already. */
  createSent: boolean;
};

type Row = Pick<
  Selectable<BaseRecordsTable>,
  'item_id' | 'app_token' | 'table_id' | 'record_id' | 'synced_fields' | 'create_sent_at'
>;

function toMapping(r: Row, target: BaseTarget): BaseMapping {
  const here = r.app_token === target.appToken && r.table_id === target.tableId;
  return {
    itemId: r.item_id,
    recordId: here ? r.record_id : null,
    syncedFields: here ? r.synced_fields : null,
    createSent: r.create_sent_at !== null,
  };
}

const MAPPING_COLUMNS = [
  'item_id',
  'app_token',
  'table_id',
  'record_id',
  'synced_fields',
  'create_sent_at',
] as const;

/**
 * Claims up to `limit` dirty items (or items a dead process left claimed) and clears their dirty
 * flag: a change committed while they are being written sets it again, so it is written next.
 */
export async function claimDirtyItems(
  db: Db,
  tenantKey: string,
  target: BaseTarget,
  limit: number,
  staleMs: number,
): Promise<BaseMapping[]> {
  const stale = sql<Date>`now() - make_interval(secs => ${staleMs / 1000})`;
  const rows = await withBase(db)
    .updateTable('base_records')
    .set({ dirty: false, claimed_at: sql`now()` })
    .where('tenant_key', '=', tenantKey)
    .where('item_id', 'in', (eb) =>
      eb
        .selectFrom('base_records')
        .select('item_id')
        .where('tenant_key', '=', tenantKey)
        .where((w) =>
          w.or([w.and([w('dirty', '=', true), w('claimed_at', 'is', null)]), w('claimed_at', '<', stale)]),
        )
        .orderBy('item_id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(MAPPING_COLUMNS)
    .execute();
  return rows.map((r) => toMapping(r, target)).sort((a, b) => a.itemId - b.itemId);
}

/** Every mapping of the tenant, for a full resync. */
export async function listMappings(
  db: Db,
  tenantKey: string,
  target: BaseTarget,
): Promise<Map<number, BaseMapping>> {
  const rows = await withBase(db)
    .selectFrom('base_records')
    .select(MAPPING_COLUMNS)
    .where('tenant_key', '=', tenantKey)
    .execute();
  return new Map(rows.map((r) => [r.item_id, toMapping(r, target)]));
}

/** Records what was written; the dirty flag is left alone (a change made meanwhile still counts). */
export async function saveSynced(
  db: Db,
  tenantKey: string,
  target: BaseTarget,
  synced: readonly { itemId: number; recordId: string; fields: string }[],
): Promise<void> {
  if (synced.length === 0) return;
  await withBase(db)
    .insertInto('base_records')
    .values(
      synced.map((s) => ({
        tenant_key: tenantKey,
        item_id: s.itemId,
        app_token: target.appToken,
        table_id: target.tableId,
        record_id: s.recordId,
        synced_fields: s.fields,
        dirty: false,
        synced_at: sql<Date>`now()`,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['tenant_key', 'item_id']).doUpdateSet((eb) => ({
        app_token: eb.ref('excluded.app_token'),
        table_id: eb.ref('excluded.table_id'),
        record_id: eb.ref('excluded.record_id'),
        synced_fields: eb.ref('excluded.synced_fields'),
        synced_at: eb.ref('excluded.synced_at'),
        claimed_at: null,
        create_sent_at: null,
      })),
    )
    .execute();
}

/** Gives items back unwritten (a failed call): dirty again, unclaimed. */
export async function releaseItems(db: Db, tenantKey: string, itemIds: readonly number[]): Promise<void> {
  if (itemIds.length === 0) return;
  await withBase(db)
    .updateTable('base_records')
    .set({ dirty: true, claimed_at: null })
    .where('tenant_key', '=', tenantKey)
    .where('item_id', 'in', [...itemIds])
    .execute();
}

/** Noted before a create call, so a lost answer is looked for rather than created twice. */
export async function markCreateSent(db: Db, tenantKey: string, itemIds: readonly number[]): Promise<void> {
  if (itemIds.length === 0) return;
  await withBase(db)
    .updateTable('base_records')
    .set({ create_sent_at: sql`now()` })
    .where('tenant_key', '=', tenantKey)
    .where('item_id', 'in', [...itemIds])
    .execute();
}

/** Forgets records that are gone from the table (deleted by hand): their items are written anew. */
export async function forgetRecords(db: Db, tenantKey: string, recordIds: readonly string[]): Promise<void> {
  if (recordIds.length === 0) return;
  await withBase(db)
    .updateTable('base_records')
    .set({ record_id: null, synced_fields: null, dirty: true })
    .where('tenant_key', '=', tenantKey)
    .where('record_id', 'in', [...recordIds])
    .execute();
}

/**
 * Marks the open items dirty, adding those never written: 是否超期 and 预警 change with the date,
 * not with an event, so the daily refresh rewrites what they show (unchanged ones cost nothing).
 */
export async function markOpenItemsDirty(db: Db, tenantKey: string): Promise<void> {
  await sql`
    insert into base_records (tenant_key, item_id, dirty)
    select tenant_key, id, true from items
     where tenant_key = ${tenantKey} and state in (${sql.join([...OPEN_STATES])})
    on conflict (tenant_key, item_id) do update set dirty = true`.execute(db);
}

/** Ends the claim of items that need no write (unchanged, or not in the ledger). */
export async function unclaimItems(db: Db, tenantKey: string, itemIds: readonly number[]): Promise<void> {
  if (itemIds.length === 0) return;
  await withBase(db)
    .updateTable('base_records')
    .set({ claimed_at: null })
    .where('tenant_key', '=', tenantKey)
    .where('item_id', 'in', [...itemIds])
    .execute();
}
