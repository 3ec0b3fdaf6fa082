import { pendingLarkEventIds } from '../db/queries/lark-events.ts';
import { dueOutbox } from '../db/queries/outbox.ts';
import type { Deps } from '../deps.ts';
import { jobIds } from '../jobs/catalog.ts';
import { SENDING_STALE_MS } from './send-outbox.ts';

export type SweepResult = { events: number; messages: number };

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
  deps: Pick<Deps, 'db' | 'jobs' | 'now'>,
  opts: { eventGraceMs?: number } = {},
): Promise<SweepResult> {
  const { db, jobs } = deps;
  const now = deps.now().getTime();
  const eventIds = await pendingLarkEventIds(
    db,
    new Date(now - (opts.eventGraceMs ?? EVENT_GRACE_MS)),
    BATCH,
  );
  for (const id of eventIds) {
    await jobs.enqueue('process-event', { eventRowId: id }, { jobId: jobIds.processEvent(id) });
  }
  const messages = await dueOutbox(db, OUTBOX_HORIZON_MS, SENDING_STALE_MS, BATCH);
  for (const m of messages) {
    await jobs.enqueue(
      'send-message',
      { outboxId: m.id },
      { jobId: jobIds.sendMessage(m.id), delayMs: m.notBefore.getTime() - now },
    );
  }
  return { events: eventIds.length, messages: messages.length };
}
