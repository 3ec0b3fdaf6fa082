import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_REDIS_URL } from './env.ts';
import { clearDubanKeys, freePort, redisDb as redisWithDb, waitHealthy } from './real-process.ts';

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
  const redis = redisWithDb(TEST_REDIS_URL, redisDb);
  const logs: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/entry/cli.ts', 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      REDIS_URL: redis,
      PORT: String(port),
      DUBAN_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...vars,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => logs.push(b.toString()));
  child.stderr?.on('data', (b: Buffer) => logs.push(b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await clearDubanKeys(redis);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitHealthy({ child, output: () => logs.join(''), exited }, `${base}/healthz`);
  } catch (e) {
    await stop();
    throw new Error(`duban serve did not come up: ${(e as Error).message}`);
  }
  return { base, logs, stop };
}
