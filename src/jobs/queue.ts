import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../lib/logger.ts';
import type { JobName, JobPayload, QueueName } from './catalog.ts';
import { jobCatalog, QUEUE_NAMES } from './catalog.ts';

export type EnqueueOptions = { jobId: string; delayMs?: number };

export type BulkJob<N extends JobName> = { payload: JobPayload<N>; opts: EnqueueOptions };

/** The producer side. `enqueue` never throws: Postgres holds the truth and the sweep re-creates lost jobs. */
export type JobQueue = {
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts: EnqueueOptions): Promise<boolean>;
  ping(): Promise<boolean>;
  queues: ReadonlyMap<QueueName, Queue>;
  close(): Promise<void>;
};

export type RedisSettings = { url: string; prefix: string };

const ENQUEUE_TIMEOUT_MS = 1_000;
const BULK_CHUNK = 500;
const BULK_TIMEOUT_MS = 10_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

export function createJobQueue(redis: RedisSettings, logger: Logger): JobQueue {
  // Fail fast when Redis is down: a webhook must answer Feishu within 3 s, and the sweep catches up.
  const connection = new Redis(redis.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: false,
  });
  connection.on('error', (e: Error) => logger.debug({ err: e.message }, 'redis producer connection error'));
  const queues = new Map<QueueName, Queue>(
    QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix: redis.prefix })]),
  );
  for (const q of queues.values())
    q.on('error', (e: Error) => logger.debug({ err: e.message }, 'queue error'));

  return {
    queues,
    async enqueue(name, payload, opts) {
      const def = jobCatalog[name];
      const queue = queues.get(def.queue);
      if (!queue) return false;
      try {
        await withTimeout(queue.add(name, payload, jobOptions(name, opts)), ENQUEUE_TIMEOUT_MS);
        return true;
      } catch (e) {
        logger.warn(
          { job: name, jobId: opts.jobId, err: e instanceof Error ? e.message : String(e) },
          'enqueue failed; the sweep will retry',
        );
        return false;
      }
    },
    async ping() {
      try {
        // A fresh connection (the Workers entry makes one per request) refuses commands until it is up.
        if (connection.status !== 'ready')
          await withTimeout(new Promise((ready) => connection.once('ready', ready)), ENQUEUE_TIMEOUT_MS);
        return (await withTimeout(connection.ping(), ENQUEUE_TIMEOUT_MS)) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      await Promise.allSettled([...queues.values()].map((q) => q.close()));
      connection.disconnect();
    },
  };
}

/**
 * Many jobs of one kind in few round trips (the sweep after a Redis loss, a burst of reminders). Like
 * `enqueue` it never throws; it returns how many were handed to Redis (ids already there count).
 */
export async function enqueueBulk<N extends JobName>(
  jobs: Pick<JobQueue, 'queues'>,
  name: N,
  list: ReadonlyArray<BulkJob<N>>,
  logger: Logger,
): Promise<number> {
  const queue = jobs.queues.get(jobCatalog[name].queue);
  if (!queue) return 0;
  let added = 0;
  for (let i = 0; i < list.length; i += BULK_CHUNK) {
    const chunk = list.slice(i, i + BULK_CHUNK);
    try {
      await withTimeout(
        queue.addBulk(chunk.map((j) => ({ name, data: j.payload, opts: jobOptions(name, j.opts) }))),
        BULK_TIMEOUT_MS,
      );
      added += chunk.length;
    } catch (e) {
      logger.warn(
        { job: name, count: chunk.length, err: e instanceof Error ? e.message : String(e) },
        'bulk enqueue failed; the sweep will retry',
      );
      break;
    }
  }
  return added;
}

function jobOptions(name: JobName, opts: EnqueueOptions) {
  const def = jobCatalog[name];
  return {
    jobId: opts.jobId,
    delay: Math.max(0, Math.round(opts.delayMs ?? 0)),
    attempts: def.attempts,
    backoff: { type: 'exponential' as const, delay: def.backoffMs },
    // Removed on completion so the sweep can re-add the same id when Postgres says it is still due.
    removeOnComplete: true,
    removeOnFail: true,
  };
}
