import { listTenantKeys } from '../db/queries/tenant-keys.ts';
import { loadTenantContext } from '../db/queries/tenants.ts';
import type { Deps } from '../deps.ts';
import { bulletinDue } from '../domain/bulletin-schedule.ts';
import { bulletinPeriod } from './bulletin.ts';
import { issueBulletin } from './bulletin-flow.ts';
import { queueMessages } from './lifecycle/followup-hooks.ts';

/**
 * The weekly 督查专报 of every tenant whose time has come. Safe to run every minute and from several
 * processes: one scheduled bulletin per period (a unique index), so a repeat sends nothing.
 */
export async function runScheduledBulletins(
  deps: Pick<Deps, 'db' | 'jobs' | 'logger' | 'now'>,
): Promise<number> {
  const now = deps.now();
  let issued = 0;
  for (const tenantKey of await listTenantKeys(deps.db)) {
    const ctx = await loadTenantContext(deps.db, tenantKey, deps.logger);
    if (!bulletinDue(now, ctx.settings.bulletin, ctx.calendar)) continue;
    const res = await issueBulletin(deps.db, ctx, bulletinPeriod(now), now, { origin: 'scheduled' });
    if (!res.created) continue;
    issued++;
    deps.logger.info({ tenantKey, bulletinId: res.record.id }, 'weekly bulletin issued');
    await queueMessages(deps, res.outboxIds);
  }
  return issued;
}
