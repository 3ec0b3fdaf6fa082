/**
 * Card refreshes outside the item lock (issue #15 point 8): a click commits a refresh marker with its
 * change; a job per item redraws the cards, so a burst of changes is far fewer updates per card, and
 * the marker alone is enough: with its job gone from Redis the sweep still delivers the update.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOutboxByMessageId } from '../../src/db/queries/outbox.ts';
import type { Engine } from '../../src/entry/engine.ts';
import { jobCatalog, jobIds, SEND_PRIORITY } from '../../src/jobs/catalog.ts';
import { refreshItemCards } from '../../src/services/lifecycle/refresh-cards.ts';
import { sweep } from '../../src/services/sweep.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Driver } from '../support/drive.ts';
import { driver } from '../support/drive.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { cardsSettled, click, itemRow, mentions, refreshMarkers, sent } from '../support/lifecycle.ts';

let h: Harness;
let d: Driver;
let engine: Engine;

beforeAll(async () => {
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  engine = h.startEngine({ sweepIntervalMs: 500 });
  d = driver(h);
});
afterAll(async () => h.close());

/** Card updates written for the card message `messageId` (its outbox rows with patch_of). */
async function updatesOf(messageId: string): Promise<number> {
  const card = await findOutboxByMessageId(h.deps.db, SAMPLE.tenantKey, messageId);
  if (!card) throw new Error('card not in the outbox');
  const rows = await h.deps.db.selectFrom('outbox').select('id').where('patch_of', '=', card.id).execute();
  return rows.length;
}

const settled = (itemId: number): Promise<void> => cardsSettled(h, itemId, 15_000);

const latest = (messageId: string): string => JSON.stringify(h.fake.latestContent(messageId));

describe('a burst of changes to one item', () => {
  it('20 quick reports make far fewer than 20 updates per card, and the cards end on the last state', async () => {
    const item = await d.accepted();
    const group = await sent(
      h,
      (m) => m.receive_id === SAMPLE.housing.chat && mentions('督查通知单')(m) && mentions(item.title)(m),
    );
    const co = await sent(
      h,
      (m) =>
        m.receive_id === SAMPLE.land.head && mentions('督查通知单（协办）')(m) && mentions(item.title)(m),
    );
    await settled(item.id);
    const cards = [group.message_id, co.message_id];
    const before = await Promise.all(cards.map(updatesOf));
    for (let i = 1; i <= 20; i++) {
      const answer = await d.act(SAMPLE.housing.head, 'report', item, { text: `第${i}次进展` });
      expect(answer.toast?.type).toBe('success');
    }
    await settled(item.id);
    const after = await Promise.all(cards.map(updatesOf));
    const written = after.map((n, i) => n - (before[i] ?? 0));
    for (const n of written) {
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThanOrEqual(10);
    }
    // The last state is what every card shows: the last report, the item's current version on its buttons.
    const { version } = await itemRow(h.deps.db, item.id);
    for (const card of cards) {
      expect(latest(card)).toContain('第20次进展');
      expect(latest(card)).toContain(`"v":${version}`);
    }
  });
});

describe('a card redrawn in place', () => {
  it('keeps the @-mention line it was sent with, in the refresh and in the answer to a click on it', async () => {
    const item = await d.accepted();
    const group = await sent(
      h,
      (m) => m.receive_id === SAMPLE.housing.chat && mentions('督查通知单')(m) && mentions(item.title)(m),
    );
    const line = `<at id=${SAMPLE.housing.head}></at> <at id=${SAMPLE.housing.liaison}></at> 请及时查看办理。`;
    const firstLine = (card: unknown): unknown =>
      (card as { body?: { elements?: Array<{ content?: string }> } }).body?.elements?.[0]?.content;
    expect(firstLine(group.content)).toBe(line);
    await settled(item.id);
    // Reported from the head's private notice: the group card is redrawn by the refresh.
    const report = await d.act(
      SAMPLE.housing.head,
      'report',
      item,
      { text: '群卡片刷新后的进展' },
      item.notice,
    );
    expect(report.toast?.type).toBe('success');
    await settled(item.id);
    expect(latest(group.message_id)).toContain('群卡片刷新后的进展');
    expect(firstLine(h.fake.latestContent(group.message_id))).toBe(line);
    // Pressed on the group card itself: the answer replaces it, addressed the same way.
    const answer = await d.act(
      SAMPLE.housing.liaison,
      'report',
      item,
      { text: '在群里反馈的进展' },
      group.message_id,
    );
    expect(answer.toast?.type).toBe('success');
    expect(JSON.stringify(answer.card?.data)).toContain('在群里反馈的进展');
    expect(firstLine(answer.card?.data)).toBe(line);
  });
});

