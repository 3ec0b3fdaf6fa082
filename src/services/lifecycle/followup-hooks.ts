import type { ItemRecord } from '../../db/queries/items.ts';
import type { Deps } from '../../deps.ts';
import { jobIds } from '../../jobs/catalog.ts';
import type { LifecycleContext } from './context.ts';

/**
 * Where a transition meets the follow-up engine: the item's next step is recomputed inside the
 * transition's transaction. Returns when the next step is due, for queueing after commit.
 */
export async function scheduleFollowup(_ctx: LifecycleContext, _after: ItemRecord): Promise<Date | null> {
  return null;
}

/** After commit: queue the messages (and the next follow-up step). Failures here are the sweep's to repair. */
export async function afterCommit(
  deps: Deps,
  outboxIds: readonly string[],
  _itemId: number,
  _followupAt: Date | null,
): Promise<void> {
  for (const id of outboxIds)
    await deps.jobs.enqueue('send-message', { outboxId: id }, { jobId: jobIds.sendMessage(id) });
}
