import type { Deps } from '../../deps.ts';
import { jobIds } from '../../jobs/catalog.ts';

/**
 * Steps further out than this are not put in Redis yet: the sweep queues them once they come this
 * close. Postgres holds the time, so a week-long delayed job would only be one more thing to lose or
 * to go stale when the deadline moves.
 */
export const FOLLOWUP_HORIZON_MS = 10 * 60_000;

/**
 * How long a digest waits for the rest of the morning's reminders before it is written; it waits
 * longer while the tenant still has steps due (sendDigests), so this only has to cover the stragglers.
 */
export const DIGEST_GATHER_MS = 30_000;

/**
 * Wakes the item at `at` for `step` (both from `rescheduleItem`). Call after the transaction commits;
 * never throws, and losing the job is harmless: the sweep re-creates it from items.next_action_at.
 * Returns whether a job was handed to Redis now.
 */
export async function queueFollowup(
  deps: Pick<Deps, 'jobs' | 'now'>,
  itemId: number,
  at: Date | null | undefined,
  step?: string | null,
): Promise<boolean> {
  if (!at) return false;
  const delayMs = at.getTime() - deps.now().getTime();
  if (delayMs > FOLLOWUP_HORIZON_MS) return false;
  const payload = step ? { itemId, step } : { itemId };
  return deps.jobs.enqueue('followup', payload, {
    jobId: jobIds.followup(itemId, step ?? undefined, at),
    delayMs,
  });
}

/** The run time of a digest gathering from `from`: windows are aligned so a burst shares one job. */
export function digestRunAt(from: Date, gatherMs: number): Date {
  const window = Math.max(1000, gatherMs);
  return new Date(Math.ceil((from.getTime() + window) / window) * window);
}

export async function queueDigest(
  deps: Pick<Deps, 'jobs' | 'now'>,
  tenantKey: string,
  runAt: Date,
): Promise<boolean> {
  const delayMs = runAt.getTime() - deps.now().getTime();
  return deps.jobs.enqueue(
    'followup-digest',
    { tenantKey },
    { jobId: jobIds.digest(tenantKey, runAt), delayMs },
  );
}
