/**
 * The server side of bench/ingest.ts, in a process of its own (as in production): the real app on one
 * port and a verify-only Hono handler on another, in the same process. Prints `ready PORT PORT`.
 *   env: DATABASE_URL, REDIS_URL, BENCH_REDIS_PREFIX, LARK_ENCRYPT_KEY, LARK_VERIFICATION_TOKEN
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { parseEnv } from '../src/config/env.ts';
import { buildRuntime } from '../src/entry/runtime.ts';
import { createApp } from '../src/http/app.ts';
import { verifyInbound } from '../src/lark/inbound.ts';
import { createLogger } from '../src/lib/logger.ts';

const env = parseEnv(process.env);
if (!env.ok) throw new Error(env.error);
const built = await buildRuntime(env.value, createLogger('silent'), {
  redisPrefix: process.env.BENCH_REDIS_PREFIX ?? 'bench',
});
if (!built.ok) throw new Error(built.error);
const rt = built.value;
const full = createApp(rt.deps);
const secrets = rt.deps.secrets;
const verifyOnly = new Hono().post('/lark/events', async (c) => {
  const raw = await c.req.text();
  const verified = verifyInbound(raw, Object.fromEntries(c.req.raw.headers), secrets, Date.now());
  return verified.ok ? c.json({ ok: true }) : c.json({ error: verified.error.code }, verified.error.status);
});

const listen = (fetch: (r: Request) => Response | Promise<Response>) =>
  new Promise<number>((resolve) => {
    serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
  });
const [fullPort, verifyPort] = await Promise.all([listen(full.fetch), listen(verifyOnly.fetch)]);
process.stdout.write(`ready ${fullPort} ${verifyPort}\n`);
process.on('SIGTERM', () => {
  void rt.close().finally(() => process.exit(0));
});
