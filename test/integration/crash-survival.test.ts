import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomHex } from '../../src/lark/emulator/ids.ts';
import { TEST_PG_ADMIN_URL } from '../support/env.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import type { MessageReceiveEvent } from '../support/lark-requests.ts';
import { fixtureSecrets, messageEvent } from '../support/lark-requests.ts';
import type { OwnRedis } from '../support/redis-server.ts';
import { ownRedis } from '../support/redis-server.ts';
import type { ServeProcess } from '../support/serve-child.ts';
import { deliverEvent, startServe } from '../support/serve-child.ts';

let h: Harness;
let redis: OwnRedis;
let serve: ServeProcess;

beforeAll(async () => {
  // A private redis-server: the test restarts it, and `serve` uses the default 'duban' prefix.
  redis = await ownRedis();
  h = await createHarness({ redisUrl: redis.url });
  serve = await startServe({
    ...h.fake.env(),
    DATABASE_URL: h.testDb.url,
    REDIS_URL: redis.url,
    LARK_ENCRYPT_KEY: fixtureSecrets.encryptKey,
    LARK_VERIFICATION_TOKEN: fixtureSecrets.verificationToken,
  });
});
afterAll(async () => {
  await serve?.kill();
  await h?.close();
  await redis?.stop();
});

/** Ends every connection to the test database, as a Postgres restart or failover does. */
async function terminateBackends(): Promise<number> {
  const c = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await c.connect();
  try {
    const res = await c.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [h.testDb.name],
    );
    return res.rowCount ?? 0;
  } finally {
    await c.end();
  }
}

describe('serve through Postgres and Redis restarts', () => {
  it('terminating every backend mid-batch (twice) and restarting Redis: serve stays up, each event answered once', async () => {
    const N = 45;
    // Strangers: each gets exactly one short reply, and each is a receiver of its own.
    const events = Array.from({ length: N }, () =>
      messageEvent({ senderOpenId: `ou_${randomHex(32)}`, text: '你好' }),
    );
    const deliveries: Promise<unknown>[] = [];
    for (const [i, ev] of events.entries()) {
      deliveries.push(deliverEvent(() => serve.url, ev).then((ok) => expect(ok).toBe(true)));
      if (i === 10 || i === 25) {
        // Mid-batch there is always a connection to end, but on a loaded machine the server may be
        // between them (reconnecting after the first termination): wait until one exists.
        await expect.poll(terminateBackends, { timeout: 20_000, interval: 50 }).toBeGreaterThan(0);
        await sleep(200);
        expect(serve.alive(), serve.output()).toBe(true);
      }
      if (i === 35) {
        await redis.stop();
        await sleep(300);
        await redis.start();
      }
      await sleep(20);
    }
    await Promise.all(deliveries);
    await h.fake.waitFor(() => h.fake.messages().length >= N, 60_000);
    // Every event processed and every reply recorded as sent: nothing is left to go out twice.
    await h.fake.waitFor(async () => {
      const pending = await h.deps.db
        .selectFrom('lark_events')
        .select('id')
        .where('status', '=', 'pending')
        .execute();
      const unsent = await h.deps.db
        .selectFrom('outbox')
        .select('id')
        .where('status', '!=', 'sent')
        .execute();
      return pending.length === 0 && unsent.length === 0;
    }, 30_000);

    expect(serve.alive(), serve.output()).toBe(true);
    const replies = h.fake.messages();
    for (const ev of events) {
      const id = (ev.event as MessageReceiveEvent).message.message_id;
      expect(replies.filter((m) => m.reply_to === id)).toHaveLength(1);
    }
    expect(replies).toHaveLength(N);
    expect(serve.output()).not.toMatch(/Unhandled 'error' event|uncaughtException/);
  }, 120_000);
});

describe('the last-resort handlers of serve and jobs', () => {
  const GUARD_CHILD = fileURLToPath(new URL('../support/guard-child.ts', import.meta.url));
  const run = (mode: 'reject' | 'throw') =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', GUARD_CHILD, mode], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.once('exit', (code) => resolve({ code, out }));
    });

  it('an unhandled rejection is logged as an error with its message, and the process carries on', async () => {
    const { code, out } = await run('reject');
    expect(out).toMatch(/"level":50.*"message":"a forgotten promise failed".*unhandled promise rejection/);
    expect(out).toContain('still running');
    expect(code).toBe(0);
  });

  it('an uncaught exception is logged as fatal and the process exits 1 for its supervisor', async () => {
    const { code, out } = await run('throw');
    expect(out).toMatch(/"level":60.*"message":"a callback threw"/);
    expect(out).not.toContain('still running');
    expect(code).toBe(1);
  });
});
