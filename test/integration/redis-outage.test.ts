import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processLarkEvent } from '../../src/services/process-event.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { messageEvent } from '../support/lark-requests.ts';
import type { OwnRedis } from '../support/redis-server.ts';
import { ownRedis } from '../support/redis-server.ts';

let redis: OwnRedis;
let h: Harness;

beforeAll(async () => {
  redis = await ownRedis();
  h = await createHarness({ redisUrl: redis.url });
});
afterAll(async () => {
  await h.close();
  await redis.stop();
});

describe('Redis down', () => {
  it('an event received and a message produced while Redis is stopped are both delivered once it is back', async () => {
    await redis.stop();
    expect(await h.deps.jobs.ping()).toBe(false);
    const readyz = await h.app.request('/readyz');
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toMatchObject({ postgres: true, redis: false });

    // 1. The webhook still answers 200 (its enqueue gives up instead of waiting) and commits the event.
    const received = messageEvent({
      tenantKey: SAMPLE.tenantKey,
      senderOpenId: SAMPLE.housing.head,
      text: '停机期间发来的消息',
    });
    const res = await h.post(received);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { outcome: string }).outcome).toBe('stored');

    // 2. A message produced while Redis is down (an event processed by the jobs side) is committed to the outbox.
    const produced = messageEvent({
      tenantKey: SAMPLE.tenantKey,
      senderOpenId: SAMPLE.office.zhou,
      text: '帮助',
    });
    expect(((await (await h.post(produced)).json()) as { outcome: string }).outcome).toBe('stored');
    const row = await h.deps.db
      .selectFrom('lark_events')
      .select('id')
      .where('event_id', '=', produced.header.event_id)
      .executeTakeFirstOrThrow();
    expect(await processLarkEvent(h.deps, row.id)).toBe('done');
    const pending = await h.deps.db
      .selectFrom('outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .execute();
    expect(pending).toHaveLength(1);
    expect(h.fake.messages()).toHaveLength(0);

    // 3. Redis comes back (empty: it keeps nothing on disk); the engine's sweep re-creates both jobs.
    await redis.start();
    h.startEngine({ sweepIntervalMs: 100 });
    await h.fake.waitFor(() => h.fake.messages().length === 2, 10_000);
    const replies = h.fake
      .messages()
      .map((m) => m.reply_to)
      .sort();
    expect(replies).toEqual([received.event.message.message_id, produced.event.message.message_id].sort());
    // The fake answers before the sender records 'sent'; wait for the record too.
    await expect
      .poll(async () =>
        (await h.deps.db.selectFrom('outbox').select('status').execute()).map((r) => r.status),
      )
      .toEqual(['sent', 'sent']);
    const events = await h.deps.db.selectFrom('lark_events').select('status').execute();
    expect(events.every((e) => e.status === 'done')).toBe(true);

    // Further sweeps find nothing to do and send nothing again.
    await new Promise((r) => setTimeout(r, 400));
    expect(h.fake.messages()).toHaveLength(2);
  });
});
