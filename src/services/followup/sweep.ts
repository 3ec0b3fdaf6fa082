import type { Deps } from '../../deps.ts';
import { jobIds } from '../../jobs/catalog.ts';
import { enqueueBulk } from '../../jobs/queue.ts';
import { tenantsWithPendingDigests } from './digest-store.ts';
import { DIGEST_GATHER_MS, digestRunAt, FOLLOWUP_HORIZON_MS, queueDigest } from './schedule.ts';
import { dueFollowups } from './store.ts';

const PAGE = 5_000;
/** A runaway guard: far beyond a county's open items. */
const MAX_PER_SWEEP = 200_000;

export type FollowupSweepOptions = { horizonMs?: number; digestGatherMs?: number };

/**
 * Re-creates the follow-up jobs Postgres says should exist: every item whose next step is due or
 * comes due within the horizon, and a digest run for every tenant with reminders still held. Job ids
 * make it idempotent against live jobs; the handlers' claims make surplus jobs no-ops.
 */
export async function sweepFollowups(
  deps: Pick<Deps, 'db' | 'jobs' | 'logger' | 'now'>,
  opts: FollowupSweepOptions = {},
): Promise<{ followups: number; digests: number }> {
  const now = deps.now();
  const until = new Date(now.getTime() + (opts.horizonMs ?? FOLLOWUP_HORIZON_MS));
  let followups = 0;
  let cursor: { at: Date; itemId: number } | undefined;
  while (followups < MAX_PER_SWEEP) {
    const due = await dueFollowups(deps.db, until, PAGE, cursor);
    const jobs = due.map((d) => ({
      payload: { itemId: d.itemId, step: d.step },
      opts: { jobId: jobIds.followup(d.itemId, d.step, d.at), delayMs: d.at.getTime() - now.getTime() },
    }));
    const added = await enqueueBulk(deps.jobs, 'followup', jobs, deps.logger);
    followups += due.length;
    const last = due.at(-1);
    if (added < jobs.length || due.length < PAGE || !last) break;
    cursor = { at: last.at, itemId: last.itemId };
  }
  const gather = opts.digestGatherMs ?? DIGEST_GATHER_MS;
  const tenants = await tenantsWithPendingDigests(deps.db, new Date(now.getTime() - gather));
  for (const tenantKey of tenants) await queueDigest(deps, tenantKey, digestRunAt(now, gather));
  return { followups, digests: tenants.length };
}
