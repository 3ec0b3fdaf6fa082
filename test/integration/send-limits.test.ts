import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { insertOutbox } from '../../src/db/queries/outbox.ts';
import type { Engine } from '../../src/entry/engine.ts';
import { jobIds } from '../../src/jobs/catalog.ts';
import { enqueueBulk } from '../../src/jobs/queue.ts';
import { FEISHU_LIMITS } from '../../src/jobs/workers.ts';
import type { SentMessage } from '../../src/lark/emulator/server.ts';
import type { Recipient } from '../../src/services/outbox-message.ts';
import { textMessage } from '../../src/services/outbox-message.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { rollingPeak } from '../support/rolling-peak.ts';

let h: Harness;
let engine: Engine;
let batch = 0;

beforeAll(async () => {
  h = await createHarness();
  engine = h.startEngine({ sweepIntervalMs: 500 });
});
afterAll(async () => {
  await engine.close();
  await h.close();
});
beforeEach(() => {
  h.fake.reset();
  h.fake.setRateLimit({ appPerSecond: 50, perReceiverPerSecond: 5 });
});

/** Writes messages to the outbox and queues them at once, as a 09:00 burst would. */
async function burst(to: Recipient[]): Promise<string[]> {
  batch += 1;
  const rows = to.map((r, i) =>
    textMessage(
      { tenantKey: SAMPLE.tenantKey, to: r, key: `load:${batch}:${i}`, purpose: 'test' },
      `第${batch}批第${i}条`,
    ),
  );
  const ids = await insertOutbox(h.deps.db, rows);
  const jobs = ids.map((id) => ({ payload: { outboxId: id }, opts: { jobId: jobIds.sendMessage(id) } }));
  await enqueueBulk(h.deps.jobs, 'send-message', jobs, h.deps.logger);
  return ids;
}

/** The most calls the fake accepted within any rolling second (its own clock), overall and per chat. */
function peaks(messages: SentMessage[]): { app: number; receiver: number } {
  const most = rollingPeak;
  const byChat = new Map<string, number[]>();
  for (const m of messages) byChat.set(m.chat_id, [...(byChat.get(m.chat_id) ?? []), m.at]);
  return { app: most(messages.map((m) => m.at)), receiver: Math.max(...[...byChat.values()].map(most)) };
}

const people = (n: number, tag: string): Recipient[] =>
  Array.from({ length: n }, (_, i) => ({ type: 'open_id', id: `ou_${tag}${String(i).padStart(6, '0')}` }));

describe('sending within Feishu’s limits', () => {
  // How fast (near 50/s) is measured by bench/send-burst.ts; here only what must always hold.
  it('a burst to many receivers and one busy group: no 429, each once, never over 50/s or 5/s per chat', async () => {
    const group: Recipient = { type: 'chat_id', id: SAMPLE.groups.supervision };
    const ids = await burst([...people(260, 'a'), ...Array.from({ length: 20 }, () => group)]);
    await h.fake.waitFor(() => h.fake.messages().length >= ids.length, 60_000);
    const messages = h.fake.messages();
    expect(h.fake.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(messages).toHaveLength(ids.length);
    expect(new Set(messages.map((m) => m.uuid))).toEqual(new Set(ids));
    const peak = peaks(messages);
    expect(peak.app).toBeLessThanOrEqual(50);
    expect(peak.receiver).toBeLessThanOrEqual(5);
  });

  it('a 429 with x-ogw-ratelimit-reset pauses every sender for that long, then all are delivered once', async () => {
    let seen = 0;
    h.fake.failNext((r) => r.path === '/open-apis/im/v1/messages' && ++seen === 30, {
      status: 429,
      body: { code: 99991400, msg: 'request trigger frequency limit' },
      headers: { 'x-ogw-ratelimit-reset': '2' },
    });
    const redis = new Redis(h.redis.url);
    // The pause the senders share, from the moment the test sees it set until Redis expires it.
    const pauseKey = `${h.redis.prefix}:rl:app:pause`;
    let pause: { from: number; until: number } | undefined;
    const watch = (async () => {
      while (!pause && h.fake.messages().length < 80) {
        const left = await redis.pttl(pauseKey);
        if (left > 0) pause = { from: Date.now(), until: Date.now() + left };
        else await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const ids = await burst(people(80, 'b'));
    await h.fake.waitFor(() => h.fake.messages().length >= ids.length, 30_000);
    await watch;
    redis.disconnect();
    expect(h.fake.requests.filter((r) => r.status === 429)).toHaveLength(1);
    if (!pause) throw new Error('the 429 set no pause');
    const { from, until } = pause;
    // While the pause is set, only calls started before it (at most one per sender, 16) may land.
    const during = h.fake.requests.filter(
      (r) => r.path === '/open-apis/im/v1/messages' && r.at > from && r.at < until,
    );
    expect(during.length).toBeLessThanOrEqual(FEISHU_LIMITS.concurrency);
    expect(new Set(h.fake.messages().map((m) => m.uuid))).toEqual(new Set(ids));
    expect(h.fake.messages()).toHaveLength(ids.length);
    // The last rows are marked sent a moment after Feishu answered.
    await h.fake.waitFor(async () => {
      const rows = await h.deps.db.selectFrom('outbox').select('status').where('id', 'in', ids).execute();
      return rows.every((r) => r.status === 'sent');
    });
  });
});
