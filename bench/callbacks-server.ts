/**
 * The server side of bench/callbacks.ts, in a process of its own (as in production): the real app and
 * the engine (workers, sweep) against the fake Feishu whose LARK_* the driver passes. Prints `ready PORT`.
 *   env: DATABASE_URL, REDIS_URL, BENCH_REDIS_PREFIX, LARK_*, LARK_ENCRYPT_KEY, LARK_VERIFICATION_TOKEN
 */
import { serve } from '@hono/node-server';
import { parseEnv } from '../src/config/env.ts';
import { startEngine } from '../src/entry/engine.ts';
import { buildRuntime } from '../src/entry/runtime.ts';
import { createApp } from '../src/http/app.ts';
import { createLogger } from '../src/lib/logger.ts';

const env = parseEnv(process.env);
if (!env.ok) throw new Error(env.error);
const built = await buildRuntime(env.value, createLogger(process.env.BENCH_LOG_LEVEL ?? 'silent'), {
  redisPrefix: process.env.BENCH_REDIS_PREFIX ?? 'bench',
});
if (!built.ok) throw new Error(built.error);
const rt = built.value;
const engine = startEngine(rt, { sweepIntervalMs: 2_000 });
const app = createApp(rt.deps);
const port = await new Promise<number>((resolve) => {
  serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
});
process.stdout.write(`ready ${port}\n`);
process.on('SIGTERM', () => {
  void engine
    .close()
    .then(() => rt.close())
    .finally(() => process.exit(0));
});
