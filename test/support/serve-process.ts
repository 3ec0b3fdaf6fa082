import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from './env.ts';
import { freePort } from './redis-server.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type ServeProcess = { base: string; logs: string[]; stop(): Promise<void> };

/**
 * `duban serve` as a user runs it: the CLI in a process of its own with only the variables given
 * (and PATH). The CLI uses the production queue prefix, so it gets a Redis database of its own,
 * emptied afterwards.
 */
export async function startServe(vars: Record<string, string>, redisDb: number): Promise<ServeProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'duban-serve-'));
  const redis = new URL(TEST_REDIS_URL);
  redis.pathname = `/${redisDb}`;
  const logs: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/entry/cli.ts', 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      REDIS_URL: redis.toString(),
      PORT: String(port),
      DUBAN_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...vars,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => logs.push(b.toString()));
  child.stderr?.on('data', (b: Buffer) => logs.push(b.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    const r = new Redis(redis.toString());
    const keys = await r.keys('duban:*');
    if (keys.length > 0) await r.del(...keys);
    await r.quit();
    await rm(dataDir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || i > 600) {
      await stop();
      throw new Error(`duban serve did not come up:\n${logs.join('')}`);
    }
    const up = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await sleep(100);
  }
  return { base, logs, stop };
}
