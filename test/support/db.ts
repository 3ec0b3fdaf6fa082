import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DbHandle } from '../../src/db/client.ts';
import { createPostgresDb } from '../../src/db/client.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { databaseUrl, TEST_PG_ADMIN_URL } from './env.ts';

export type TestDb = DbHandle & { name: string; url: string; drop: () => Promise<void> };

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh database per test file: files run in parallel without seeing each other's rows. */
export async function createTestDb(opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const name = `duban_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = databaseUrl(name);
  const handle = createPostgresDb(url, 20);
  if (opts.migrate !== false) await migrateToLatest(handle.db);
  return {
    ...handle,
    name,
    url,
    drop: async () => {
      await handle.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
