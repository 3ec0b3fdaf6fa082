import type { Db } from '../db/client.ts';
import type { CalendarOverride } from '../domain/calendar/index.ts';
import { checkOverrides, parseDate } from '../domain/calendar/index.ts';
import type { Send } from '../jobs/catalog.ts';
import type { Failure, Result } from '../lib/result.ts';
import { fail, ok } from '../lib/result.ts';
import { recountDeadlines } from './recount-deadlines.ts';

export type OverrideChange = { date: string; kind: 'holiday' | 'workday' | null; note?: string };

/**
 * Adds, replaces or (kind null) removes one override, then recounts every provisional deadline and
 * replans the tenant's reminders (recount-deadlines.ts): a date counted over an unpublished year is
 * never kept silently. The messages it writes are sent by the jobs process (its sweep queues them).
 */
export async function changeCalendarOverride(
  db: Db,
  tenantKey: string,
  change: OverrideChange,
  now: Date,
): Promise<
  Result<
    { recomputed: number; sends: Send[] },
    Failure<'invalid_date' | 'invalid_override' | 'unknown_tenant'>
  >
> {
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
  const recount = await db.transaction().execute(async (trx) => {
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
    return recountDeadlines(
      trx,
      tenantKey,
      `本县调整${date.value}为${change.kind === 'workday' ? '工作日' : change.kind === 'holiday' ? '休息日' : '按全国安排'}`,
      now,
    );
  });
  return ok({ recomputed: recount.recomputed, sends: recount.sends });
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
