/** The embedded database's socket: a command's transaction and the server's own queries take turns. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client.ts';
import { openEmbeddedDb } from '../../src/db/embedded/index.ts';
import { createLogger } from '../../src/lib/logger.ts';

let dir: string;
let server: DbHandle;
let client: pg.Client;
let pool: pg.Pool;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'duban-bridge-'));
  const opened = await openEmbeddedDb({
    dataDir: dir,
    role: 'server',
    command: 'test',
    logger: createLogger('silent'),
  });
  if (!opened.ok) throw new Error(opened.error);
  server = opened.value;
  await sql`create table notes (who text not null)`.execute(server.db);
  const { socket } = JSON.parse(await readFile(path.join(dir, 'pglite.lock'), 'utf8'));
  client = new pg.Client({ ...socket, user: 'postgres', database: 'postgres' });
  await client.connect();
  pool = new pg.Pool({ ...socket, user: 'postgres', database: 'postgres', max: 3 });
}, 120_000);

afterAll(async () => {
  await client.end().catch(() => {});
  await pool.end().catch(() => {});
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const notes = async () =>
  (await sql<{ who: string }>`select who from notes order by who`.execute(server.db)).rows.map((r) => r.who);

it('a statement of the server never runs inside a command’s open transaction', async () => {
  await client.query('begin');
  await client.query('insert into notes values ($1)', ['command']);
  // The server writes while the command's transaction is open: it waits its turn instead of joining it.
  const serverWrite = sql`insert into notes values (${'server'})`.execute(server.db);
  await client.query('rollback');
  await serverWrite;
  expect(await notes()).toEqual(['server']);
});

it('parameterised queries from several connections and the server never mix their statements', async () => {
  await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      i % 3 !== 0
        ? pool.query('insert into notes values ($1)', [`c${i}`])
        : sql`insert into notes values (${`s${i}`})`.execute(server.db),
    ),
  );
  const rows = await notes();
  expect(rows.filter((w) => /^c\d+$/.test(w))).toHaveLength(20);
  expect(rows.filter((w) => /^s\d+$/.test(w))).toHaveLength(10);
});
