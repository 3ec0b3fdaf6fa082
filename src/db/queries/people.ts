import { sql } from 'kysely';
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
  // One round trip: this runs for every message and click.
  const row = await db
    .selectFrom('people')
    .select(['tenant_key', 'open_id', 'name', 'title', 'roles'])
    .select(
      sql<number[]>`coalesce((select json_agg(m.unit_id order by m.unit_id) from unit_members m
        where m.tenant_key = people.tenant_key and m.open_id = people.open_id), '[]'::json)`.as('member_of'),
    )
    .select(
      sql<number[]>`coalesce((select json_agg(u.id order by u.id) from units u
        where u.tenant_key = people.tenant_key and u.leader_in_charge = people.open_id), '[]'::json)`.as(
        'leads',
      ),
    )
    .where('tenant_key', '=', tenantKey)
    .where('open_id', '=', openId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    tenantKey: row.tenant_key,
    openId: row.open_id,
    name: row.name,
    title: row.title,
    roles: row.roles as Role[],
    unitIds: row.member_of,
    leaderOfUnitIds: row.leads,
  };
}
