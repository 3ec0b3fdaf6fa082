import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../lib/logger.ts';
import type { JobName, JobPayload, QueueName } from './catalog.ts';
import { jobCatalog, QUEUE_NAMES } from './catalog.ts';

export type EnqueueOptions = { jobId: string; delayMs?: number };

/** The producer side. `enqueue` never throws: Postgres holds the truth and the sweep re-creates lost jobs. */
export type JobQueue = {
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts: EnqueueOptions): Promise<boolean>;
  ping(): Promise<boolean>;
  queues: ReadonlyMap<QueueName, Queue>;
  close(): Promise<void>;
};

export type RedisSettings = { url: string; prefix: string };

const ENQUEUE_TIMEOUT_MS = 1_000;

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
        await withTimeout(
          queue.add(name, payload, {
            jobId: opts.jobId,
            delay: Math.max(0, Math.round(opts.delayMs ?? 0)),
            attempts: def.attempts,
            backoff: { type: 'exponential', delay: def.backoffMs },
            // Removed on completion so the sweep can re-add the same id when Postgres says it is still due.
            removeOnComplete: true,
            removeOnFail: true,
          }),
          ENQUEUE_TIMEOUT_MS,
        );
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
