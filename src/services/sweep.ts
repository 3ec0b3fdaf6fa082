import { staleCardRefreshes } from '../db/queries/card-refresh.ts';
import { pendingLarkEvents } from '../db/queries/lark-events.ts';
import { dueOutbox } from '../db/queries/outbox.ts';
import type { Deps } from '../deps.ts';
import { jobIds, sendJob } from '../jobs/catalog.ts';
import { enqueueBulk } from '../jobs/queue.ts';
import { tellEndedDelegations } from './delegation/endings.ts';
import { type FollowupSweepOptions, sweepFollowups } from './followup/sweep.ts';
import { remindProposals } from './proposals/reminders.ts';

export type SweepResult = {
  events: number;
  messages: number;
  followups: number;
  digests: number;
  /** Card refreshes whose job was lost (refresh markers, lifecycle/refresh-cards.ts). */
  refreshes: number;
};

export type SweepOptions = {
  eventGraceMs?: number;
  followup?: FollowupSweepOptions;
};

/** An event younger than this is still on its way through the queue from the webhook: its job waits. */
const EVENT_GRACE_MS = 5_000;
/**
 * Outbox rows due within this horizon (or whose send lease ends within it) get a delayed job now;
 * later ones wait for a later sweep.
 */
const OUTBOX_HORIZON_MS = 10 * 60_000;
const BATCH = 5_000;
/** A refresh marker this old should have been handled by its job (it waits REFRESH_GATHER_MS). */
const REFRESH_GRACE_MS = 3_000;

/**
 * Re-creates every job Postgres says should exist, each delayed until it is due: young pending events
 * after their grace, outbox rows at not_before or when their sender's lease runs out. Idempotent: job
 * ids dedupe against live jobs (enqueueBulk steps around ids a dead process left active) and each
 * handler's claim makes a surplus job a no-op. Runs at start-up, when Redis is back, and every minute,
 * so a crash, a Redis outage or a flush loses nothing and waits no longer than the work's own time.
 */
export async function sweep(
  deps: Pick<Deps, 'db' | 'jobs' | 'logger' | 'now'>,
  opts: SweepOptions = {},
): Promise<SweepResult> {
  const { db, jobs, logger } = deps;
  // Events and outbox rows are timed by the database clock; the engine's clock (deps.now, injectable)
  // governs the follow-up plan only.
  const events = await pendingLarkEvents(db, opts.eventGraceMs ?? EVENT_GRACE_MS, BATCH);
  await enqueueBulk(
    jobs,
    'process-event',
    events.map((e) => ({
      payload: { eventRowId: e.id },
      opts: { jobId: jobIds.processEvent(e.id), delayMs: e.delayMs },
    })),
    logger,
  );
  const messages = await dueOutbox(db, OUTBOX_HORIZON_MS, BATCH);
  // In bulk: after a Redis loss in a 09:00 burst there are thousands, and one round trip each is slow.
  await enqueueBulk(
    jobs,
    'send-message',
    messages.map((m) => ({ payload: { outboxId: m.id }, opts: { ...sendJob(m), delayMs: m.delayMs } })),
    logger,
  );
  // Card refreshes whose job never ran (Redis lost it, or the process died before queuing it).
  const refreshes = await staleCardRefreshes(db, REFRESH_GRACE_MS, BATCH);
  await enqueueBulk(
    jobs,
    'refresh-cards',
    refreshes.map((r) => ({
      payload: { tenantKey: r.tenantKey, itemId: r.itemId },
      opts: { jobId: jobIds.refreshCards(r.itemId, new Date()) },
    })),
    logger,
  );
  const followup = await sweepFollowups(deps, opts.followup);
  // Delegations end by their period; both people hear of it on the pass after (engine clock).
  await tellEndedDelegations(deps);
  // 建议提案: 会办 opinion deadlines and B answers' follow-up days (issue #13).
  await remindProposals(deps);
  return { events: events.length, messages: messages.length, refreshes: refreshes.length, ...followup };
}
