import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from '../context.ts';

/** Readiness beyond Postgres and Redis: the long connection in `ws` mode. */
export type ReadinessProbes = { longConnection?: () => string };

export const healthRoutes = (probes: ReadinessProbes = {}) =>
  new Hono<AppEnv>()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      const { db, jobs } = c.var.deps;
      const [postgres, redis] = await Promise.all([
        sql`select 1`.execute(db).then(
          () => true,
          () => false,
        ),
        jobs.ping(),
      ]);
      const longConnection = probes.longConnection?.();
      const ready = postgres && redis && (longConnection === undefined || longConnection === 'connected');
      return c.json(
        {
          status: ready ? 'ready' : 'unavailable',
          postgres,
          redis,
          ...(longConnection !== undefined && { longConnection }),
        },
        ready ? 200 : 503,
      );
    });
