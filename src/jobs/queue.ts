import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../lib/logger.ts';
import { redactUrl } from '../lib/logger.ts';
import type { JobName, JobPayload, QueueName } from './catalog.ts';
import { jobCatalog, QUEUE_NAMES } from './catalog.ts';

export type EnqueueOptions = {
  jobId: string;
  delayMs?: number;
  /** BullMQ priority: absent runs first; a higher number waits behind everything with a lower one. */
  priority?: number;
};

export type BulkJob<N extends JobName> = { payload: JobPayload<N>; opts: EnqueueOptions };

/** The producer side. `enqueue` never throws: Postgres holds the truth and the sweep re-creates lost jobs. */
export type JobQueue = {
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts: EnqueueOptions): Promise<boolean>;
  ping(): Promise<boolean>;
  /** Calls `listener` each time Redis is reachable again after it was lost (or never reached); returns an unsubscribe. */
  onReconnect?(listener: () => void): () => void;
  /**
   * A worker's or connection's error. While Redis is unreachable every client reports every retry;
   * the outage is logged once when it starts and once when it ends (see "reachable again").
   */
  reportError(source: string, e: Error): void;
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

const CONNECTION_ERRORS =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|Connection is closed|connect ETIMEDOUT|Stream isn't writeable/;

function isConnectionError(e: Error): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return CONNECTION_ERRORS.test(`${code ?? ''} ${e.message}`);
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
  const reconnectListeners = new Set<() => void>();
  let lost = false;
  let outageLogged = false;
  connection.on('close', () => {
    lost = true;
  });
  connection.on('ready', () => {
    if (!lost) return;
    lost = false;
    outageLogged = false;
    logger.info('Redis is reachable again');
    for (const listener of reconnectListeners) listener();
  });

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
    reportError(source, e) {
      if (!isConnectionError(e)) {
        logger.warn({ err: e.message, queue: source }, 'worker error');
        return;
      }
      if (outageLogged) return;
      outageLogged = true;
      lost = true;
      logger.error(
        { url: redactUrl(redis.url), err: e.message },
        'Redis is unreachable: events are still stored and answered; jobs wait until it is back',
      );
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
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

/** Suffix of a job re-created while a job with its id is still active (see enqueueBulk). */
const RECOVERY_SUFFIX = '-r';

/**
 * Many jobs of one kind in few round trips (the sweep after a Redis loss, a burst of reminders). Like
 * `enqueue` it never throws; it returns how many were handed to Redis (ids already there count).
 *
 * A job whose id is active is re-created under `id + RECOVERY_SUFFIX`: an active job may belong to a
 * killed process and stay locked until BullMQ's stall check frees it (lockDuration plus
 * stalledInterval, a minute by default), and re-adding its id is a no-op until then. If its owner is
 * alive, the extra job finds the work done or claimed and does nothing.
 */
export async function enqueueBulk<N extends JobName>(
  jobs: Pick<JobQueue, 'queues'>,
  name: N,
  list: ReadonlyArray<BulkJob<N>>,
  logger: Logger,
): Promise<number> {
  const queue = jobs.queues.get(jobCatalog[name].queue);
  if (!queue || list.length === 0) return 0;
  const active = await activeJobIds(queue);
  const idFor = (id: string) => (active.has(id) ? `${id}${RECOVERY_SUFFIX}` : id);
  let added = 0;
  for (let i = 0; i < list.length; i += BULK_CHUNK) {
    const chunk = list.slice(i, i + BULK_CHUNK);
    try {
      await withTimeout(
        queue.addBulk(
          chunk.map((j) => ({
            name,
            data: j.payload,
            opts: jobOptions(name, { ...j.opts, jobId: idFor(j.opts.jobId) }),
          })),
        ),
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

async function activeJobIds(queue: Queue): Promise<Set<string>> {
  try {
    return new Set(await withTimeout(queue.getRanges(['active'], 0, -1), ENQUEUE_TIMEOUT_MS));
  } catch {
    // Redis is away: the adds fail as well, and the next sweep tries again.
    return new Set();
  }
}

function jobOptions(name: JobName, opts: EnqueueOptions) {
  const def = jobCatalog[name];
  return {
    jobId: opts.jobId,
    delay: Math.max(0, Math.round(opts.delayMs ?? 0)),
    ...(opts.priority ? { priority: opts.priority } : {}),
    attempts: def.attempts,
    backoff: { type: 'exponential' as const, delay: def.backoffMs },
    // Removed on completion so the sweep can re-add the same id when Postgres says it is still due.
    removeOnComplete: true,
    removeOnFail: true,
  };
}
