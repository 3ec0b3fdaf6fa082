import type { Env } from '../config/env.ts';
import { missingLarkSettings } from '../config/env.ts';
import type { DbHandle } from '../db/client.ts';
import type { EmbeddedRole } from '../db/embedded/index.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import type { Deps } from '../deps.ts';
import type { RedisSettings } from '../jobs/queue.ts';
import { createJobQueue } from '../jobs/queue.ts';
import { createLarkApi } from '../lark/client.ts';
import type { FeishuTransport } from '../lark/proxy.ts';
import type { Logger } from '../lib/logger.ts';
import { redactUrl } from '../lib/logger.ts';
import type { Result } from '../lib/result.ts';
import { ok } from '../lib/result.ts';
import { createPrometheusMetrics } from '../metrics/prometheus.ts';
import { resolveRedis } from './embedded-redis.ts';

export type Runtime = {
  deps: Deps;
  dbHandle: DbHandle;
  redis: RedisSettings;
  /** Set when every call to Feishu goes through HTTPS_PROXY. */
  transport?: FeishuTransport;
  close(): Promise<void>;
};

export type RuntimeOptions = {
  redisPrefix?: string;
  /** With the embedded database: a server serves it to commands; a command is a client (db/embedded). */
  role?: EmbeddedRole;
  /** The command line, named to another process waiting for the embedded database. */
  command?: string;
  /** `serve` only: a private redis-server when REDIS_URL is unset and none runs (embedded-redis.ts). */
  privateRedis?: boolean;
  /** The engine's clock; only the sandbox moves it. */
  now?: () => Date;
};

/** Builds every dependency once for an entrypoint; an unreachable database is one clear line. */
export async function buildRuntime(
  env: Env,
  logger: Logger,
  opts: RuntimeOptions = {},
): Promise<Result<Runtime, string>> {
  const opened = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DUBAN_DATA_DIR,
    role: opts.role ?? 'cli',
    command: opts.command ?? 'duban',
    logger,
  });
  if (!opened.ok) return opened;
  const dbHandle = opened.value;
  const ownRedis = opts.privateRedis ? await resolveRedis(env, logger) : null;
  const redis: RedisSettings = { url: ownRedis?.url ?? env.REDIS_URL, prefix: opts.redisPrefix ?? 'duban' };
  const jobs = createJobQueue(redis, logger);
  // axios and the proxy agent are loaded only when a proxy is configured.
  const transport = env.HTTPS_PROXY
    ? (await import('../lark/proxy.ts')).proxiedTransport(env.HTTPS_PROXY)
    : undefined;
  const metrics = createPrometheusMetrics();
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
      metrics,
    ),
    logger,
    secrets: { encryptKey: env.LARK_ENCRYPT_KEY, verificationToken: env.LARK_VERIFICATION_TOKEN },
    now: opts.now ?? (() => new Date()),
    metrics,
  };
  metrics.watch(deps);
  return ok({
    deps,
    dbHandle,
    redis,
    ...(transport && { transport }),
    async close() {
      await jobs.close();
      await dbHandle.close();
      await ownRedis?.stop();
    },
  });
}

/** Start-up checks that print one clear line each and keep going: the bot still stores what it receives. */
export async function announceStartup(rt: Runtime, env: Env): Promise<void> {
  const { logger } = rt.deps;
  for (const line of missingLarkSettings(env)) logger.warn(line);
  if (!(await rt.deps.jobs.ping())) {
    logger.warn(
      env.redisUrlExplicit
        ? `Redis at ${redactUrl(env.REDIS_URL)} is not reachable: start it or fix REDIS_URL; events are stored and processed once it is up`
        : `Redis is not running at ${redactUrl(env.REDIS_URL)}: install redis-server (apt-get install redis-server, or brew install redis) and npm start runs a private one, or set REDIS_URL; events are stored meanwhile`,
    );
  }
}

export async function migrate(rt: Runtime): Promise<string[]> {
  const { applied } = await migrateToLatest(rt.deps.db);
  return applied;
}
