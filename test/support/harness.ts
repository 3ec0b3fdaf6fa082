import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { Redis } from 'ioredis';
import type { Deps } from '../../src/deps.ts';
import type { Engine } from '../../src/entry/engine.ts';
import { startEngine } from '../../src/entry/engine.ts';
import type { Runtime } from '../../src/entry/runtime.ts';
import { createApp } from '../../src/http/app.ts';
import type { AppEnv } from '../../src/http/context.ts';
import type { RedisSettings } from '../../src/jobs/queue.ts';
import { createJobQueue } from '../../src/jobs/queue.ts';
import type { SendLimits } from '../../src/jobs/workers.ts';
import { createLarkApi } from '../../src/lark/client.ts';
import type { LarkEmulator } from '../../src/lark/emulator/server.ts';
import { startLarkEmulator } from '../../src/lark/emulator/server.ts';
import type { Logger } from '../../src/lib/logger.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createPrometheusMetrics } from '../../src/metrics/prometheus.ts';
import type { TestDb } from './db.ts';
import { createTestDb } from './db.ts';
import { importSample } from './directory.ts';
import { TEST_REDIS_URL } from './env.ts';
import type { SignedRequest } from './lark-requests.ts';
import { fixtureSecrets, signedRequest } from './lark-requests.ts';

export type Harness = {
  fake: LarkEmulator;
  testDb: TestDb;
  deps: Deps;
  app: Hono<AppEnv>;
  redis: RedisSettings;
  /** POSTs an envelope as Feishu would: encrypted, signed, now. */
  post(envelope: object, path?: string): Promise<Response>;
  postRaw(req: SignedRequest, path?: string): Promise<Response>;
  startEngine(opts?: { sweepIntervalMs?: number; limits?: SendLimits }): Engine;
  close(): Promise<void>;
};

/**
 * `clock` pins the engine's notion of now (it still advances in real time from there), so tests of
 * working days and deadlines do not depend on the day they run. Webhook requests are signed with it.
 */
export async function createHarness(
  opts: { redisUrl?: string; redisPrefix?: string; sample?: boolean; clock?: Date; logger?: Logger } = {},
): Promise<Harness> {
  const fake = await startLarkEmulator();
  const testDb = await createTestDb();
  if (opts.sample !== false) await importSample(testDb.db);
  const logger = opts.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const redis: RedisSettings = {
    url: opts.redisUrl ?? TEST_REDIS_URL,
    prefix: opts.redisPrefix ?? `t${randomBytes(5).toString('hex')}`,
  };
  const jobs = createJobQueue(redis, logger);
  const metrics = createPrometheusMetrics();
  const deps: Deps = {
    db: testDb.db,
    jobs,
    lark: createLarkApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url }, logger, metrics),
    logger,
    secrets: { encryptKey: fixtureSecrets.encryptKey, verificationToken: fixtureSecrets.verificationToken },
    now: clockFrom(opts.clock),
    // Card callbacks are answered when their work is done, however slow the machine: no test races
    // the 2.5 s answer timer (tests of a late answer inject one that fires at once).
    cardAnswerDeadline: () => new Promise<void>(() => {}),
    metrics,
  };
  metrics.watch(deps);
  const app = createApp(deps);
  const engines: Engine[] = [];
  const postRaw = async (req: SignedRequest, path = '/lark/events') =>
    app.request(path, { method: 'POST', body: req.body, headers: req.headers });
  return {
    fake,
    testDb,
    deps,
    app,
    redis,
    postRaw,
    post: (envelope, path) =>
      postRaw(
        signedRequest(fixtureSecrets, envelope, { timestamp: Math.floor(deps.now().getTime() / 1000) }),
        path,
      ),
    startEngine(engineOpts = {}) {
      const rt: Runtime = { deps, dbHandle: testDb, redis, close: async () => {} };
      const engine = startEngine(rt, {
        sweepIntervalMs: engineOpts.sweepIntervalMs ?? 200,
        limits: engineOpts.limits,
      });
      engines.push(engine);
      return engine;
    },
    async close() {
      await Promise.allSettled(engines.map((e) => e.close()));
      await jobs.close();
      await clearPrefix(redis);
      await testDb.drop();
      await fake.close();
    },
  };
}

async function clearPrefix(settings: RedisSettings): Promise<void> {
  const r = new Redis(settings.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  r.on('error', () => {});
  try {
    await r.connect();
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${settings.prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await r.del(...keys);
    } while (cursor !== '0');
  } catch {
    // The Redis of a test may be gone on purpose (outage tests); nothing of it to clean then.
  } finally {
    r.disconnect();
  }
}

function clockFrom(start: Date | undefined): () => Date {
  if (!start) return () => new Date();
  const offset = start.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}
