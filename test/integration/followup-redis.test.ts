import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingInstant } from '../../src/domain/calendar/index.ts';
import { followupDb } from '../../src/services/followup/index.ts';
import type { Rig } from '../support/followup-seed.ts';
import { followupRig, seedItems, seedUnits } from '../support/followup-seed.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import type { OwnRedis } from '../support/redis-server.ts';
import { ownRedis } from '../support/redis-server.ts';

let redis: OwnRedis;
let h: Harness;
let rig: Rig;
const at = (date: string, clock = '09:00') => beijingInstant(date, clock);

beforeAll(async () => {
  redis = await ownRedis();
  h = await createHarness({ redisUrl: redis.url });
  rig = followupRig(h);
});
afterAll(async () => {
  await rig.close();
  await h.close();
  await redis.stop();
});

async function flush(): Promise<void> {
  const r = new Redis(redis.url);
  await r.flushdb();
  r.disconnect();
}

const stepCount = async () =>
  Number(
    (
      await followupDb(h.deps.db)
        .selectFrom('followup_steps')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('Redis flushed mid-plan', () => {
  it('every step still fires exactly once, and every message is delivered once', async () => {
    const N = 150;
    h.fake.setRateLimit({ appPerSecond: 50, perReceiverPerSecond: 5 });
    const units = await seedUnits(h.deps.db, N, { tag: 'fl', chats: true });
    rig.setClock(new Date(at('2026-10-12').getTime() - 1_500));
    const ids = await seedItems(
      h.deps.db,
      units.map((u) => ({ leadUnitId: u.id, deadline: '2026-10-12', issuedAt: at('2026-09-28', '10:00') })),
    );
    for (const id of ids) expect((await rig.reschedule(id))?.step).toBe('due-day@2026-10-12');

    // 1. Before anything fired: the delayed jobs are gone; the sweep re-creates them from Postgres.
    await flush();
    // 2. Mid-batch: some steps fired, some messages sent, the rest are jobs in Redis. Gone again.
    await h.fake.waitFor(() => h.fake.messages().length >= 40, 20_000);
    await flush();
    await h.fake.waitFor(() => h.fake.messages().length >= N, 30_000);
    await h.fake.waitFor(async () => (await stepCount()) === N, 10_000);

    // 3. The next step of every item (tomorrow's first overdue urge) after one more flush.
    await flush();
    rig.setClock(at('2026-10-13'));
    await h.fake.waitFor(() => h.fake.messages().length >= 2 * N, 30_000);
    await new Promise((r) => setTimeout(r, 1_000));

    const messages = h.fake.messages();
    expect(messages).toHaveLength(2 * N);
    expect(new Set(messages.map((m) => m.uuid)).size).toBe(2 * N);
    const steps = await followupDb(h.deps.db)
      .selectFrom('followup_steps')
      .select(['item_id', 'step', 'due_on'])
      .execute();
    expect(steps).toHaveLength(2 * N);
    expect(new Set(steps.map((s) => `${s.item_id}:${s.step}`)).size).toBe(2 * N);
    // The overdue urge is 加急 for each unit's head (a row of its own, after its card): once each.
    await h.fake.waitFor(async () => {
      const outbox = await h.deps.db.selectFrom('outbox').select('status').execute();
      return outbox.every((o) => o.status === 'sent');
    }, 30_000);
    expect(new Set(h.fake.urgents().map((u) => u.message_id)).size).toBe(N);
    expect(h.fake.urgents()).toHaveLength(N);
    // The rate logs live in Redis too: right after a flush a few calls may meet a 429, which is honoured.
    expect(h.fake.requests.filter((r) => r.status === 429).length).toBeLessThan(N / 2);
  });
});
