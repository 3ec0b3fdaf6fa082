import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Deps } from '../deps.ts';
import { purgeExpired } from '../services/purge-expired.ts';
import { jobCatalog } from './catalog.ts';
import type { RedisSettings } from './queue.ts';

/** 03:30 Beijing: after the night's quiet, before the 09:00 reminders. */
export const RETENTION_SCHEDULE = { pattern: '0 30 3 * * *', tz: 'Asia/Shanghai' };
export const RETENTION_SCHEDULER_ID = 'retention-daily';

export type Maintenance = { close(): Promise<void> };

/**
 * Housekeeping jobs of the jobs engine. The retention pass runs from a BullMQ job scheduler, so several
 * jobs processes run it once a day between them; the scheduler is upserted at every start, so a Redis
 * flush loses at most one day's run.
 */
export function startMaintenance(deps: Deps, redis: RedisSettings): Maintenance {
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  connection.on('error', (e: Error) =>
    deps.logger.debug({ err: e.message }, 'redis maintenance connection error'),
  );
  const { queue } = jobCatalog.retention;
  const worker = new Worker(
    queue,
    async (job) => {
      if (job.name === 'retention') await purgeExpired(deps, new Date());
    },
    { connection, prefix: redis.prefix, concurrency: 1 },
  );
  worker.on('error', (e: Error) => deps.jobs.reportError(queue, e));
  worker.on('failed', (job, e: Error) =>
    deps.logger.warn({ jobId: job?.id, err: e.message, queue }, 'job failed'),
  );
  deps.jobs.queues
    .get(queue)
    ?.upsertJobScheduler(RETENTION_SCHEDULER_ID, RETENTION_SCHEDULE, {
      name: 'retention',
      data: {},
      opts: { attempts: jobCatalog.retention.attempts, removeOnComplete: true, removeOnFail: 100 },
    })
    .catch((e: unknown) =>
      deps.logger.warn(
        { err: e instanceof Error ? e.message : String(e) },
        'retention schedule not set; next start retries',
      ),
    );
  return {
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
