import type { ItemRecord } from '../../db/queries/items.ts';
import type { Deps } from '../../deps.ts';
import { jobIds } from '../../jobs/catalog.ts';
import type { ScheduledFollowup } from '../followup/index.ts';
import { queueFollowup, rescheduleItem } from '../followup/index.ts';
import type { LifecycleContext } from './context.ts';

export type { ScheduledFollowup };

/**
 * Where a transition meets the follow-up engine: the item's next step (reminder, urge, escalation) is
 * recomputed inside the transition's transaction, so an extension moves the plan and a completion or
 * cancellation drops it in the same commit.
 */
export async function scheduleFollowup(
  ctx: LifecycleContext,
  after: ItemRecord,
): Promise<ScheduledFollowup | null> {
  return rescheduleItem(ctx.trx, ctx.tenant, after.id, ctx.now);
}

/** After commit: queue the messages and the next follow-up step. Anything lost here the sweep re-creates. */
export async function afterCommit(
  deps: Pick<Deps, 'jobs' | 'now'>,
  outboxIds: readonly string[],
  followup: ScheduledFollowup | null,
): Promise<void> {
  for (const id of outboxIds)
    await deps.jobs.enqueue('send-message', { outboxId: id }, { jobId: jobIds.sendMessage(id) });
  if (followup) await queueFollowup(deps, followup.itemId, followup.at, followup.step);
}
