import { serve } from '@hono/node-server';
import type { Env } from '../config/env.ts';
import { createApp } from '../http/app.ts';
import { startEngine } from './engine.ts';
import { guardProcess } from './process-guards.ts';
import type { Runtime } from './runtime.ts';

/** `duban serve`: the webhook app and the jobs engine in one process; `withHttp: false` is `duban jobs`. */
export async function runNode(rt: Runtime, env: Env, withHttp: boolean): Promise<void> {
  const { logger } = rt.deps;
  guardProcess(logger);
  const engine = startEngine(rt);
  const server = withHttp
    ? serve({ fetch: createApp(rt.deps).fetch, port: env.PORT, hostname: '0.0.0.0' }, (info) =>
        logger.info(
          { port: info.port },
          `duban listening on http://127.0.0.1:${info.port} (POST /lark/events, /lark/cards)`,
        ),
      )
    : null;
  if (!withHttp) logger.info('duban jobs engine running');
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  server?.close();
  // Active jobs get a bounded time to finish; anything cut off re-runs as stalled and is claimed again.
  await Promise.race([engine.close(), new Promise((r) => setTimeout(r, 10_000))]);
  await rt.close();
}
