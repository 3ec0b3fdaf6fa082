import type { Env } from '../config/env.ts';
import { createApp } from '../http/app.ts';
import type { Result } from '../lib/result.ts';
import { ok } from '../lib/result.ts';
import { startEngine } from './engine.ts';
import { listenHttp } from './http-listen.ts';
import type { Runtime } from './runtime.ts';

/**
 * `duban serve`: the webhook app and the jobs engine in one process; `withHttp: false` is `duban jobs`.
 * Fails, having started nothing, when the port cannot be bound.
 */
export async function runNode(rt: Runtime, env: Env, withHttp: boolean): Promise<Result<void, string>> {
  const { logger } = rt.deps;
  const listening = withHttp ? await listenHttp(createApp(rt.deps).fetch, env.PORT, logger) : null;
  if (listening && !listening.ok) {
    await rt.close();
    return listening;
  }
  const server = listening?.value ?? null;
  const engine = startEngine(rt);
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
  return ok(undefined);
}
