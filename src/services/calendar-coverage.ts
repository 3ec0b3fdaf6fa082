/**
 * At start-up: when this version's holiday calendar differs from the one the open items were counted
 * with (a new snapshot after a 国务院办公厅 notice, a new estimate of unpublished years), every
 * tenant's provisional deadlines are recounted and reminders replanned, once, whichever process
 * starts first.
 */
import type { Db } from '../db/client.ts';
import { SNAPSHOT_SOURCE } from '../domain/calendar/index.ts';
import type { Send } from '../jobs/catalog.ts';
import type { Logger } from '../lib/logger.ts';
import { recountDeadlines } from './recount-deadlines.ts';

/** Bump ESTIMATE_VERSION when estimate.ts changes which days it takes as likely holidays. */
const ESTIMATE_VERSION = 1;
export const CALENDAR_COVERAGE = `${SNAPSHOT_SOURCE.source} generated ${SNAPSHOT_SOURCE.generated}, ${SNAPSHOT_SOURCE.firstYear}–${SNAPSHOT_SOURCE.lastYear}; estimate v${ESTIMATE_VERSION}`;

export type CoverageOutcome = { tenants: number; recomputed: number; sends: Send[] };

/** Recounts each tenant counted with another calendar (each in its own transaction, its row locked). */
export async function recountOnCoverageChange(
  db: Db,
  logger: Logger,
  now: Date,
  coverage: string = CALENDAR_COVERAGE,
): Promise<CoverageOutcome> {
  const stale = await db
    .selectFrom('tenants')
    .select('tenant_key')
    .where((eb) => eb.or([eb('calendar_coverage', 'is', null), eb('calendar_coverage', '!=', coverage)]))
    .execute();
  const out: CoverageOutcome = { tenants: 0, recomputed: 0, sends: [] };
  for (const { tenant_key: tenantKey } of stale) {
    await db.transaction().execute(async (trx) => {
      // Another process starting at the same time waits here, then finds the tenant done.
      const row = await trx
        .selectFrom('tenants')
        .select('calendar_coverage')
        .where('tenant_key', '=', tenantKey)
        .forUpdate()
        .executeTakeFirst();
      if (!row || row.calendar_coverage === coverage) return;
      const r = await recountDeadlines(trx, tenantKey, '节假日安排更新', now);
      await trx
        .updateTable('tenants')
        .set({ calendar_coverage: coverage })
        .where('tenant_key', '=', tenantKey)
        .execute();
      out.tenants += 1;
      out.recomputed += r.recomputed;
      out.sends.push(...r.sends);
      logger.info(
        { tenantKey, from: row.calendar_coverage, to: coverage, recomputed: r.recomputed },
        'holiday calendar changed: provisional deadlines recounted',
      );
    });
  }
  return out;
}
