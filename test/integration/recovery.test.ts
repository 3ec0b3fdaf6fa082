/**
 * How work resumes after a crash or a Redis loss, with short injected leases and intervals: the
 * mechanisms, not their timing (bench/recovery.ts measures that).
 */
import type { Job } from 'bullmq';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordLarkEvent } from '../../src/db/queries/lark-events.ts';
import { claimOutbox, insertOutbox } from '../../src/db/queries/outbox.ts';
import type { Engine, EngineOptions } from '../../src/entry/engine.ts';
import { startEngine } from '../../src/entry/engine.ts';
import type { Runtime } from '../../src/entry/runtime.ts';
import { jobIds } from '../../src/jobs/catalog.ts';
import { textMessage } from '../../src/services/outbox-message.ts';
import { sendOutboxMessage } from '../../src/services/send-outbox.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { messageEvent } from '../support/lark-requests.ts';
import type { OwnRedis } from '../support/redis-server.ts';
import { ownRedis } from '../support/redis-server.ts';

/** Long enough that the periodic sweep never runs during a test: only start-up and reconnect sweeps do. */
const NO_PERIODIC_SWEEP = 10 * 60_000;

let h: Harness;
let engine: Engine | undefined;
let n = 0;

beforeAll(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await engine?.close();
  engine = undefined;
  h.fake.reset();
});
afterAll(async () => h.close());

const runtimeOf = (x: Harness): Runtime => ({
  deps: x.deps,
  dbHandle: x.testDb,
  redis: x.redis,
  close: async () => {},
});
const start = (x: Harness, opts: EngineOptions = {}) =>
  startEngine(runtimeOf(x), { sweepIntervalMs: NO_PERIODIC_SWEEP, ...opts });

async function outboxRow(x: Harness, text: string): Promise<string> {
  const [id] = await insertOutbox(x.deps.db, [
    textMessage(
      {
        tenantKey: SAMPLE.tenantKey,
        to: { type: 'chat_id', id: SAMPLE.groups.supervision },
        key: `recovery:${++n}`,
        purpose: 'test',
      },
      text,
    ),
  ]);
  if (!id) throw new Error('not inserted');
  return id;
}

const callsWithUuid = (x: Harness, id: string) =>
  x.fake.requests.filter(
    (r) => r.path === '/open-apis/im/v1/messages' && (r.body as { uuid?: string }).uuid === id,
  );
const statusOf = async (x: Harness, id: string) =>
  (await x.deps.db.selectFrom('outbox').select('status').where('id', '=', id).executeTakeFirstOrThrow())
    .status;

