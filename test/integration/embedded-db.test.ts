/**
 * The embedded database shared by `duban serve` and the CLI, with real processes on a temp data dir:
 * a command run while the server is up writes through the server and nothing is lost when it stops;
 * the lock keeps every other process out of the data directory.
 */

import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cliEnv,
  finished,
  freePort,
  runCliProcess,
  startCli,
  stderrContains,
} from '../support/cli-process.ts';
import { SAMPLE, SAMPLE_DIRECTORY_PATH } from '../support/directory.ts';
import { TEST_REDIS_URL } from '../support/env.ts';

let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'duban-embedded-'));
  // A Redis database of its own: the server's engine uses the default prefix.
  const redis = new URL(TEST_REDIS_URL);
  redis.pathname = `/${1 + Math.floor(Math.random() * 15)}`;
  env = cliEnv({ DUBAN_DATA_DIR: dataDir, REDIS_URL: redis.toString(), PORT: String(await freePort()) });
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

const servers: ChildProcess[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) if (s.exitCode === null) s.kill('SIGKILL');
});

// Processes start PGlite and tsx from cold on a shared machine: no test here races the clock.
const SLOW = 180_000;

async function startServer(extra: Record<string, string> = {}) {
  const child = startCli(['serve'], { ...env, ...extra });
  servers.push(child);
  const done = finished(child);
  return { child, done, listening: stderrContains(child, 'duban listening on') };
}

describe('the embedded database, shared by the server and the CLI', () => {
  it(
    'a directory imported while the server runs is there after the server stops',
    async () => {
      const server = await startServer();
      await server.listening;
      const lock = JSON.parse(await readFile(path.join(dataDir, 'pglite.lock'), 'utf8'));
      expect(lock).toMatchObject({ pid: server.child.pid, role: 'server', socket: { port: 5432 } });

      const imported = await runCliProcess(['directory', 'import', SAMPLE_DIRECTORY_PATH], env);
      expect(imported.stderr).toContain('through the running server');
      expect(imported.code).toBe(0);
      expect(imported.stdout.toString()).toContain(`imported tenant ${SAMPLE.tenantKey}`);

      // A second server is refused, naming the one that holds the database.
      const second = await runCliProcess(['serve'], { ...env, PORT: String(await freePort()) });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`already in use by “duban serve” (pid ${server.child.pid})`);

      server.child.kill('SIGTERM');
      expect((await server.done).code).toBe(0);
      await expect(readFile(path.join(dataDir, 'pglite.lock'))).rejects.toThrow(/ENOENT/);

      // With no server the command opens the database itself: the tenant is there.
      const listed = await runCliProcess(['calendar', 'list', '--tenant', SAMPLE.tenantKey], env);
      expect(listed.stderr).toContain('using the embedded database');
      expect(listed.code).toBe(0);
    },
    SLOW,
  );

  it(
    'a server waits while a command holds the database, and starts once it lets go',
    async () => {
      // A live process (this test) holding the lock as a command would.
      const lockFile = path.join(dataDir, 'pglite.lock');
      const holder = {
        pid: process.pid,
        role: 'cli',
        command: 'duban directory import',
        since: new Date().toISOString(),
      };
      await writeFile(lockFile, JSON.stringify(holder));
      const server = await startServer();
      await stderrContains(server.child, `waiting for “duban directory import” (pid ${process.pid})`);
      // Still waiting: it has not opened the database.
      expect(JSON.parse(await readFile(lockFile, 'utf8')).pid).toBe(process.pid);

      await rm(lockFile);
      await server.listening;
      expect(JSON.parse(await readFile(lockFile, 'utf8')).pid).toBe(server.child.pid);
      // Killed, not stopped: a signal this early may come before the server's handlers are in place.
      server.child.kill('SIGKILL');
      await server.done;
    },
    SLOW,
  );

  it(
    'a stale lock left by a killed server is taken over',
    async () => {
      const server = await startServer();
      await server.listening;
      server.child.kill('SIGKILL');
      await server.done;
      const listed = await runCliProcess(['calendar', 'list', '--tenant', SAMPLE.tenantKey], env);
      expect(listed.code).toBe(0);
    },
    SLOW,
  );
});
