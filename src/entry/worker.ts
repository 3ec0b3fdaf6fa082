import { parseEnv } from '../config/env.ts';
import { createPostgresDb } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { createApp } from '../http/app.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { createLarkApi } from '../lark/client.ts';
import { createLogger } from '../lib/logger.ts';
import { noMetrics } from '../metrics/metrics.ts';

/**
 * Cloudflare Workers entry: the webhook only. Events are committed to Postgres (through Hyperdrive)
 * and left for the Node jobs process, whose sweep queues them; timing and sending stay there.
 */
type WorkerBindings = Record<string, unknown> & { HYPERDRIVE?: { connectionString: string } };
type WaitUntil = { waitUntil(p: Promise<unknown>): void };

const noQueue: JobQueue = {
  enqueue: async () => false,
  ping: async () => true,
  queues: new Map(),
  close: async () => {},
};

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
    // Hyperdrive pools for us; a client per request, because sockets cannot cross requests in Workers.
    const handle = createPostgresDb(env.value.DATABASE_URL, 1);
    const logger = createLogger(env.value.LOG_LEVEL);
    const deps: Deps = {
      db: handle.db,
      jobs: noQueue,
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
      metrics: noMetrics,
    };
    const response = await createApp(deps).fetch(request);
    ctx.waitUntil(handle.close());
    return response;
  },
};
