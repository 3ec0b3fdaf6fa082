import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `npm run build`: the real-process tests run the compiled CLI, as production does. */
export async function buildDist(): Promise<void> {
  await promisify(execFile)(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
}

export { freePort } from './redis-server.ts';

export type RealProcess = {
  child: ChildProcess;
  /** Everything it wrote (stdout and stderr). */
  output(): string;
  exited: Promise<number | null>;
};

/** `node bin/duban.mjs ARGS` with `env` on top of this process's environment. */
export function startDuban(args: string[], env: Record<string, string>): RealProcess {
  const child = spawn(process.execPath, ['bin/duban.mjs', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Polls until GET url answers 200; fails when the process exits first. */
export async function waitHealthy(proc: RealProcess, url: string): Promise<void> {
  let exited = false;
  void proc.exited.then(() => {
    exited = true;
  });
  for (;;) {
    if (exited) throw new Error(`process exited before it was healthy:\n${proc.output()}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(50);
  }
}

export async function clearRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const r = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

/**
 * The real CLI runs with its production Redis prefix ('duban'), so these tests give it a Redis
 * database of its own instead of a prefix, and empty it of that prefix before and after.
 */
export const clearDubanKeys = (redisUrl: string): Promise<void> => clearRedisPrefix(redisUrl, 'duban');

/** The test Redis with another database number. */
export function redisDb(base: string, db: number): string {
  const u = new URL(base);
  u.pathname = `/${db}`;
  return u.toString();
}
