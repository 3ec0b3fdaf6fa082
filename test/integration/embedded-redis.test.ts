import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../src/config/env.ts';
import { parseEnv } from '../../src/config/env.ts';
import { redisAnswers, resolveRedis } from '../../src/entry/embedded-redis.ts';
import { TEST_REDIS_URL } from '../support/env.ts';

/** A port nothing listens on stands in for "no Redis at 127.0.0.1:6379" (the test machine runs one there). */
const NOBODY = 'redis://127.0.0.1:1';

let dataDir: string;
const lines: Array<{ msg: string }> = [];
const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });

const envFor = (source: Record<string, string>): Env => {
  const parsed = parseEnv({ DUBAN_DATA_DIR: dataDir, PATH: process.env.PATH ?? '', ...source });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'duban-redis-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

describe('Redis on embedded defaults', () => {
  it('REDIS_URL left unset falls back to the default, remembering that it was not given', () => {
    const unset = envFor({});
    expect(unset.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(unset.redisUrlExplicit).toBe(false);
    expect(envFor({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrlExplicit).toBe(true);
  });

  it('starts a private redis-server under the data directory when nothing answers, and stops it with the app', async () => {
    lines.length = 0;
    const choice = await resolveRedis(envFor({}), logger, { probeUrl: NOBODY });
    expect(choice.url).not.toBe(NOBODY);
    const client = new Redis(choice.url, { maxRetriesPerRequest: 1 });
    await client.set('duban:probe', 'kept');
    // A queued job written with appendonly lands in the data directory, not in a temp place.
    await client.quit();
    expect(existsSync(path.join(dataDir, 'redis', 'appendonlydir'))).toBe(true);
    expect(lines.map((l) => l.msg).join('\n')).toMatch(/started a private redis-server on 127\.0\.0\.1:\d+/);

    await choice.stop();
    expect(await redisAnswers(choice.url)).toBe(false);
  });

  it('keeps what the private server held across a restart of the app', async () => {
    const first = await resolveRedis(envFor({}), logger, { probeUrl: NOBODY });
    const c1 = new Redis(first.url, { maxRetriesPerRequest: 1 });
    await c1.set('duban:kept', 'yes');
    await c1.quit();
    await first.stop();
    const second = await resolveRedis(envFor({}), logger, { probeUrl: NOBODY });
    const c2 = new Redis(second.url, { maxRetriesPerRequest: 1 });
    expect(await c2.get('duban:kept')).toBe('yes');
    await c2.quit();
    await second.stop();
  });

  it('a private server that dies is started again on the same address with its data, said once', async () => {
    lines.length = 0;
    const choice = await resolveRedis(envFor({}), logger, { probeUrl: NOBODY });
    const serverPid = async (c: Redis) => /process_id:(\d+)/.exec(await c.info('server'))?.[1];
    const c1 = new Redis(choice.url, { maxRetriesPerRequest: 1 });
    await c1.set('duban:queued', 'job');
    const pid = await serverPid(c1);
    c1.disconnect();
    process.kill(Number(pid), 'SIGKILL');

    const c2 = new Redis(choice.url, { maxRetriesPerRequest: null });
    c2.on('error', () => {});
    await expect.poll(() => serverPid(c2).catch(() => pid), { timeout: 30_000 }).not.toBe(pid);
    try {
      expect(await c2.get('duban:queued')).toBe('job');
      // The line comes once the supervisor has seen it answer, which can be after this client did.
      const said = (re: RegExp) => lines.filter((l) => re.test(l.msg)).length;
      await expect.poll(() => said(/running again/), { timeout: 10_000 }).toBe(1);
      expect(said(/stopped; starting it again/)).toBe(1);
    } finally {
      // Left running, the next test would find it through the port file and share it instead of owning one.
      c2.disconnect();
      await choice.stop();
    }
    expect(await redisAnswers(choice.url)).toBe(false);
  }, 60_000);

  it('uses a Redis that answers at the default address, and an explicit REDIS_URL as given', async () => {
    const shared = await resolveRedis(envFor({}), logger, { probeUrl: TEST_REDIS_URL });
    expect(shared.url).toBe(TEST_REDIS_URL);
    const explicit = await resolveRedis(envFor({ REDIS_URL: 'redis://127.0.0.1:2' }), logger);
    expect(explicit.url).toBe('redis://127.0.0.1:2');
  });

  it('a private server does not outlive an app killed with SIGKILL', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./embedded-redis.child.ts', import.meta.url))],
      {
        env: { PATH: process.env.PATH ?? '', DUBAN_DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => resolve(d.toString().trim()));
      child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
    });
    expect(await redisAnswers(url)).toBe(true);
    child.kill('SIGKILL');
    await expect.poll(() => redisAnswers(url), { timeout: 10_000 }).toBe(false);
  });

  it('without redis-server on the PATH it starts nothing and leaves the default', async () => {
    const choice = await resolveRedis(envFor({ PATH: dataDir }), logger, { probeUrl: NOBODY });
    expect(choice.url).toBe(NOBODY);
  });
});
