import type { ItemListEntry } from '../../../cards/item-list.ts';
import type { Db } from '../../db/client.ts';
import type { ItemRow } from '../../db/database.ts';
import { onUnits } from '../../db/queries/items.ts';
import type { Person } from '../../db/queries/people.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import { overdueNow } from '../../domain/figures.ts';
import type { ItemState } from '../../domain/item.ts';
import { OPEN_STATES } from '../../domain/item.ts';
import { overdueWorkdays, warningColour } from '../../domain/warning.ts';

/**
 * The open items a person follows, by role: the office sees everything; a leader the items they
 * assigned and those of the units they are in charge of; a unit member their units' items (lead or co).
 */
export async function itemsInScope(db: Db, person: Person): Promise<ItemRow[]> {
  const all = person.roles.includes('office');
  const units = [...person.unitIds, ...person.leaderOfUnitIds];
  return db
    .selectFrom('items')
    .selectAll()
    .where('tenant_key', '=', person.tenantKey)
    .where('state', 'in', [...OPEN_STATES])
    .$if(!all, (qb) =>
      qb.where((eb) => eb.or([eb('assigning_leader', '=', person.openId), onUnits(person.tenantKey, units)])),
    )
    .orderBy('deadline', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

export async function listEntries(
  db: Db,
  tenant: TenantContext,
  rows: readonly ItemRow[],
  now: Date,
): Promise<ItemListEntry[]> {
  const today = beijingDate(now);
  const unitIds = [...new Set(rows.flatMap((r) => (r.lead_unit_id === null ? [] : [r.lead_unit_id])))];
  const units = unitIds.length
    ? await db
        .selectFrom('units')
        .select(['id', 'name'])
        .where('tenant_key', '=', tenant.tenantKey)
        .where('id', 'in', unitIds)
        .execute()
    : [];
  const name = new Map(units.map((u) => [u.id, u.name]));
  return rows.map((r) => {
    const last = r.last_report_at ?? r.accepted_at ?? r.issued_at;
    const overdue = isOverdue(r, today) ? overdueWorkdays(r.deadline, today, tenant.calendar) : 0;
    return {
      id: r.id,
      version: r.version,
      number: r.number,
      title: r.title,
      state: r.state as ItemState,
      leadUnitName: r.lead_unit_id === null ? null : (name.get(r.lead_unit_id) ?? null),
      deadline: r.deadline,
      colour: warningColour(
        {
          state: r.state as ItemState,
          deadline: r.deadline,
          lastActivityOn: last ? beijingDate(last) : null,
          submittedOn: r.submitted_at ? beijingDate(r.submitted_at) : null,
        },
        today,
        tenant.calendar,
        tenant.settings.warning,
      ),
      overdueWorkdays: overdue > 0 ? overdue : null,
    };
  });
}

/** Past the deadline, unless the unit submitted its result by then and waits for the office. */
export const isOverdue = (row: ItemRow, today: string): boolean =>
  overdueNow(
    {
      state: row.state as ItemState,
      leadUnitId: row.lead_unit_id,
      deadline: row.deadline,
      completedOn: null,
      submittedOn: row.submitted_at ? beijingDate(row.submitted_at) : null,
    },
    today,
  );
