import type { ItemRecord } from '../../db/queries/items.ts';
import type { Deps } from '../../deps.ts';
import type { Send } from '../../jobs/catalog.ts';
import { sendJob } from '../../jobs/catalog.ts';
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
  sends: readonly Send[],
  followup: ScheduledFollowup | null,
): Promise<void> {
  await queueSends(deps, sends);
  if (followup) await queueFollowup(deps, followup.itemId, followup.at, followup.step);
}

/** Queues inserted outbox rows (insertToSend); card updates wait behind new messages (sendJob). */
export async function queueSends(deps: Pick<Deps, 'jobs'>, sends: readonly Send[]): Promise<void> {
  for (const s of sends) await deps.jobs.enqueue('send-message', { outboxId: s.id }, sendJob(s));
}

/** Queues new messages by outbox id (insertOutbox's answer); rows that may be card updates: queueSends. */
export async function queueMessages(deps: Pick<Deps, 'jobs'>, ids: readonly string[]): Promise<void> {
  await queueSends(
    deps,
    ids.map((id) => ({ id, patchOf: null })),
  );
}