describe('card redraws when the app is busy', () => {
  it('are sent after new messages: their send jobs wait behind every job without a priority', async () => {
    const item = await d.accepted();
    await settled(item.id);
    // No engine: the jobs stay in Redis where the test can see how they were queued.
    await engine.close();
    const connection = new Redis(h.redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(jobCatalog['send-message'].queue, { connection, prefix: h.redis.prefix });
    try {
      const answer = await d.act(SAMPLE.housing.head, 'report', item, { text: '刷新排在新消息之后' });
      expect(answer.toast?.type).toBe('success');
      const { messages } = await refreshItemCards(h.deps, SAMPLE.tenantKey, item.id);
      expect(messages).toBeGreaterThan(0);
      const redraws = await h.deps.db
        .selectFrom('outbox')
        .select('id')
        .where('item_id', '=', item.id)
        .where('status', '=', 'pending')
        .where('patch_of', 'is not', null)
        .execute();
      expect(redraws).toHaveLength(messages);
      const prioritized = await queue.getJobs(['prioritized']);
      const ids = new Set(prioritized.map((j) => j.id));
      for (const r of redraws) expect(ids.has(jobIds.sendMessage(r.id))).toBe(true);
      expect(prioritized.every((j) => j.opts.priority === SEND_PRIORITY.redraw)).toBe(true);
      // A new message (the office urges the unit) is queued ahead of them.
      const { version } = await itemRow(h.deps.db, item.id);
      const urged = await click(h, SAMPLE.office.zhou, { a: 'urge', i: item.id, v: version }, {});
      expect(urged.toast?.type).toBe('success');
      const waiting = await queue.getJobs(['waiting']);
      expect(waiting.length).toBeGreaterThan(0);
      expect(waiting.every((j) => !j.opts.priority)).toBe(true);
      // Redis loses them all: the sweep queues them again from the outbox, the redraws still last.
      await queue.obliterate({ force: true });
      await sweep(h.deps);
      const again = await queue.getJobs(['prioritized']);
      const redrawJobs = new Set(redraws.map((r) => jobIds.sendMessage(r.id)));
      expect(again.filter((j) => j.id && redrawJobs.has(j.id))).toHaveLength(redraws.length);
      expect((await queue.getJobs(['waiting'])).every((j) => !(j.id && redrawJobs.has(j.id)))).toBe(true);
    } finally {
      await queue.close();
      connection.disconnect();
      engine = h.startEngine({ sweepIntervalMs: 500 });
    }
    await settled(item.id);
  });
});

describe('a refresh marker whose job is lost', () => {
  it('is still delivered by the sweep', async () => {
    const item = await d.accepted();
    const group = await sent(
      h,
      (m) => m.receive_id === SAMPLE.housing.chat && mentions('督查通知单')(m) && mentions(item.title)(m),
    );
    await settled(item.id);
    // No engine: the report commits its marker and queues a job, which Redis then loses.
    await engine.close();
    const answer = await d.act(SAMPLE.housing.head, 'report', item, { text: '丢失任务后的进展' });
    expect(answer.toast?.type).toBe('success');
    expect(await refreshMarkers(h.deps.db, item.id)).toBe(1);
    const connection = new Redis(h.redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(jobCatalog['refresh-cards'].queue, { connection, prefix: h.redis.prefix });
    await queue.obliterate({ force: true });
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0, delayed: 0, active: 0 });
    await queue.close();
    connection.disconnect();
    // Old enough for the sweep to count it as lost.
    await sql`UPDATE card_refreshes SET requested_at = now() - interval '1 minute' WHERE item_id = ${item.id}`.execute(
      h.deps.db,
    );
    engine = h.startEngine({ sweepIntervalMs: 500 });
    await h.fake.waitFor(() => latest(group.message_id).includes('丢失任务后的进展'), 10_000);
    await settled(item.id);
  });
});
