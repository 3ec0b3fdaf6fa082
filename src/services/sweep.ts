import { pendingLarkEventIds } from '../db/queries/lark-events.ts';
import { dueOutbox } from '../db/queries/outbox.ts';
import type { Deps } from '../deps.ts';
import { jobIds } from '../jobs/catalog.ts';
import { enqueueBulk } from '../jobs/queue.ts';
import { type FollowupSweepOptions, sweepFollowups } from './followup/sweep.ts';
import { SENDING_STALE_MS } from './send-outbox.ts';

export type SweepResult = { events: number; messages: number; followups: number; digests: number };

export type SweepOptions = {
  eventGraceMs?: number;
  /** How long a 'sending' claim lives before another process may take the row over. */
  sendingStaleMs?: number;
  followup?: FollowupSweepOptions;
};

/** Events younger than this are still on their way through the queue from the webhook. */
const EVENT_GRACE_MS = 5_000;
/** Outbox rows due within this horizon get a delayed job now; later ones wait for a later sweep. */
const OUTBOX_HORIZON_MS = 10 * 60_000;
const BATCH = 5_000;

/**
 * Re-creates every job Postgres says should exist. Idempotent: job ids dedupe against live jobs and
 * each handler's claim makes a surplus job a no-op. Runs at start-up and every minute, so a Redis
 * outage or flush loses nothing.
 */
export async function sweep(
  deps: Pick<Deps, 'db' | 'jobs' | 'logger' | 'now'>,
  opts: SweepOptions = {},
): Promise<SweepResult> {
  const { db, jobs, logger } = deps;
  // Events and outbox rows are stamped by the database clock, so their timing is wall-clock time; the
  // engine's clock (deps.now, injectable) governs the follow-up plan only.
  const now = Date.now();
  const eventIds = await pendingLarkEventIds(
    db,
    new Date(now - (opts.eventGraceMs ?? EVENT_GRACE_MS)),
    BATCH,
  );
  for (const id of eventIds) {
    await jobs.enqueue('process-event', { eventRowId: id }, { jobId: jobIds.processEvent(id) });
  }
  const messages = await dueOutbox(db, OUTBOX_HORIZON_MS, opts.sendingStaleMs ?? SENDING_STALE_MS, BATCH);
  // In bulk: after a Redis loss in a 09:00 burst there are thousands, and one round trip each is slow.
  await enqueueBulk(
    jobs,
    'send-message',
    messages.map((m) => ({
      payload: { outboxId: m.id },
      opts: { jobId: jobIds.sendMessage(m.id), delayMs: m.notBefore.getTime() - now },
    })),
    logger,
  );
  const followup = await sweepFollowups(deps, opts.followup);
  return { events: eventIds.length, messages: messages.length, ...followup };
}
