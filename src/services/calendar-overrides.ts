import type { Db } from '../db/client.ts';
import { insertItemEvent } from '../db/queries/items.ts';
import { loadTenantContext } from '../db/queries/tenants.ts';
import type { CalendarOverride } from '../domain/calendar/index.ts';
import { checkOverrides, parseDate } from '../domain/calendar/index.ts';
import { computeDeadline } from '../domain/deadline/deadline.ts';
import type { ItemKind } from '../domain/item.ts';
import type { Failure, Result } from '../lib/result.ts';
import { fail, ok } from '../lib/result.ts';
import { rescheduleItem } from './followup/index.ts';

export type OverrideChange = { date: string; kind: 'holiday' | 'workday' | null; note?: string };

/**
 * Adds, replaces or (kind null) removes one override, then recomputes every provisional deadline
 * that followed the rule for its kind: a date counted over an unpublished year is never kept silently.
 */
export async function changeCalendarOverride(
  db: Db,
  tenantKey: string,
  change: OverrideChange,
): Promise<Result<{ recomputed: number }, Failure<'invalid_date' | 'invalid_override' | 'unknown_tenant'>>> {
  const date = parseDate(change.date);
  if (!date.ok) return date;
  const tenant = await db
    .selectFrom('tenants')
    .select('tenant_key')
    .where('tenant_key', '=', tenantKey)
    .executeTakeFirst();
  if (!tenant) return fail('unknown_tenant', `没有租户 ${tenantKey}（请先导入名录）`);
  if (change.kind) {
    const checked = checkOverrides([
      { date: date.value, kind: change.kind, ...(change.note ? { note: change.note } : {}) },
    ]);
    if (!checked.ok) return checked;
  }
  const recomputed = await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('calendar_overrides')
      .where('tenant_key', '=', tenantKey)
      .where('date', '=', date.value)
      .execute();
    if (change.kind) {
      await trx
        .insertInto('calendar_overrides')
        .values({ tenant_key: tenantKey, date: date.value, kind: change.kind, note: change.note ?? '' })
        .execute();
    }
    return recomputeProvisionalDeadlines(trx, tenantKey);
  });
  return ok({ recomputed });
}

export async function listCalendarOverrides(db: Db, tenantKey: string): Promise<CalendarOverride[]> {
  const rows = await db
    .selectFrom('calendar_overrides')
    .select(['date', 'kind', 'note'])
    .where('tenant_key', '=', tenantKey)
    .orderBy('date')
    .execute();
  return rows.map((r) => ({ date: r.date, kind: r.kind, note: r.note }));
}

/** Recounts rule-based provisional deadlines with the current calendar; returns how many changed. */
export async function recomputeProvisionalDeadlines(
  trx: Db,
  tenantKey: string,
  now: Date = new Date(),
): Promise<number> {
  const ctx = await loadTenantContext(trx, tenantKey);
  const items = await trx
    .selectFrom('items')
    .select(['id', 'kind', 'issued_on', 'deadline', 'deadline_explicit', 'deadline_provisional'])
    .where('tenant_key', '=', tenantKey)
    .where('deadline_provisional', '=', true)
    .where('state', 'in', ['issued', 'in_progress', 'submitted', 'reassigning'])
    .execute();
  let changed = 0;
  for (const item of items) {
    if (!item.issued_on || !item.kind) continue;
    const d = computeDeadline({
      issued: item.issued_on,
      kind: item.kind as ItemKind,
      explicit: item.deadline_explicit,
      policy: ctx.settings.deadlines,
      calendar: ctx.calendar,
    });
    if (!d.ok) continue;
    if (d.value.date === item.deadline && d.value.provisional === item.deadline_provisional) continue;
    await trx
      .updateTable('items')
      .set({
        deadline: d.value.date,
        deadline_provisional: d.value.provisional,
        deadline_basis: d.value.basis,
        version: (eb) => eb('version', '+', 1),
      })
      .where('tenant_key', '=', tenantKey)
      .where('id', '=', item.id)
      .execute();
    await insertItemEvent(trx, tenantKey, item.id, 'system', 'deadline_recomputed', {
      from: item.deadline,
      to: d.value.date,
      provisional: d.value.provisional,
      text: d.value.basis,
    });
    // The reminders follow the new deadline; the jobs process's sweep queues them.
    await rescheduleItem(trx, ctx, item.id, now);
    changed++;
  }
  return changed;
}
