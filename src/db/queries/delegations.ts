/**
 * 委托 (migrations/20261129190100): who stands in for whom, where, until when. A delegation runs while
 * starts_at ≤ now < ends_at and it was not ended early; every reader passes the engine's `now`.
 */
import type { ColumnType, Generated, Insertable, Kysely } from 'kysely';
import type { Db } from '../client.ts';
import type { Database } from '../database.ts';

export interface DelegationsTable {
  id: Generated<number>;
  tenant_key: string;
  delegator: string;
  deputy: string;
  scope: 'unit' | 'office';
  unit_id: number | null;
  reason: Generated<string>;
  starts_at: Date;
  ends_on: string;
  ends_at: Date;
  ended_at: Date | null;
  ended_by: string | null;
  end_told_at: Date | null;
  created_by: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

type Tables = { delegations: DelegationsTable };
export const delegationDb = (db: Db): Kysely<Database & Tables> => db.withTables<Tables>();

export type Delegation = {
  id: number;
  delegator: string;
  deputy: string;
  scope: 'unit' | 'office';
  unitId: number | null;
  reason: string;
  endsOn: string;
  endsAt: Date;
};

const COLUMNS = ['id', 'delegator', 'deputy', 'scope', 'unit_id', 'reason', 'ends_on', 'ends_at'] as const;
const toDelegation = (r: {
  id: number;
  delegator: string;
  deputy: string;
  scope: 'unit' | 'office';
  unit_id: number | null;
  reason: string;
  ends_on: string;
  ends_at: Date;
}): Delegation => ({
  id: r.id,
  delegator: r.delegator,
  deputy: r.deputy,
  scope: r.scope,
  unitId: r.unit_id,
  reason: r.reason,
  endsOn: r.ends_on,
  endsAt: r.ends_at,
});

/** Delegations running at `now` where the person is the delegator or the deputy. */
export async function runningDelegations(
  db: Db,
  tenantKey: string,
  now: Date,
  who: { delegators?: readonly string[]; deputy?: string },
): Promise<Delegation[]> {
  if (who.delegators?.length === 0) return [];
  let q = delegationDb(db)
    .selectFrom('delegations')
    .select(COLUMNS)
    .where('tenant_key', '=', tenantKey)
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', now)]));
  if (who.delegators) q = q.where('delegator', 'in', [...who.delegators]);
  if (who.deputy) q = q.where('deputy', '=', who.deputy);
  return (await q.orderBy('id').execute()).map(toDelegation);
}

export async function insertDelegation(trx: Db, row: Insertable<DelegationsTable>): Promise<number> {
  const { id } = await delegationDb(trx)
    .insertInto('delegations')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Ends the delegator's running delegations now (取消委托, or a new one replacing them) and returns them.
 * Whoever ends it early tells the people concerned at once, so the sweep has nothing left to tell.
 */
export async function endDelegations(
  trx: Db,
  tenantKey: string,
  delegator: string,
  now: Date,
  by: string,
): Promise<Delegation[]> {
  const rows = await delegationDb(trx)
    .updateTable('delegations')
    .set({ ended_at: now, ended_by: by, end_told_at: now })
    .where('tenant_key', '=', tenantKey)
    .where('delegator', '=', delegator)
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .where('ended_at', 'is', null)
    .returning(COLUMNS)
    .execute();
  return rows.map(toDelegation);
}

/** Delegations over by `now` whose end nobody was told of yet, locked for the one pass that tells. */
export async function untoldEndings(
  trx: Db,
  now: Date,
  limit: number,
): Promise<Array<Delegation & { tenantKey: string; ended: 'early' | 'due' }>> {
  const rows = await delegationDb(trx)
    .selectFrom('delegations')
    .select([...COLUMNS, 'tenant_key', 'ended_at'])
    .where('end_told_at', 'is', null)
    .where((eb) => eb.or([eb('ends_at', '<=', now), eb('ended_at', '<=', now)]))
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((r) => ({
    ...toDelegation(r),
    tenantKey: r.tenant_key,
    ended: r.ended_at ? 'early' : 'due',
  }));
}

export async function markEndTold(trx: Db, ids: readonly number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await delegationDb(trx)
    .updateTable('delegations')
    .set({ end_told_at: now })
    .where('id', 'in', [...ids])
    .execute();
}
