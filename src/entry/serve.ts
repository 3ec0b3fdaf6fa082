import type { Env } from '../config/env.ts';
import { createApp } from '../http/app.ts';
import { startLongConnection } from '../lark/ws-receiver.ts';
import type { Result } from '../lib/result.ts';
import { ok } from '../lib/result.ts';
import type { Sandbox } from '../sandbox/index.ts';
import { startEngine } from './engine.ts';
import { listenHttp } from './http-listen.ts';
import { guardProcess } from './process-guards.ts';
import type { Runtime } from './runtime.ts';

/**
 * `duban serve`: the webhook app and the jobs engine in one process; `withHttp: false` is `duban jobs`.
 * Fails, having started nothing, when the port cannot be bound.
 */
export async function runNode(
  rt: Runtime,
  env: Env,
  withHttp: boolean,
  sandbox?: Sandbox,
): Promise<Result<void, string>> {
  const { logger } = rt.deps;
  guardProcess(logger);
  const link = withHttp && env.LARK_EVENT_MODE === 'ws' ? connectLongConnection(rt, env) : null;
  const app = createApp(rt.deps, {
    ...(link && { longConnection: link.state }),
    // The sandbox plays Feishu toward this very app: its requests go through app.fetch like any other.
    mounts: sandbox
      ? [{ path: '/sandbox', app: sandbox.routes(rt.deps, async (req) => app.fetch(req)) }]
      : [],
  });
  const listening = withHttp ? await listenHttp(app.fetch, env.PORT, logger) : null;
  if (listening && !listening.ok) {
    link?.close();
    await sandbox?.close();
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
  link?.close();
  server?.close();
  await sandbox?.close();
  // Active jobs get a bounded time to finish; anything cut off re-runs as stalled and is claimed again.
  await Promise.race([engine.close(), new Promise((r) => setTimeout(r, 10_000))]);
  await rt.close();
  return ok(undefined);
}

function connectLongConnection(rt: Runtime, env: Env) {
  // EnvSchema refuses ws mode without both.
  if (!env.LARK_APP_ID || !env.LARK_APP_SECRET)
    throw new Error('LARK_EVENT_MODE=ws needs the app credentials');
  return startLongConnection(rt.deps, {
    appId: env.LARK_APP_ID,
    appSecret: env.LARK_APP_SECRET,
    domain: env.LARK_DOMAIN,
    ...(rt.transport && { transport: rt.transport }),
  });
}
