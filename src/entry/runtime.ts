import type { Env } from '../config/env.ts';
import { missingLarkSettings } from '../config/env.ts';
import type { DbHandle } from '../db/client.ts';
import { openDb } from '../db/client.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Deps } from '../deps.ts';
import type { RedisSettings } from '../jobs/queue.ts';
import { createJobQueue } from '../jobs/queue.ts';
import { createLarkApi } from '../lark/client.ts';
import type { Logger } from '../lib/logger.ts';
import { createPrometheusMetrics } from '../metrics/prometheus.ts';

export type Runtime = { deps: Deps; dbHandle: DbHandle; redis: RedisSettings; close(): Promise<void> };

/** Builds every dependency once for an entrypoint. */
export async function buildRuntime(
  env: Env,
  logger: Logger,
  opts: { redisPrefix?: string } = {},
): Promise<Runtime> {
  const dbHandle = await openDb(env.DATABASE_URL, env.DUBAN_DATA_DIR);
  if (dbHandle.kind === 'pglite')
    logger.info({ dir: env.DUBAN_DATA_DIR }, 'DATABASE_URL is not set: using the embedded database');
  const redis: RedisSettings = { url: env.REDIS_URL, prefix: opts.redisPrefix ?? 'duban' };
  const jobs = createJobQueue(redis, logger);
  const metrics = createPrometheusMetrics();
  const deps: Deps = {
    db: dbHandle.db,
    jobs,
    lark: createLarkApi(
      { appId: env.LARK_APP_ID, appSecret: env.LARK_APP_SECRET, domain: env.LARK_DOMAIN },
      logger,
      metrics,
    ),
    logger,
    secrets: { encryptKey: env.LARK_ENCRYPT_KEY, verificationToken: env.LARK_VERIFICATION_TOKEN },
    now: () => new Date(),
    metrics,
  };
  metrics.watch(deps);
  return {
    deps,
    dbHandle,
    redis,
    async close() {
      await jobs.close();
      await dbHandle.close();
    },
  };
}

/** Start-up checks that print one clear line each and keep going: the bot still stores what it receives. */
export async function announceStartup(rt: Runtime, env: Env): Promise<void> {
  const { logger } = rt.deps;
  for (const line of missingLarkSettings(env)) logger.warn(line);
  if (!(await rt.deps.jobs.ping())) {
    logger.warn(
      `Redis at ${env.REDIS_URL} is not reachable: start one (apt-get install redis-server && redis-server --daemonize yes) or set REDIS_URL; events are stored and processed once it is up`,
    );
  }
}

export async function migrate(rt: Runtime): Promise<string[]> {
  const { applied } = await migrateToLatest(rt.deps.db);
  return applied;
}
