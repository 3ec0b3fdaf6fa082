/**
 * A bench's server script in a process of its own (as production runs the app), against a test
 * database and a Redis prefix, with the fixture Encrypt Key and Verification Token. The script prints
 * `ready PORT [PORT…]` once it listens; `stop` ends it and waits for it to exit.
 */
import { spawn } from 'node:child_process';
import { TEST_REDIS_URL } from '../test/support/env.ts';
import { fixtureSecrets } from '../test/support/lark-requests.ts';

export type BenchServer = { ports: number[]; stop(): Promise<void> };

export async function startBenchServer(
  script: string,
  opts: { databaseUrl: string; redisPrefix: string; env?: Record<string, string>; nodeArgs?: string[] },
): Promise<BenchServer> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', script], {
    env: {
      ...process.env,
      ...opts.env,
      DATABASE_URL: opts.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      BENCH_REDIS_PREFIX: opts.redisPrefix,
      LARK_ENCRYPT_KEY: fixtureSecrets.encryptKey,
      LARK_VERIFICATION_TOKEN: fixtureSecrets.verificationToken,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const ports = await new Promise<number[]>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => {
        const m = /ready ((?:\d+ ?)+)/.exec(d.toString());
        if (m?.[1]) resolve(m[1].trim().split(' ').map(Number));
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    return { ports, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
