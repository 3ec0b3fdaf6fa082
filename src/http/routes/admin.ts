import type { Queue } from 'bullmq';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { adminAuth } from '../admin-auth.ts';
import type { AppEnv } from '../context.ts';

export const QUEUE_BOARD_PATH = '/admin/queues';

/** A sub-app for /admin/*: mounted only when DUBAN_ADMIN_TOKEN is set. */
export type AdminApp = Hono<AppEnv>;

/** Bull Board over the queues, as a Hono app answering under QUEUE_BOARD_PATH. */
async function createQueueBoard(queues: Queue[]): Promise<Hono> {
  const [{ createBullBoard }, { BullMQAdapter }, { HonoAdapter }, { serveStatic }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/hono'),
    import('@hono/node-server/serve-static'),
  ]);
  const board = new HonoAdapter(serveStatic).setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: board });
  return new Hono().route(QUEUE_BOARD_PATH, board.registerPlugin());
}

/**
 * Bull Board over the engine's queues, behind DUBAN_ADMIN_TOKEN. The board (about 25 MB resident with
 * its templates) is loaded on the first authorised request, so a server nobody looks at stays small.
 * Retrying or removing jobs there is safe: Postgres is the record, and the sweep re-creates any job
 * that is still due.
 */
export function createAdminApp(token: string, queues: Iterable<Queue>): AdminApp {
  const list = [...queues];
  let board: Promise<Hono> | null = null;
  const toBoard = async (c: Context<AppEnv>) => {
    board ??= createQueueBoard(list);
    return (await board).fetch(c.req.raw);
  };
  return new Hono<AppEnv>()
    .use('/admin/*', adminAuth(token))
    .all(QUEUE_BOARD_PATH, toBoard)
    .all(`${QUEUE_BOARD_PATH}/*`, toBoard);
}
