import type { Db } from '../client.ts';

export type UnitInfo = {
  id: number;
  name: string;
  aliases: string[];
  leaderInCharge: string | null;
  chatId: string | null;
};

/**
 * The tenant's units. Removed units (left out of the last directory import) only with
 * `includeRemoved`: for names and figures of their items, never for reading or assigning new work.
 */
export async function listUnits(
  db: Db,
  tenantKey: string,
  opts: { includeRemoved?: boolean } = {},
): Promise<UnitInfo[]> {
  let q = db
    .selectFrom('units')
    .select(['id', 'name', 'aliases', 'leader_in_charge', 'chat_id'])
    .where('tenant_key', '=', tenantKey);
  if (!opts.includeRemoved) q = q.where('removed_at', 'is', null);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    aliases: r.aliases,
    leaderInCharge: r.leader_in_charge,
    chatId: r.chat_id,
  }));
}

/** Head first, then liaisons: who gets a unit's private notice. */
export async function unitMembers(db: Db, tenantKey: string, unitId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('unit_members')
    .select(['open_id', 'role'])
    .where('tenant_key', '=', tenantKey)
    .where('unit_id', '=', unitId)
    .orderBy('role')
    .orderBy('open_id')
    .execute();
  return rows.map((r) => r.open_id);
}

export async function personNames(
  db: Db,
  tenantKey: string,
  openIds: readonly string[],
): Promise<Map<string, string>> {
  if (openIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('people')
    .select(['open_id', 'name'])
    .where('tenant_key', '=', tenantKey)
    .where('open_id', 'in', [...new Set(openIds)])
    .execute();
  return new Map(rows.map((r) => [r.open_id, r.name]));
}
