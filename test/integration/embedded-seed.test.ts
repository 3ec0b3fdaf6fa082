/**
 * The embedded database's first start unpacks the build's initialised cluster instead of running
 * PGlite's initdb; an interrupted unpack starts over and a damaged seed falls back to initdb.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { openEmbeddedDb } from '../../src/db/embedded/index.ts';
import { seedPath } from '../../src/db/embedded/seed.ts';
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
  await handle.close();
  return { rows: rows[0]?.n, log: lines.join('') };
}

it('the build made a seed for the installed PGlite (npm ci runs the build)', () => {
  expect(seedPath()).toMatch(/dist\/seed\/pglite-[\d.]+\.tar\.gz$/);
});

it('a new data directory starts from the seed and works', async () => {
  const dir = await newDir();
  const { rows, log } = await open(dir);
  expect(rows).toBe(1);
  expect(log).toContain('created from the build’s seed');
  // The second start opens what is there, without the seed.
  const again = await open(path.join(dir), undefined).catch((e: Error) => e.message);
  expect(again).toMatch(/relation "t" already exists/);
}, 120_000);

it('an unpack interrupted before it finished starts over', async () => {
  const dir = await newDir();
  await mkdir(path.join(dir, 'pglite'), { recursive: true });
  await writeFile(path.join(dir, 'pglite', 'PG_VERSION'), '17\n');
  await writeFile(path.join(dir, 'pglite.seeding'), '');
  const { rows, log } = await open(dir);
  expect(rows).toBe(1);
  expect(log).toContain('created from the build’s seed');
}, 120_000);

it('a damaged seed falls back to initialising the database', async () => {
  const dir = await newDir();
  const bad = path.join(dir, 'bad-seed.tar.gz');
  await writeFile(bad, 'not a tarball');
  const { rows, log } = await open(path.join(dir, 'data'), bad);
  expect(rows).toBe(1);
  expect(log).toContain('could not be loaded');
}, 180_000);
