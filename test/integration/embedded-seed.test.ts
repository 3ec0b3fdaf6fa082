/**
 * The embedded database's first start copies the build's migrated cluster instead of running PGlite's
 * initdb and every migration; an interrupted copy starts over and a damaged seed falls back to initdb.
 */
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { openEmbeddedDb } from '../../src/db/embedded/index.ts';
import { seedPath } from '../../src/db/embedded/seed.ts';
import { latestMigration, MIGRATIONS_DIR } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/lib/logger.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function newDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'duban-seed-'));
  dirs.push(d);
  return d;
}

async function open(dataDir: string, seedFile?: string | null) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const opened = await openEmbeddedDb({
    dataDir,
    role: 'cli',
    command: 'test',
    logger: createLogger('info', {}, sink),
    ...(seedFile !== undefined && { seedFile }),
  });
  if (!opened.ok) throw new Error(opened.error);
  const handle = opened.value;
  await sql`create table t (x int)`.execute(handle.db);
  await sql`insert into t values (1)`.execute(handle.db);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from t`.execute(handle.db);
  const applied = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`
    .execute(handle.db)
    .then(
      (r) => r.rows[0]?.n ?? 0,
      () => 0,
    );
  await handle.close();
  return { rows: rows[0]?.n, log: lines.join(''), migrations: applied };
}

it('the build made a seed for the installed PGlite and the newest migration (npm ci runs the build)', () => {
  expect(seedPath()).toMatch(new RegExp(`dist/seed/pglite-[\\d.]+-${latestMigration()}$`));
});

it('a new data directory starts from the seed and works', async () => {
  const dir = await newDir();
  const { rows, log, migrations } = await open(dir);
  expect(rows).toBe(1);
  expect(log).toContain('created from the build’s seed');
  // It holds every migration: the migrator has nothing left to apply.
  expect(migrations).toBe(readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).length);
  // The second start opens what is there, without the seed.
  const again = await open(path.join(dir), undefined).catch((e: Error) => e.message);
  expect(again).toMatch(/relation "t" already exists/);
}, 120_000);

it('a copy interrupted before it finished starts over', async () => {
  const dir = await newDir();
  // What a kill -9 mid-copy leaves: part of the cluster beside, nothing usable in place.
  await mkdir(path.join(dir, 'pglite.seeding', 'base'), { recursive: true });
  await writeFile(path.join(dir, 'pglite.seeding', 'PG_VERSION'), '17\n');
  await mkdir(path.join(dir, 'pglite'), { recursive: true });
  const { rows, log } = await open(dir);
  expect(rows).toBe(1);
  expect(log).toContain('created from the build’s seed');
}, 120_000);

it('a damaged seed falls back to initialising the database', async () => {
  const dir = await newDir();
  const bad = path.join(dir, 'bad-seed');
  await mkdir(bad);
  await writeFile(path.join(bad, 'PG_VERSION'), '17\n');
  const { rows, log } = await open(path.join(dir, 'data'), bad);
  expect(rows).toBe(1);
  expect(log).toContain('could not be opened; initialising');
}, 180_000);
