/**
 * The jobs process for send-limits-sigkill.test.ts: the real engine against the test's database,
 * Redis prefix and fake Feishu, until it is killed. Short claim and lock times so the test need not
 * wait a minute for a dead process's work to be taken over.
 */
import { parseEnv } from '../../src/config/env.ts';
import { startEngine } from '../../src/entry/engine.ts';
import { buildRuntime } from '../../src/entry/runtime.ts';
import { createLogger } from '../../src/lib/logger.ts';

const env = parseEnv(process.env);
if (!env.ok) {
  process.stderr.write(`${env.error}\n`);
  process.exit(2);
}
const built = await buildRuntime(env.value, createLogger(env.value.LOG_LEVEL), {
  redisPrefix: process.env.CHILD_REDIS_PREFIX ?? 'duban',
});
if (!built.ok) {
  process.stderr.write(`${built.error}\n`);
  process.exit(1);
}
const rt = built.value;
const offset = Number(process.env.CHILD_CLOCK_OFFSET_MS ?? '0');
rt.deps.now = () => new Date(Date.now() + offset);
startEngine(rt, {
  sweepIntervalMs: 200,
  sendLeaseMs: 3_000,
  lockDurationMs: 2_000,
  stalledIntervalMs: 1_000,
});
process.stdout.write('ready\n');
