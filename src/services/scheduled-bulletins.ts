import type { TenantContext } from '../db/queries/tenants.ts';
import type { Deps } from '../deps.ts';
import { bulletinDue } from '../domain/bulletin-schedule.ts';
import { bulletinPeriod } from './bulletin.ts';
import { issueBulletin } from './bulletin-flow.ts';
import { queueMessages } from './lifecycle/followup-hooks.ts';

/**
 * The tenant's weekly 督查专报 when its time has come; true when issued. Safe to run every minute and
 * from several processes: one scheduled bulletin per period (a unique index), so a repeat sends nothing.
 */
export async function issueScheduledBulletin(
  deps: Pick<Deps, 'db' | 'jobs' | 'logger'>,
  ctx: TenantContext,
  now: Date,
): Promise<boolean> {
  if (!bulletinDue(now, ctx.settings.bulletin, ctx.calendar)) return false;
  const res = await issueBulletin(deps.db, ctx, bulletinPeriod(now), now, { origin: 'scheduled' });
  if (!res.created) return false;
  deps.logger.info({ tenantKey: ctx.tenantKey, bulletinId: res.record.id }, 'weekly bulletin issued');
  await queueMessages(deps, res.outboxIds);
  return true;
}
