import { listTenantKeys } from '../db/queries/tenant-keys.ts';
import { loadTenantContext } from '../db/queries/tenants.ts';
import type { Deps } from '../deps.ts';
import { remindOfficePending } from './office-pending.ts';
import { writeUndeliveredReport } from './reach/daily.ts';
import { issueScheduledBulletin } from './scheduled-bulletins.ts';

/** How many tenants got each card on one run. */
export type ClockedCards = { bulletins: number; undelivered: number; pending: number };

/**
 * What the clock writes, after each sweep (the engine's minute tick, and the sandbox when its clock
 * moves): the weekly 督查专报, the office's daily count of what is undelivered, and its 待办. Each is
 * one per tenant and period however often this runs. A tenant's settings and calendar are read once
 * for all three.
 */
export async function runClockedCards(
  deps: Pick<Deps, 'db' | 'jobs' | 'logger' | 'now'>,
): Promise<ClockedCards> {
  const now = deps.now();
  const out: ClockedCards = { bulletins: 0, undelivered: 0, pending: 0 };
  for (const tenantKey of await listTenantKeys(deps.db)) {
    const ctx = await loadTenantContext(deps.db, tenantKey, deps.logger);
    if (await issueScheduledBulletin(deps, ctx, now)) out.bulletins += 1;
    if (await writeUndeliveredReport(deps, ctx, now)) out.undelivered += 1;
    if (await remindOfficePending(deps, ctx, now)) out.pending += 1;
  }
  return out;
}
