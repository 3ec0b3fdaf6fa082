/**
 * Start-up time and idle memory of `duban serve` as production runs it (`node bin/duban.mjs serve`,
 * the compiled dist/), against Postgres and on the embedded database (PGlite), and the TypeScript
 * sources through tsx for comparison. Time: from spawn to the first 200 from GET /healthz. Memory: the
 * process's resident set (VmRSS) after it has sat idle. Needs Postgres and Redis on 127.0.0.1.
 *   npx tsx bench/startup.ts [--runs 3] [--idle 10] [--json]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createTestDb } from '../test/support/db.ts';
import { TEST_REDIS_URL } from '../test/support/env.ts';
import { buildDist, clearDubanKeys, freePort, redisDb } from '../test/support/real-process.ts';

type Case = { name: string; args: string[]; env: Record<string, string> };
type Run = { healthyMs: number; idleRssMb: number; stopMs: number; exitCode: number | null };

/** The CLI runs with its production prefix: a Redis database of the bench's own. */
const REDIS_URL = redisDb(TEST_REDIS_URL, 13);

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kb / 1024);
}

async function measure(c: Case, idleSeconds: number): Promise<Run> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, c.args, {
    env: { ...process.env, ...c.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${c.name}: exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(10);
  }
  const healthyMs = Math.round(performance.now() - started);
  await sleep(idleSeconds * 1000);
  const idleRssMb = await rssMb(child.pid ?? 0);
  const stopping = performance.now();
  child.kill('SIGTERM');
  const exitCode = await exited;
  return { healthyMs, idleRssMb, stopMs: Math.round(performance.now() - stopping), exitCode };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      idle: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  const idle = Number(values.idle);
  await buildDist();
  await clearDubanKeys(REDIS_URL);
  const db = await createTestDb();
  const scratch = await mkdtemp(path.join(tmpdir(), 'duban-startup-'));
  const compiled = ['bin/duban.mjs', 'serve'];
  // A Feishu app configured, as in production (nothing answers at LARK_DOMAIN; serve calls Feishu only
  // when it has something to send). Without one, serve also runs the sandbox.
  const app = {
    LARK_APP_ID: 'cli_bench',
    LARK_APP_SECRET: 'bench-secret',
    LARK_VERIFICATION_TOKEN: 'bench-token',
    LARK_ENCRYPT_KEY: 'bench-key',
    LARK_DOMAIN: 'http://127.0.0.1:1',
  };
  const cases: Case[] = [
    { name: 'dist, Postgres, Feishu app configured', args: compiled, env: { DATABASE_URL: db.url, ...app } },
    {
      name: 'dist, Postgres, app, DUBAN_ADMIN_TOKEN set (board not opened yet)',
      args: compiled,
      env: { DATABASE_URL: db.url, ...app, DUBAN_ADMIN_TOKEN: 'bench-admin-token-0123456789' },
    },
    { name: 'dist, Postgres, no app (sandbox)', args: compiled, env: { DATABASE_URL: db.url } },
    {
      name: 'tsx sources, Postgres, app',
      args: ['--import', 'tsx', 'src/entry/cli.ts', 'serve'],
      env: { DATABASE_URL: db.url, ...app },
    },
    {
      name: 'dist, PGlite (existing data dir)',
      args: compiled,
      env: { DUBAN_DATA_DIR: path.join(scratch, 'warm') },
    },
  ];
  const results: { name: string; runs: Run[] }[] = [];
  const report = (name: string, rs: Run[]) => {
    results.push({ name, runs: rs });
    if (!values.json)
      process.stderr.write(
        `${name}: /healthz ${median(rs.map((r) => r.healthyMs))} ms (${rs.map((r) => r.healthyMs).join(', ')}), idle RSS ${median(rs.map((r) => r.idleRssMb))} MB, stop ${median(rs.map((r) => r.stopMs))} ms, exit ${rs.map((r) => r.exitCode).join(',')}\n`,
      );
  };
  try {
    // The warm PGlite case reopens a data dir made (and migrated) by one start first.
    const fresh: Run[] = [];
    for (let i = 0; i < runs; i++) {
      const c = { name: 'fresh', args: compiled, env: { DUBAN_DATA_DIR: path.join(scratch, `fresh${i}`) } };
      fresh.push(await measure(c, idle));
    }
    await measure(
      { name: 'prepare', args: compiled, env: { DUBAN_DATA_DIR: path.join(scratch, 'warm') } },
      1,
    );
    for (const c of cases) {
      const rs: Run[] = [];
      for (let i = 0; i < runs; i++) rs.push(await measure(c, idle));
      report(c.name, rs);
    }
    report('dist, PGlite (first start: new data dir, migrations)', fresh);
    if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await db.drop();
    await clearDubanKeys(REDIS_URL);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
