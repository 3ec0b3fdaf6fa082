import { parseEnv } from '../config/env.ts';
import { createPostgresDb } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { createApp } from '../http/app.ts';
import { createJobQueue } from '../jobs/queue.ts';
import { createLarkApi } from '../lark/client.ts';
import { createLogger } from '../lib/logger.ts';
import { noMetrics } from '../metrics/metrics.ts';

/**
 * Cloudflare Workers entry: the webhook (events and card callbacks). Events are committed to Postgres
 * through Hyperdrive and queued straight to BullMQ in Redis, so the Node jobs engine (`duban jobs`)
 * handles them at once; the engine's sweep still queues anything a failed enqueue left behind.
 */
type WorkerBindings = Record<string, unknown> & { HYPERDRIVE?: { connectionString: string } };
type WaitUntil = { waitUntil(p: Promise<unknown>): void };

/** The BullMQ prefix of the Node processes (`buildRuntime`): the jobs engine reads these queues. */
const REDIS_PREFIX = 'duban';

// biome-ignore lint/style/noDefaultExport: Wrangler needs the default export.
export default {
  async fetch(request: Request, bindings: WorkerBindings, ctx: WaitUntil): Promise<Response> {
    const source = Object.fromEntries(
      Object.entries(bindings).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const env = parseEnv({
      ...source,
      DATABASE_URL: bindings.HYPERDRIVE?.connectionString ?? source.DATABASE_URL,
    });
    if (!env.ok || !env.value.DATABASE_URL) {
      return Response.json(
        { error: 'BAD_ENVIRONMENT', message: env.ok ? 'no HYPERDRIVE binding' : env.error },
        { status: 500 },
      );
    }
    // Sockets cannot outlive a request in Workers (a client kept across requests hangs on the second
    // one): a Postgres client and a Redis connection per request, closed once the answer is out.
    // Hyperdrive pools the Postgres side for us.
    const handle = createPostgresDb(env.value.DATABASE_URL, 1);
    const logger = createLogger(env.value.LOG_LEVEL);
    const jobs = createJobQueue({ url: env.value.REDIS_URL, prefix: REDIS_PREFIX }, logger);
    const deps: Deps = {
      db: handle.db,
      jobs,
      lark: createLarkApi(
        { appId: env.value.LARK_APP_ID, appSecret: env.value.LARK_APP_SECRET, domain: env.value.LARK_DOMAIN },
        logger,
      ),
      logger,
      secrets: {
        encryptKey: env.value.LARK_ENCRYPT_KEY,
        verificationToken: env.value.LARK_VERIFICATION_TOKEN,
      },
      now: () => new Date(),
      // Nothing outlives a request here to count into; /metrics is the Node processes'.
      metrics: noMetrics,
    };
    const response = await createApp(deps, { serveMetrics: false }).fetch(request);
    ctx.waitUntil(Promise.allSettled([jobs.close(), handle.close()]));
    return response;
  },
};
