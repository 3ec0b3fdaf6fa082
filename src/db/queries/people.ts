import type { Role } from '../../domain/item.ts';
import type { StandIn } from '../../domain/lifecycle/index.ts';
import type { Db } from '../client.ts';

export type Person = {
  tenantKey: string;
  openId: string;
  name: string;
  title: string | null;
  roles: Role[];
  unitIds: number[];
  /** Units whose 分管领导 this person is. */
  leaderOfUnitIds: number[];
  /** Places lent to them by delegations running now (委托); loaded by delegation/stand-ins.ts. */
  standIns?: StandIn[];
};

export async function findPerson(db: Db, tenantKey: string, openId: string): Promise<Person | undefined> {
  const row = await db
    .selectFrom('people')
    .select(['tenant_key', 'open_id', 'name', 'title', 'roles'])
    .where('tenant_key', '=', tenantKey)
    .where('open_id', '=', openId)
    .executeTakeFirst();
  if (!row) return undefined;
  const [members, led] = await Promise.all([
    db
      .selectFrom('unit_members')
      .select('unit_id')
      .where('tenant_key', '=', tenantKey)
      .where('open_id', '=', openId)
      .execute(),
    db
      .selectFrom('units')
      .select('id')
      .where('tenant_key', '=', tenantKey)
      .where('leader_in_charge', '=', openId)
      .execute(),
  ]);
  return {
    tenantKey: row.tenant_key,
    openId: row.open_id,
    name: row.name,
    title: row.title,
    roles: row.roles as Role[],
    unitIds: members.map((m) => m.unit_id),
    leaderOfUnitIds: led.map((u) => u.id),
  };
}
