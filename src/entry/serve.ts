import type { ServerType } from '@hono/node-server';
import type { Env } from '../config/env.ts';
import { createApp } from '../http/app.ts';
import { createAdminApp } from '../http/routes/admin.ts';
import { startMaintenance } from '../jobs/maintenance.ts';
import type { Result } from '../lib/result.ts';
import { ok } from '../lib/result.ts';
import type { Sandbox } from '../sandbox/index.ts';
import { startEngine } from './engine.ts';
import { listenHttp } from './http-listen.ts';
import { guardProcess } from './process-guards.ts';
import type { Runtime } from './runtime.ts';

/**
 * How long a SIGTERM waits for in-flight requests and jobs before cutting them off (a cut-off job runs
 * again as stalled; a cut-off request is re-pushed by Feishu). Below systemd's TimeoutStopSec (30 s in
 * deploy/duban.service).
 */
export const SHUTDOWN_GRACE_MS = 20_000;
const CLOSE_GRACE_MS = 5_000;

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

export const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

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
  const link = withHttp && env.LARK_EVENT_MODE === 'ws' ? await connectLongConnection(rt, env) : null;
  // The server first, so /healthz answers while the workers connect and the first sweep runs.
  const listening = withHttp ? await listen(rt, env, link, sandbox) : null;
  if (listening && !listening.ok) {
    link?.close();
    await sandbox?.close();
    await rt.close();
    return listening;
  }
  const server = listening?.value ?? null;
  const engine = startEngine(rt);
  const maintenance = startMaintenance(rt.deps, rt.redis);
  if (!withHttp) logger.info('duban jobs engine running');
  const signal = await firstSignal();
  logger.info({ signal, graceMs: SHUTDOWN_GRACE_MS }, 'shutting down: finishing requests and jobs');
  const deadline = Date.now() + SHUTDOWN_GRACE_MS;
  link?.close();
  // Requests and jobs finish side by side; the producer queue and the pools stay open until both have.
  const [drained, finished] = await Promise.all([
    server ? drain(server, deadline) : true,
    within(Promise.all([engine.close(), maintenance.close()]), deadline),
  ]);
  if (!drained || !finished) {
    logger.warn({ drained, finished }, 'shutdown grace over: cut off what was left (it runs again later)');
  }
  await sandbox?.close();
  // Closing the pools is quick unless a server is gone; it must not hold the exit either.
  if (!(await within(rt.close(), Date.now() + CLOSE_GRACE_MS))) logger.warn('pools did not close in time');
  logger.info('stopped');
  return ok(undefined);
}

function listen(
  rt: Runtime,
  env: Env,
  link: Awaited<ReturnType<typeof connectLongConnection>> | null,
  sandbox: Sandbox | undefined,
): Promise<Result<ServerType, string>> {
  const token = env.DUBAN_ADMIN_TOKEN;
  const admin = token ? createAdminApp(token, rt.deps.jobs.queues.values()) : undefined;
  const app = createApp(rt.deps, {
    metricsOpen: isLoopback(env.HOST),
    adminToken: token,
    admin,
    ...(link && { longConnection: link.state }),
    // The sandbox plays Feishu toward this very app: its requests go through app.fetch like any other.
    mounts: sandbox
      ? [{ path: '/sandbox', app: sandbox.routes(rt.deps, async (req) => app.fetch(req)) }]
      : [],
  });
  return listenHttp(app.fetch, env.PORT, rt.deps.logger, env.HOST);
}

async function connectLongConnection(rt: Runtime, env: Env) {
  // EnvSchema refuses ws mode without both.
  if (!env.LARK_APP_ID || !env.LARK_APP_SECRET)
    throw new Error('LARK_EVENT_MODE=ws needs the app credentials');
  // The SDK (about 70 MB resident) is loaded only in this mode; webhook mode loads it on its first call.
  const { startLongConnection } = await import('../lark/ws-receiver.ts');
  return startLongConnection(rt.deps, {
    appId: env.LARK_APP_ID,
    appSecret: env.LARK_APP_SECRET,
    domain: env.LARK_DOMAIN,
    ...(rt.transport && { transport: rt.transport }),
  });
}

/** Resolves on the first SIGTERM or SIGINT; a second one exits at once, whatever is still running. */
function firstSignal(): Promise<string> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) {
        process.stderr.write(`duban: second ${signal}, exiting now\n`);
        process.exit(SIGNAL_EXIT[signal] ?? 1);
      }
      received = true;
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

/**
 * Stops accepting connections and waits for the requests in flight; idle keep-alive connections are
 * closed as they become idle. At the deadline whatever is left is closed. True when all finished.
 */
function drain(server: ServerType, deadline: number): Promise<boolean> {
  if (!('closeIdleConnections' in server))
    return within(new Promise((r) => server.close(() => r(true))), deadline);
  return new Promise((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const cutoff = setTimeout(
      () => {
        clearInterval(idle);
        server.closeAllConnections();
        resolve(false);
      },
      Math.max(0, deadline - Date.now()),
    );
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cutoff);
      resolve(true);
    });
  });
}

/** True when `p` settles before the deadline. */
function within(p: Promise<unknown>, deadline: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
    p.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(true);
      },
    );
  });
}
