import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from '../context.ts';

export const healthRoutes = new Hono<AppEnv>()
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
    const ready = postgres && redis;
    return c.json({ status: ready ? 'ready' : 'unavailable', postgres, redis }, ready ? 200 : 503);
  });
