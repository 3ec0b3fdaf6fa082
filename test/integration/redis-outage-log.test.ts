/** A Redis outage is two lines in the log, however many clients retry however often meanwhile. */

import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import type { OwnRedis } from '../support/redis-server.ts';
import { ownRedis } from '../support/redis-server.ts';

let redis: OwnRedis;
let h: Harness;
const lines: Array<{ level: number; msg: string }> = [];

beforeAll(async () => {
  redis = await ownRedis();
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  h = await createHarness({ redisUrl: redis.url, logger: createLogger('info', {}, sink) });
  h.startEngine({ sweepIntervalMs: 200 });
});
afterAll(async () => {
  await h.close();
  await redis.stop();
});

it('logs the outage once when it starts and once when it ends, not per client and retry', async () => {
  await redis.stop();
  await expect
    .poll(() => lines.some((l) => /Redis is unreachable/.test(l.msg)), { timeout: 20_000 })
    .toBe(true);
  // Every worker, the producer and the maintenance queue keep retrying meanwhile.
  await sleep(3_000);
  await redis.start();
  await expect.poll(() => lines.some((l) => /reachable again/.test(l.msg)), { timeout: 30_000 }).toBe(true);
  expect(lines.filter((l) => /Redis is unreachable/.test(l.msg))).toHaveLength(1);
  expect(lines.filter((l) => /reachable again/.test(l.msg))).toHaveLength(1);
  expect(lines.filter((l) => l.msg === 'worker error')).toEqual([]);
}, 90_000);
