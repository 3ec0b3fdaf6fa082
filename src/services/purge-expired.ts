import type { PurgeTable, TenantScope } from '../db/queries/retention.ts';
import { PURGE_TABLES, purgeBatch } from '../db/queries/retention.ts';
import { listTenantKeys } from '../db/queries/tenant-keys.ts';
import { loadTenantContext } from '../db/queries/tenants.ts';
import type { Deps } from '../deps.ts';
import { RETENTION_MIN_DAYS } from '../domain/settings.ts';

export const PURGE_BATCH = 5_000;

export type PurgeCounts = Record<PurgeTable, number>;

/**
 * The instant before which rows may go: the tenant's period, and never later than six calendar months
 * back (the audit retention), whatever the setting says.
 */
export function retentionCutoff(now: Date, days: number): Date {
  const sixMonths = monthsBefore(now, 6);
  return new Date(Math.min(now.getTime() - days * 86_400_000, sixMonths.getTime()));
}

/** The same day of the month `months` earlier, or that month's last day (31 Aug → 28 Feb). */
function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  return d;
}

/**
 * The daily retention pass: deletes received events, delivered messages, sent digest entries and
 * resolved held replies past each tenant's period (rows of tenants not in the directory: the default).
 * Never touches items, item_events or reports. Every deletion is counted in the log and in metrics;
 * `duban audit export --kind events|messages` exports these tables before they go.
 */
export async function purgeExpired(
  deps: Pick<Deps, 'db' | 'logger' | 'metrics'>,
  now: Date,
  batch: number = PURGE_BATCH,
): Promise<PurgeCounts> {
  const totals = Object.fromEntries(PURGE_TABLES.map((t) => [t, 0])) as PurgeCounts;
  const scopes: { scope: TenantScope; days: number }[] = [];
  for (const tenantKey of await listTenantKeys(deps.db)) {
    const { settings } = await loadTenantContext(deps.db, tenantKey, deps.logger);
    scopes.push({ scope: { tenantKey }, days: settings.retention.days });
  }
  scopes.push({ scope: { unknownTenants: true }, days: RETENTION_MIN_DAYS });
  for (const { scope, days } of scopes) {
    const before = retentionCutoff(now, days);
    for (const table of PURGE_TABLES) {
      let rows = 0;
      for (;;) {
        const n = await purgeBatch(deps.db, table, scope, before, batch);
        rows += n;
        // Not `n < batch`: a card comes free only once the batch before took its updates.
        if (n === 0) break;
      }
      totals[table] += rows;
      if (rows > 0) deps.logger.info({ ...scope, table, rows, before, days }, 'retention: rows deleted');
    }
  }
  for (const table of PURGE_TABLES) deps.metrics.purged(table, totals[table]);
  deps.logger.info({ deleted: totals }, 'retention pass done');
  return totals;
}
