import type { Job } from 'bullmq';
import { DelayedError, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { findOutboxReceiver } from '../db/queries/outbox.ts';
import type { Deps } from '../deps.ts';
import { processLarkEvent } from '../services/process-event.ts';
import { sendOutboxMessage } from '../services/send-outbox.ts';
import type { JobPayload } from './catalog.ts';
import { jobCatalog } from './catalog.ts';
import type { RedisSettings } from './queue.ts';
import { createReceiverLimiter } from './receiver-limit.ts';

export type SendLimits = { appPerSecond: number; receiverPerSecond: number; concurrency: number };

/** Feishu's documented limits, kept a little under so bursts from other senders leave room. */
export const FEISHU_LIMITS: SendLimits = { appPerSecond: 50, receiverPerSecond: 5, concurrency: 16 };

export type Workers = { close(): Promise<void> };

export function startWorkers(deps: Deps, redis: RedisSettings, limits: SendLimits = FEISHU_LIMITS): Workers {
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  connection.on('error', (e: Error) =>
    deps.logger.debug({ err: e.message }, 'redis worker connection error'),
  );
  const limiter = createReceiverLimiter(connection, redis.prefix, limits.receiverPerSecond);
  const log = deps.logger;

  const events = new Worker(
    jobCatalog['process-event'].queue,
    async (job: Job) => {
      const { eventRowId } = parsePayload('process-event', job.data);
      await processLarkEvent({ ...deps, logger: log.child({ jobId: job.id }) }, eventRowId);
    },
    { connection, prefix: redis.prefix, concurrency: 4 },
  );

  const send: Worker = new Worker(
    jobCatalog['send-message'].queue,
    async (job: Job, token?: string) => {
      const { outboxId } = parsePayload('send-message', job.data);
      const receiver = await findOutboxReceiver(deps.db, outboxId);
      if (!receiver) return;
      const wait = await limiter.take(receiver, `${outboxId}-${job.attemptsStarted}-${Date.now()}`);
      if (wait > 0) {
        // Only this receiver is at its limit: park this one job, keep the queue moving.
        await job.moveToDelayed(Date.now() + wait, token);
        throw new DelayedError();
      }
      const outcome = await sendOutboxMessage({ ...deps, logger: log.child({ jobId: job.id }) }, outboxId);
      if (outcome.kind !== 'retry') return;
      const { failure } = outcome;
      if (failure.kind === 'rate_limited' && failure.scope === 'app') {
        await send.rateLimit(failure.retryAfterMs);
        throw Worker.RateLimitError();
      }
      if (failure.kind === 'rate_limited') {
        await job.moveToDelayed(Date.now() + failure.retryAfterMs, token);
        throw new DelayedError();
      }
      throw new Error(failure.message);
    },
    {
      connection,
      prefix: redis.prefix,
      concurrency: limits.concurrency,
      limiter: { max: limits.appPerSecond, duration: 1000 },
    },
  );

  for (const w of [events, send]) {
    w.on('error', (e: Error) => log.warn({ err: e.message, queue: w.name }, 'worker error'));
    w.on('failed', (job, e: Error) =>
      log.warn({ jobId: job?.id, err: e.message, queue: w.name }, 'job failed'),
    );
  }
  return {
    async close() {
      await Promise.allSettled([events.close(), send.close()]);
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
