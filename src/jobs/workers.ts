import { setTimeout as sleep } from 'node:timers/promises';
import type { Job } from 'bullmq';
import { DelayedError, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { findOutboxReceiver } from '../db/queries/outbox.ts';
import type { Deps } from '../deps.ts';
import { lateSeconds, secondsSince, sendOutcomeLabel, stepKindOf } from '../metrics/metrics.ts';
import { sendDigests } from '../services/followup/digest.ts';
import { fireFollowup } from '../services/followup/fire.ts';
import { queueDigest } from '../services/followup/schedule.ts';
import { refreshItemCards } from '../services/lifecycle/refresh-cards.ts';
import { processLarkEvent } from '../services/process-event.ts';
import { sendOutboxMessage } from '../services/send-outbox.ts';
import type { JobPayload } from './catalog.ts';
import { jobCatalog } from './catalog.ts';
import type { RedisSettings } from './queue.ts';
import { createSendGate, type SendGate } from './receiver-limit.ts';

export type SendLimits = { appPerSecond: number; receiverPerSecond: number; concurrency: number };

/** Feishu's documented limits; the send gate keeps a margin under them (see receiver-limit.ts). */
export const FEISHU_LIMITS: SendLimits = { appPerSecond: 50, receiverPerSecond: 5, concurrency: 16 };

export type WorkerOptions = {
  /** The send claim's lease (default SEND_LEASE_MS): how soon a killed sender's rows are claimable. */
  sendLeaseMs?: number;
  /**
   * BullMQ's job lock and stall check (30 s each by default): how soon a killed process's own jobs run
   * again. Recovery does not wait for them: the sweep re-creates that work under other job ids.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** How long a digest waits for the rest of a burst of reminders. */
  digestGatherMs?: number;
};

export type Workers = { close(): Promise<void> };

/** Waiting longer than this for an app-wide place, a job goes back to Redis's delayed set instead. */
const MAX_APP_WAIT_MS = 5_000;
/** A receiver's turn this close is waited for in the worker: parking and promoting the job costs more. */
const SHORT_TURN_MS = 250;
/** A released row is claimable from not_before (database clock); the job returns a little after it. */
const RELEASE_MARGIN_MS = 100;

export function startWorkers(
  deps: Deps,
  redis: RedisSettings,
  limits: SendLimits = FEISHU_LIMITS,
  opts: WorkerOptions = {},
): Workers {
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  connection.on('error', (e: Error) =>
    deps.logger.debug({ err: e.message }, 'redis worker connection error'),
  );
  const gate = createSendGate(connection, redis.prefix, limits);
  const log = deps.logger;
  const common = {
    connection,
    prefix: redis.prefix,
    ...(opts.lockDurationMs && { lockDuration: opts.lockDurationMs }),
    ...(opts.stalledIntervalMs && { stalledInterval: opts.stalledIntervalMs }),
  };

  const events = new Worker(
    jobCatalog['process-event'].queue,
    async (job: Job) => {
      const { eventRowId } = parsePayload('process-event', job.data);
      await processLarkEvent({ ...deps, logger: log.child({ jobId: job.id }) }, eventRowId);
    },
    { ...common, concurrency: 4 },
  );

  const send = new Worker(
    jobCatalog['send-message'].queue,
    async (job: Job, token?: string) => {
      const { outboxId } = parsePayload('send-message', job.data);
      const receiver = await findOutboxReceiver(deps.db, outboxId);
      if (!receiver) return;
      const place = `${outboxId}-${job.attemptsStarted}-${Date.now()}`;
      const waited = await takePlace(gate, receiver, place, job.attemptsStarted > 1);
      if (waited !== null) {
        // This receiver is at its limit (or the app stays busy): park this one job, keep the queue moving.
        await job.moveToDelayed(Date.now() + waited, token);
        throw new DelayedError();
      }
      let called = true;
      try {
        const started = performance.now();
        const outcome = await sendOutboxMessage({ ...deps, logger: log.child({ jobId: job.id }) }, outboxId, {
          ...(opts.sendLeaseMs && { leaseMs: opts.sendLeaseMs }),
        });
        deps.metrics.sendAttempt(sendOutcomeLabel(outcome), secondsSince(started));
        called = outcome.kind !== 'skipped' && outcome.kind !== 'busy';
        if (outcome.kind === 'busy') {
          // Another sender holds the row (or it is not due): look again when its lease runs out, so a
          // dead sender's row is taken over then rather than at the next sweep.
          await job.moveToDelayed(Date.now() + outcome.retryInMs + RELEASE_MARGIN_MS, token);
          throw new DelayedError();
        }
        if (outcome.kind !== 'retry') return;
        const { failure } = outcome;
        if (failure.kind === 'rate_limited') {
          // x-ogw-ratelimit-reset: an app-wide 429 holds every sender, a receiver's only this message.
          if (failure.scope === 'app') await gate.pauseApp(failure.retryAfterMs);
          await job.moveToDelayed(Date.now() + failure.retryAfterMs + RELEASE_MARGIN_MS, token);
          throw new DelayedError();
        }
        throw new Error(failure.message);
      } finally {
        await gate.release(receiver, place, called);
      }
    },
    { ...common, concurrency: limits.concurrency },
  );

  const followups = new Worker(
    jobCatalog.followup.queue,
    async (job: Job) => {
      const jobDeps = { ...deps, logger: log.child({ jobId: job.id }) };
      if (job.name === 'followup-digest') {
        const { tenantKey } = parsePayload('followup-digest', job.data);
        const result = await sendDigests(jobDeps, tenantKey, { gatherMs: opts.digestGatherMs });
        if (result.kind === 'later') await queueDigest(jobDeps, tenantKey, result.at);
        return;
      }
      const { itemId, step } = parsePayload('followup', job.data);
      const fired = await fireFollowup(jobDeps, itemId, step, { digestGatherMs: opts.digestGatherMs });
      if (fired.kind === 'fired')
        deps.metrics.followupFired(stepKindOf(fired.step), lateSeconds(fired, deps));
    },
    { ...common, concurrency: 8 },
  );

  const cards = new Worker(
    jobCatalog['refresh-cards'].queue,
    async (job: Job) => {
      const { tenantKey, itemId } = parsePayload('refresh-cards', job.data);
      await refreshItemCards({ ...deps, logger: log.child({ jobId: job.id }) }, tenantKey, itemId);
    },
    // Redraws wait well (they are coalesced anyway); two at a time leave the pool to the clicks.
    { ...common, concurrency: 2 },
  );

  for (const w of [events, send, followups, cards]) {
    w.on('error', (e: Error) => deps.jobs.reportError(w.name, e));
    w.on('failed', (job, e: Error) =>
      log.warn({ jobId: job?.id, err: e.message, queue: w.name }, 'job failed'),
    );
  }
  return {
    async close() {
      await Promise.allSettled([events.close(), send.close(), followups.close(), cards.close()]);
      connection.disconnect();
    },
  };
}

function parsePayload<N extends keyof typeof jobCatalog>(name: N, data: unknown) {
  const parsed = jobCatalog[name].schema.safeParse(data);
  // A malformed payload never becomes valid by retrying.
  if (!parsed.success) throw new UnrecoverableError(`bad ${name} payload: ${parsed.error.message}`);
  return parsed.data as JobPayload<N>;
}

/**
 * Takes a place to call Feishu: null once taken, else how long to park the job. Waits in the worker
 * when a place frees up soon (the app's every few ms under load, a receiver's turn within a quarter
 * second); a longer wait parks the job in Redis's delayed set and frees the worker.
 */
async function takePlace(
  gate: SendGate,
  receiver: string,
  place: string,
  waited: boolean,
): Promise<number | null> {
  let spent = 0;
  let hadTurn = waited;
  for (;;) {
    const verdict = await gate.reserve(receiver, place, hadTurn);
    if (verdict.kind === 'go') return null;
    const short = verdict.kind === 'wait' || verdict.waitMs <= SHORT_TURN_MS;
    if (!short || spent + verdict.waitMs > MAX_APP_WAIT_MS) return verdict.waitMs;
    // A little jitter, so the workers that wait for the same place do not all wake at once.
    const pause = verdict.waitMs + Math.floor(Math.random() * 4);
    await sleep(pause);
    spent += pause;
    hadTurn = hadTurn || verdict.kind === 'defer';
  }
}
