import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { Deps } from '../deps.ts';
import type { AppEnv } from './context.ts';
import type { AdminApp } from './routes/admin.ts';
import type { ReadinessProbes } from './routes/health.ts';
import { healthRoutes } from './routes/health.ts';
import { larkRoutes } from './routes/lark.ts';
import { metricsRoutes } from './routes/metrics.ts';

export type AppOptions = ReadinessProbes & {
  /** Sub-apps only some processes serve (the sandbox), mounted before the not-found handler. */
  mounts?: ReadonlyArray<{ path: string; app: Hono<AppEnv> }>;
  /** GET /metrics exists (default); the Workers entry keeps no metrics to serve. */
  serveMetrics?: boolean;
  /** GET /metrics without a token: only when the server listens on loopback. */
  metricsOpen?: boolean;
  /** DUBAN_ADMIN_TOKEN; unset, /admin/* does not exist and /metrics is open only on loopback. */
  adminToken?: string | undefined;
  /** The queue board (`createAdminApp`), built by the Node entry when the token is set. */
  admin?: AdminApp | undefined;
};

/** The one Hono app, built from injected dependencies: the Node entry and the Workers entry share it. */
export function createApp(deps: Deps, opts: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    const requestId = c.req.header('x-request-id') ?? randomUUID();
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.set('logger', deps.logger.child({ requestId }));
    await next();
    c.header('x-request-id', requestId);
  });
  app.route('/', healthRoutes(opts));
  app.route('/lark', larkRoutes);
  for (const mount of opts.mounts ?? []) app.route(mount.path, mount.app);
  if (opts.serveMetrics !== false)
    app.route('/', metricsRoutes({ open: opts.metricsOpen ?? false, token: opts.adminToken }));
  if (opts.admin) app.route('/', opts.admin);
  app.notFound((c) => c.json({ error: 'not_found' }, 404));
  app.onError((e, c) => {
    // A bug: log its message, code and stack (the err serializer drops the rest), answer without internals.
    c.var.logger.error({ err: e }, 'unhandled error');
    return c.json({ error: 'internal_error', requestId: c.var.requestId }, 500);
  });
  return app;
}
