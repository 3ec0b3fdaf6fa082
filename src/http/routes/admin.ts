import type { Queue } from 'bullmq';
import { Hono } from 'hono';
import { adminAuth } from '../admin-auth.ts';
import type { AppEnv } from '../context.ts';

export const QUEUE_BOARD_PATH = '/admin/queues';

/** A sub-app for /admin/*: mounted only when DUBAN_ADMIN_TOKEN is set. */
export type AdminApp = Hono<AppEnv>;

/**
 * Bull Board over the engine's queues, behind DUBAN_ADMIN_TOKEN. Loaded on demand: the board and its
 * templates are only read by a process that serves them. Retrying or removing jobs there is safe:
 * Postgres is the record, and the sweep re-creates any job that is still due.
 */
export async function createAdminApp(token: string, queues: Iterable<Queue>): Promise<AdminApp> {
  const [{ createBullBoard }, { BullMQAdapter }, { HonoAdapter }, { serveStatic }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/hono'),
    import('@hono/node-server/serve-static'),
  ]);
  const board = new HonoAdapter(serveStatic).setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: [...queues].map((q) => new BullMQAdapter(q)), serverAdapter: board });
  const admin = new Hono<AppEnv>();
  admin.use('/admin/*', adminAuth(token));
  admin.route(QUEUE_BOARD_PATH, board.registerPlugin());
  return admin;
}
