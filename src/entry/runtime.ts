import type { Env } from '../config/env.ts';
import { missingLarkSettings } from '../config/env.ts';
import type { DbHandle } from '../db/client.ts';
import { openDb } from '../db/client.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Deps } from '../deps.ts';
import type { RedisSettings } from '../jobs/queue.ts';
import { createJobQueue } from '../jobs/queue.ts';
import { createLarkApi } from '../lark/client.ts';
import type { FeishuTransport } from '../lark/proxy.ts';
import { proxiedTransport } from '../lark/proxy.ts';
import type { Logger } from '../lib/logger.ts';
import { resolveRedis } from './embedded-redis.ts';

export type Runtime = {
  deps: Deps;
  dbHandle: DbHandle;
  redis: RedisSettings;
  /** Set when every call to Feishu goes through HTTPS_PROXY. */
  transport?: FeishuTransport;
  close(): Promise<void>;
};

/** Builds every dependency once for an entrypoint. */
export async function buildRuntime(
  env: Env,
  logger: Logger,
  opts: {
    redisPrefix?: string;
    /** `serve` only: a private redis-server when REDIS_URL is unset and none runs (embedded-redis.ts). */
    privateRedis?: boolean;
    /** The engine's clock; only the sandbox moves it. */
    now?: () => Date;
  } = {},
): Promise<Runtime> {
  const dbHandle = await openDb(env.DATABASE_URL, env.DUBAN_DATA_DIR);
  if (dbHandle.kind === 'pglite')
    logger.info({ dir: env.DUBAN_DATA_DIR }, 'DATABASE_URL is not set: using the embedded database');
  const ownRedis = opts.privateRedis ? await resolveRedis(env, logger) : null;
  const redis: RedisSettings = { url: ownRedis?.url ?? env.REDIS_URL, prefix: opts.redisPrefix ?? 'duban' };
  const jobs = createJobQueue(redis, logger);
  const transport = env.HTTPS_PROXY ? proxiedTransport(env.HTTPS_PROXY) : undefined;
  const deps: Deps = {
    db: dbHandle.db,
    jobs,
    lark: createLarkApi(
      {
        appId: env.LARK_APP_ID,
        appSecret: env.LARK_APP_SECRET,
        domain: env.LARK_DOMAIN,
        httpInstance: transport?.http,
      },
      logger,
    ),
    logger,
    secrets: { encryptKey: env.LARK_ENCRYPT_KEY, verificationToken: env.LARK_VERIFICATION_TOKEN },
    now: opts.now ?? (() => new Date()),
  };
  return {
    deps,
    dbHandle,
    redis,
    ...(transport && { transport }),
    async close() {
      await jobs.close();
      await dbHandle.close();
      await ownRedis?.stop();
    },
  };
}

/** Start-up checks that print one clear line each and keep going: the bot still stores what it receives. */
export async function announceStartup(rt: Runtime, env: Env): Promise<void> {
  const { logger } = rt.deps;
  for (const line of missingLarkSettings(env)) logger.warn(line);
  if (!(await rt.deps.jobs.ping())) {
    logger.warn(
      env.redisUrlExplicit
        ? `Redis at ${env.REDIS_URL} is not reachable: start it or fix REDIS_URL; events are stored and processed once it is up`
        : `Redis is not running at ${env.REDIS_URL}: install redis-server (apt-get install redis-server, or brew install redis) and npm start runs a private one, or set REDIS_URL; events are stored meanwhile`,
    );
  }
}

export async function migrate(rt: Runtime): Promise<string[]> {
  const { applied } = await migrateToLatest(rt.deps.db);
  return applied;
}
