/**
 * The places lent to a person by delegations running now (委托), as the lifecycle reads them: the
 * deputy may do there what the delegator may. A place counts only while the delegator still holds it
 * (head of that unit, member of the office): a directory change ends what it lent.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import { runningDelegations } from '../../db/queries/delegations.ts';
import type { Person } from '../../db/queries/people.ts';
import type { StandIn } from '../../domain/lifecycle/index.ts';

export async function withStandIns(db: Db, person: Person, now: Date): Promise<Person> {
  const running = await runningDelegations(db, person.tenantKey, now, { deputy: person.openId });
  if (running.length === 0) return person;
  const delegators = [...new Set(running.map((d) => d.delegator))];
  const [heads, office] = await Promise.all([
    db
      .selectFrom('unit_members')
      .select(['open_id', 'unit_id'])
      .where('tenant_key', '=', person.tenantKey)
      .where('role', '=', 'head')
      .where('open_id', 'in', delegators)
      .execute(),
    db
      .selectFrom('people')
      .select('open_id')
      .where('tenant_key', '=', person.tenantKey)
      .where('open_id', 'in', delegators)
      .where(sql<boolean>`roles @> array['office']::text[]`)
      .execute(),
  ]);
  const standIns: StandIn[] = running.flatMap((d): StandIn[] => {
    if (d.scope === 'office')
      return office.some((o) => o.open_id === d.delegator)
        ? [{ for: d.delegator, roles: ['office'], unitIds: [] }]
        : [];
    const holds = heads.some((h) => h.open_id === d.delegator && h.unit_id === d.unitId);
    return holds && d.unitId !== null
      ? [{ for: d.delegator, roles: ['unit_head'], unitIds: [d.unitId] }]
      : [];
  });
  return standIns.length > 0 ? { ...person, standIns } : person;
}

/**
 * The person as they act for `onBehalfOf`: the lent units first, so an effect that asks "which unit
 * acts" (a report, a coordination request) names the delegator's unit.
 */
export function actingFor(person: Person, onBehalfOf: string | null): Person {
  const lent = onBehalfOf ? person.standIns?.filter((s) => s.for === onBehalfOf) : undefined;
  if (!lent || lent.length === 0) return person;
  return {
    ...person,
    roles: [...new Set([...person.roles, ...lent.flatMap((s) => s.roles)])],
    unitIds: [...new Set([...lent.flatMap((s) => s.unitIds), ...person.unitIds])],
  };
}
