/** For embedded-redis.test.ts: starts a private redis-server as `serve` does, prints its URL, then waits to be killed. */
import { parseEnv } from '../../src/config/env.ts';
import { resolveRedis } from '../../src/entry/embedded-redis.ts';
import { createLogger } from '../../src/lib/logger.ts';

const env = parseEnv(process.env);
if (!env.ok) throw new Error(env.error);
const choice = await resolveRedis(env.value, createLogger('silent'), { probeUrl: 'redis://127.0.0.1:1' });
process.stdout.write(`${choice.url}\n`);
setInterval(() => {}, 60_000);
