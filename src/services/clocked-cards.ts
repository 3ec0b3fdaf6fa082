import type { Deps } from '../deps.ts';
import { runOfficePendingReminders } from './office-pending.ts';
import { runUndeliveredReports } from './reach/daily.ts';
import { runScheduledBulletins } from './scheduled-bulletins.ts';

/**
 * What the clock writes, after each sweep (the engine's minute tick, and the sandbox when its clock
 * moves): the weekly 督查专报, the office's daily count of what is undelivered, and its 待办. Each is
 * one per tenant and period however often this runs.
 */
export async function runClockedCards(deps: Pick<Deps, 'db' | 'jobs' | 'logger' | 'now'>): Promise<void> {
  await runScheduledBulletins(deps);
  await runUndeliveredReports(deps);
  await runOfficePendingReminders(deps);
}