describe('send leases', () => {
  it('a live sender whose call outlasts the lease renews it: nobody takes the row over, one call', async () => {
    const id = await outboxRow(h, '慢速发送');
    const leaseMs = 400;
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let calling = false;
    const slow = {
      ...h.deps,
      lark: {
        ...h.deps.lark,
        send: async (msg: Parameters<typeof h.deps.lark.send>[0]) => {
          calling = true;
          await held;
          return h.deps.lark.send(msg);
        },
      },
    };
    const first = sendOutboxMessage(slow, id, { leaseMs });
    // The row is claimed and the call to Feishu is under way.
    await h.fake.waitFor(() => calling);
    const claimed = await h.deps.db
      .selectFrom('outbox')
      .select(['claimed_at', 'lease_until'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    // Wait (by the database's clock) until the first lease would long have run out without renewal.
    await h.fake.waitFor(async () => {
      const row = await h.deps.db
        .selectFrom('outbox')
        .select((eb) => eb.fn<Date>('now').as('now'))
        .executeTakeFirstOrThrow();
      return row.now.getTime() > (claimed.claimed_at?.getTime() ?? 0) + 3 * leaseMs;
    });
    expect(await sendOutboxMessage(h.deps, id, { leaseMs })).toMatchObject({ kind: 'busy' });
    release();
    expect((await first).kind).toBe('sent');
    expect(callsWithUuid(h, id)).toHaveLength(1);
    expect(claimed.lease_until).not.toBeNull();
  });

  it('a dead sender’s row is taken over by the queued job once its short lease runs out, with the same uuid', async () => {
    const id = await outboxRow(h, '发送者已退出');
    // A sender claimed it and died: nobody renews this lease.
    expect((await claimOutbox(h.deps.db, id, 500)).kind).toBe('claimed');
    await h.deps.jobs.enqueue('send-message', { outboxId: id }, { jobId: jobIds.sendMessage(id) });
    engine = start(h);
    await h.fake.waitFor(() => callsWithUuid(h, id).length === 1, 15_000);
    await expect.poll(() => statusOf(h, id)).toBe('sent');
    const row = await h.deps.db
      .selectFrom('outbox')
      .select('attempts')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.attempts).toBe(2);
  });
});

describe('the start-up sweep', () => {
  it('re-creates work that a killed process left as an active BullMQ job, without waiting for its lock', async () => {
    const id = await outboxRow(h, '被杀进程的任务');
    const jobId = jobIds.sendMessage(id);
    await h.deps.jobs.enqueue('send-message', { outboxId: id }, { jobId });
    // The killed process: it took the job, claimed the row, and vanished holding a one-minute lock.
    const conn = new Redis(h.redis.url, { maxRetriesPerRequest: null });
    conn.on('error', () => {});
    let taken: (job: Job) => void = () => {};
    const tookJob = new Promise<Job>((r) => {
      taken = r;
    });
    const dead = new Worker(
      'send',
      async (job: Job) => {
        await claimOutbox(h.deps.db, id, 300);
        taken(job);
        await new Promise(() => {});
      },
      { connection: conn, prefix: h.redis.prefix, lockDuration: 60_000, stalledInterval: 60_000 },
    );
    dead.on('error', () => {});
    await tookJob;
    conn.disconnect();
    const queue = h.deps.jobs.queues.get('send');
    expect(await queue?.getJobState(jobId)).toBe('active');

    engine = start(h);
    await h.fake.waitFor(() => callsWithUuid(h, id).length === 1, 15_000);
    await expect.poll(() => statusOf(h, id)).toBe('sent');
    // The killed process's job still holds its id: the work went out under the recovery id.
    expect(await queue?.getJobState(jobId)).toBe('active');
    await dead.close(true).catch(() => {});
  });

  it('queues an event stored just before a crash (still inside the webhook’s grace), not a minute later', async () => {
    const ev = messageEvent({ tenantKey: SAMPLE.tenantKey, senderOpenId: SAMPLE.housing.head, text: '帮助' });
    // Committed by the webhook, whose process died before it queued the job.
    await recordLarkEvent(
      h.deps.db,
      SAMPLE.tenantKey,
      { eventId: ev.header.event_id, eventType: ev.header.event_type, payload: ev },
      'pending',
    );
    engine = start(h);
    await h.fake.waitFor(
      () => h.fake.messages().some((m) => m.reply_to === ev.event.message.message_id),
      15_000,
    );
  });
});

describe('Redis back after an outage', () => {
  let redis: OwnRedis;
  let r: Harness;
  beforeAll(async () => {
    redis = await ownRedis();
    r = await createHarness({ redisUrl: redis.url });
  });
  afterAll(async () => {
    await r.close();
    await redis.stop();
  });

  it('comes back empty: a sweep on reconnection re-creates the work, without waiting for the periodic one', async () => {
    const recovering = start(r, { reconnectDebounceMs: 50 });
    try {
      await redis.stop();
      const ev = messageEvent({ tenantKey: SAMPLE.tenantKey, senderOpenId: SAMPLE.land.head, text: '帮助' });
      expect(((await (await r.post(ev)).json()) as { outcome: string }).outcome).toBe('stored');
      const id = await outboxRow(r, 'Redis 停机期间写入');
      await redis.start();
      await r.fake.waitFor(
        () =>
          r.fake.messages().some((m) => m.reply_to === ev.event.message.message_id) &&
          callsWithUuid(r, id).length === 1,
        15_000,
      );
    } finally {
      await recovering.close();
    }
  });
});
