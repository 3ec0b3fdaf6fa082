import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LarkEmulator } from '../../src/lark/emulator/server.ts';
import { startLarkEmulator } from '../../src/lark/emulator/server.ts';
import type { TestDb } from '../support/db.ts';
import { createTestDb } from '../support/db.ts';
import { importSample, SAMPLE } from '../support/directory.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { fixtureSecrets, messageEvent, signedRequest } from '../support/lark-requests.ts';
import type { RealProcess } from '../support/real-process.ts';
import {
  buildDist,
  clearDubanKeys,
  freePort,
  redisDb,
  startDuban,
  waitHealthy,
} from '../support/real-process.ts';

/** A Redis database of this file's own: the real CLI uses the production prefix. */
const REDIS_URL = redisDb(TEST_REDIS_URL, 11);
let testDb: TestDb;
let fake: LarkEmulator;
let port: number;
const running: RealProcess[] = [];

beforeAll(async () => {
  await buildDist();
  await clearDubanKeys(REDIS_URL);
  testDb = await createTestDb();
  await importSample(testDb.db);
  fake = await startLarkEmulator();
  port = await freePort();
});
// A test that failed half-way leaves its server on the port the next one needs.
const killLeftovers = async () => {
  const left = running.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
  for (const p of left) p.child.kill('SIGKILL');
  await Promise.all(left.map((p) => p.exited));
};
afterEach(killLeftovers);
afterAll(async () => {
  await killLeftovers();
  await clearDubanKeys(REDIS_URL);
  await fake.close();
  await testDb.drop();
});

function serve(): RealProcess {
  const proc = startDuban(['serve'], {
    ...fake.env(),
    LARK_ENCRYPT_KEY: fixtureSecrets.encryptKey,
    LARK_VERIFICATION_TOKEN: fixtureSecrets.verificationToken,
    DATABASE_URL: testDb.url,
    REDIS_URL,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  });
  running.push(proc);
  return proc;
}

const base = () => `http://127.0.0.1:${port}`;

/** POSTs a signed, encrypted event as Feishu does; false when it was not accepted (Feishu re-pushes it). */
async function push(envelope: object): Promise<boolean> {
  const req = signedRequest(fixtureSecrets, envelope);
  return fetch(`${base()}/lark/events`, { method: 'POST', body: req.body, headers: req.headers }).then(
    (r) => r.status === 200,
    () => false,
  );
}

describe('SIGTERM (the real process)', () => {
  it('during a batch of events and sends: exits 0, and after a restart everything is delivered once', async () => {
    // Four people, ten messages each: the 5/s per-chat limit keeps the sends going for seconds.
    const senders = ['a1', 'b2', 'c3', 'd4'].map((t) => `ou_${t.repeat(16)}`);
    const events = senders.flatMap((sender) =>
      Array.from({ length: 10 }, (_, i) =>
        messageEvent({ tenantKey: SAMPLE.tenantKey, senderOpenId: sender, text: `第${i}条` }),
      ),
    );
    const first = serve();
    await waitHealthy(first, `${base()}/healthz`);

    let answered = 0;
    let deliveredAtSignal = -1;
    const accepted = await Promise.all(
      events.map((e) =>
        push(e).finally(() => {
          if (++answered !== 15) return;
          deliveredAtSignal = fake.messages().length;
          first.child.kill('SIGTERM');
        }),
      ),
    );
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('shutting down');
    // The signal came in the middle of the batch: not everything had gone out yet.
    expect(deliveredAtSignal).toBeLessThan(events.length);

    const second = serve();
    await waitHealthy(second, `${base()}/healthz`);
    // What the first process did not accept, Feishu pushes again.
    for (const [i, envelope] of events.entries()) if (!accepted[i]) expect(await push(envelope)).toBe(true);
    await fake
      .waitFor(async () => {
        const open = await testDb.db
          .selectFrom('outbox')
          .select('id')
          .where('status', 'in', ['pending', 'sending'])
          .execute();
        const pending = await testDb.db
          .selectFrom('lark_events')
          .select('id')
          .where('status', '=', 'pending')
          .execute();
        return open.length === 0 && pending.length === 0 && fake.messages().length >= events.length;
      }, 60_000)
      .catch((e: unknown) => {
        // What the restarted server said is what the next person needs to see.
        throw new Error(`${e instanceof Error ? e.message : String(e)}\n${second.output().slice(-4000)}`);
      });

    const done = await testDb.db
      .selectFrom('lark_events')
      .select('event_id')
      .where('status', '=', 'done')
      .execute();
    expect(done).toHaveLength(events.length);
    // One reply per event, each sent once: no uuid went to Feishu twice.
    expect(fake.messages()).toHaveLength(events.length);
    const sentUuids = fake.requests
      .filter(
        (r) => r.method === 'POST' && r.path.startsWith('/open-apis/im/v1/messages') && r.status === 200,
      )
      .map((r) => (r.body as { uuid?: string }).uuid);
    expect(new Set(sentUuids).size).toBe(events.length);
    expect(sentUuids).toHaveLength(events.length);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);

  it('a second SIGTERM exits at once, with a request still in flight', async () => {
    const proc = serve();
    await waitHealthy(proc, `${base()}/healthz`);
    // A request whose body never finishes: the first SIGTERM waits for it (up to the grace period).
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      'POST /lark/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
    );
    proc.child.kill('SIGTERM');
    while (!proc.output().includes('shutting down')) await new Promise((r) => setTimeout(r, 20));
    expect(proc.child.exitCode).toBeNull();
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(143);
    socket.destroy();
  });
});
