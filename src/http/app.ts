import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { Deps } from '../deps.ts';
import type { AppEnv } from './context.ts';
import type { ReadinessProbes } from './routes/health.ts';
import { healthRoutes } from './routes/health.ts';
import { larkRoutes } from './routes/lark.ts';

export type AppOptions = ReadinessProbes & {
  /** Sub-apps only some processes serve (the sandbox), mounted before the not-found handler. */
  mounts?: ReadonlyArray<{ path: string; app: Hono<AppEnv> }>;
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
  app.notFound((c) => c.json({ error: 'not_found' }, 404));
  app.onError((e, c) => {
    // A bug: log its message, code and stack (the err serializer drops the rest), answer without internals.
    c.var.logger.error({ err: e }, 'unhandled error');
    return c.json({ error: 'internal_error', requestId: c.var.requestId }, 500);
  });
  return app;
}
