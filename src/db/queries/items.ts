import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { ItemRow } from '../database.ts';

export type ItemRecord = ItemRow & { coUnitIds: number[] };

async function withCoUnits(db: Db, row: ItemRow | undefined): Promise<ItemRecord | undefined> {
  if (!row) return undefined;
  const co = await db
    .selectFrom('item_co_units')
    .select('unit_id')
    .where('tenant_key', '=', row.tenant_key)
    .where('item_id', '=', row.id)
    .orderBy('unit_id')
    .execute();
  return { ...row, coUnitIds: co.map((c) => c.unit_id) };
}

export async function findItem(db: Db, tenantKey: string, id: number): Promise<ItemRecord | undefined> {
  const row = await db
    .selectFrom('items')
    .selectAll()
    .where('tenant_key', '=', tenantKey)
    .where('id', '=', id)
    .executeTakeFirst();
  return withCoUnits(db, row);
}

export async function findItemByNumber(
  db: Db,
  tenantKey: string,
  number: string,
): Promise<ItemRecord | undefined> {
  const row = await db
    .selectFrom('items')
    .selectAll()
    .where('tenant_key', '=', tenantKey)
    .where('number', '=', number)
    .executeTakeFirst();
  return withCoUnits(db, row);
}

/** Locks the item row for a transition; every change to an item goes through this inside a transaction. */
export async function lockItem(trx: Db, tenantKey: string, id: number): Promise<ItemRecord | undefined> {
  const row = await trx
    .selectFrom('items')
    .selectAll()
    .where('tenant_key', '=', tenantKey)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return withCoUnits(trx, row);
}

export async function setCoUnits(
  trx: Db,
  tenantKey: string,
  itemId: number,
  unitIds: readonly number[],
): Promise<void> {
  await trx
    .deleteFrom('item_co_units')
    .where('tenant_key', '=', tenantKey)
    .where('item_id', '=', itemId)
    .execute();
  if (unitIds.length > 0) {
    await trx
      .insertInto('item_co_units')
      .values(unitIds.map((unitId) => ({ tenant_key: tenantKey, item_id: itemId, unit_id: unitId })))
      .execute();
  }
}

export async function insertItemEvent(
  trx: Db,
  tenantKey: string,
  itemId: number,
  actor: string,
  action: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  await trx
    .insertInto('item_events')
    .values({ tenant_key: tenantKey, item_id: itemId, actor, action, data: JSON.stringify(data) })
    .execute();
}

/**
 * The next 督〔YYYY〕N号 sequence. The counter row is locked until the issuing transaction ends, so
 * concurrent issues get consecutive numbers, and a rolled-back issue gives its number back.
 */
export async function allocateItemNumber(trx: Db, tenantKey: string, year: number): Promise<number> {
  const row = await trx
    .insertInto('item_counters')
    .values({ tenant_key: tenantKey, year, last: 1 })
    .onConflict((oc) => oc.columns(['tenant_key', 'year']).doUpdateSet({ last: sql`item_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

export const formatItemNumber = (year: number, seq: number): string => `督〔${year}〕${seq}号`;

export type ItemEventRow = {
  at: Date;
  actor: string;
  actorName: string | null;
  action: string;
  data: Record<string, unknown>;
};

export async function itemTimeline(db: Db, tenantKey: string, itemId: number): Promise<ItemEventRow[]> {
  const rows = await db
    .selectFrom('item_events as e')
    .leftJoin('people as p', (j) =>
      j.onRef('p.tenant_key', '=', 'e.tenant_key').onRef('p.open_id', '=', 'e.actor'),
    )
    .select(['e.created_at', 'e.actor', 'p.name', 'e.action', 'e.data'])
    .where('e.tenant_key', '=', tenantKey)
    .where('e.item_id', '=', itemId)
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    at: r.created_at,
    actor: r.actor,
    actorName: r.name,
    action: r.action,
    data: r.data,
  }));
}

/** Open items where any of `unitIds` is the lead or a co-unit, newest first. */
export async function openItemsOfUnits(
  db: Db,
  tenantKey: string,
  unitIds: readonly number[],
): Promise<ItemRow[]> {
  if (unitIds.length === 0) return [];
  return db
    .selectFrom('items')
    .selectAll()
    .where('tenant_key', '=', tenantKey)
    .where('state', 'in', ['issued', 'in_progress', 'submitted'])
    .where((eb) =>
      eb.or([
        eb('lead_unit_id', 'in', unitIds),
        eb(
          'id',
          'in',
          eb
            .selectFrom('item_co_units')
            .select('item_id')
            .where('tenant_key', '=', tenantKey)
            .where('unit_id', 'in', unitIds),
        ),
      ]),
    )
    .orderBy('id', 'desc')
    .execute();
}

/** The unit's latest 报结 text with its author's name: what the office reviews and the leader is told. */
export async function latestResultReport(db: Db, tenantKey: string, itemId: number) {
  return db
    .selectFrom('item_reports as r')
    .leftJoin('people as p', (j) =>
      j.onRef('p.tenant_key', '=', 'r.tenant_key').onRef('p.open_id', '=', 'r.author'),
    )
    .select(['r.text', 'r.created_at', 'p.name'])
    .where('r.tenant_key', '=', tenantKey)
    .where('r.item_id', '=', itemId)
    .where('r.kind', '=', 'result')
    .orderBy('r.id', 'desc')
    .executeTakeFirst();
}
