import type { RawBuilder } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { ItemRow } from '../database.ts';

export type ItemRecord = ItemRow & { coUnitIds: number[] };

/** The co-units ride along in the same statement: an item read is one round trip (each costs more than its rows). */
const coUnitIds = sql<number[]>`coalesce((
  select json_agg(c.unit_id order by c.unit_id) from item_co_units c
  where c.tenant_key = items.tenant_key and c.item_id = items.id), '[]'::json)`.as('coUnitIds');

/** An item with its co-units, of this tenant only. */
const itemRecords = (db: Db, tenantKey: string) =>
  db.selectFrom('items').selectAll('items').select(coUnitIds).where('tenant_key', '=', tenantKey);

export async function findItem(db: Db, tenantKey: string, id: number): Promise<ItemRecord | undefined> {
  return itemRecords(db, tenantKey).where('id', '=', id).executeTakeFirst();
}

export async function findItemByNumber(
  db: Db,
  tenantKey: string,
  number: string,
): Promise<ItemRecord | undefined> {
  return itemRecords(db, tenantKey).where('number', '=', number).executeTakeFirst();
}

/** Locks the item row for a transition; every change to an item goes through this inside a transaction. */
export async function lockItem(trx: Db, tenantKey: string, id: number): Promise<ItemRecord | undefined> {
  return itemRecords(trx, tenantKey).where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * The items any of `unitIds` is on, as lead or co-unit: a condition on `items` (or on the alias
 * `items` names). False for no units, so a person in no unit is on no item through it.
 */
export function onUnits(tenantKey: string, unitIds: readonly number[], items = 'items'): RawBuilder<boolean> {
  if (unitIds.length === 0) return sql<boolean>`false`;
  const ids = sql.join([...unitIds]);
  return sql<boolean>`(${sql.ref(`${items}.lead_unit_id`)} in (${ids}) or ${sql.ref(`${items}.id`)} in (
    select c.item_id from item_co_units c where c.tenant_key = ${tenantKey} and c.unit_id in (${ids})))`;
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
    .where(onUnits(tenantKey, unitIds))
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
