import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../lib/logger.ts';
import type { Database } from './database.ts';

export type Db = Kysely<Database>;

// int8 (ids, counts) as numbers: ids stay far below 2^53. Dates stay 'YYYY-MM-DD' strings so no
// process time zone ever shifts a deadline.
const INT8 = 20;
const DATE = 1082;
pg.types.setTypeParser(INT8, (v: string) => Number(v));
pg.types.setTypeParser(DATE, (v: string) => v);

export type DbHandle = { db: Db; kind: 'postgres' | 'pglite'; close: () => Promise<void> };

export function createPostgresDb(connectionString: string, max = 10, logger?: Logger): DbHandle {
  // keepAlive: a failover can leave a connection to a server that is gone; TCP keepalive finds it.
  const pool = new pg.Pool({ connectionString, max, keepAlive: true });
  // A connection can end at any moment (restart, failover, pg_terminate_backend). An idle client's
  // error goes to the pool; a checked-out client emits 'error' on itself, and with no listener that
  // kills the process. Its query rejects all the same (the job retries, the webhook answers 500 and
  // Feishu re-sends), and pg-pool drops the broken client when it is released.
  pool.on('error', () => {});
  pool.on('connect', (client) =>
    client.on('error', (e: Error & { code?: string }) =>
      logger?.warn({ err: e.message, code: e.code }, 'a Postgres connection was lost; the pool replaces it'),
    ),
  );
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}
