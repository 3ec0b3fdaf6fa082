/**
 * Updates of one card land in order: at send time an update with a newer one behind it is skipped,
 * and one waits while an older update of the same card is still being sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fallbackCard } from '../../cards/sendable.ts';
import {
  claimOutbox,
  findOutboxByMessageId,
  insertOutbox,
  markOutboxSent,
} from '../../src/db/queries/outbox.ts';
import { cardMessage } from '../../src/services/outbox-message.ts';
import { sendOutboxMessage } from '../../src/services/send-outbox.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Driver } from '../support/drive.ts';
import { driver } from '../support/drive.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';

let h: Harness;
let d: Driver;

beforeAll(async () => {
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  d = driver(h);
});
afterAll(async () => h.close());

/**
 * Two updates of the delivered notice: the older one is claimed by a sender (status 'sending') when
 * the newer one is written, as when a transition lands while the previous update is on its way.
 */
async function twoUpdates(): Promise<{ card: string; older: string; newer: string }> {
  // The engine delivers the notice, then stops: the test is the only sender of the updates.
  const engine = h.startEngine({ sweepIntervalMs: 500 });
  const item = await d.issued();
  await engine.close();
  const target = await findOutboxByMessageId(h.deps.db, SAMPLE.tenantKey, item.notice);
  if (!target) throw new Error('notice not found');
  const update = (title: string) =>
    cardMessage(
      {
        tenantKey: SAMPLE.tenantKey,
        to: { type: target.receive_id_type, id: target.receive_id },
        key: `order-test:${target.id}:${title}`,
        purpose: `update:${target.purpose}`,
        itemId: item.id,
        patchOf: target.id,
      },
      fallbackCard({ header: { title: { content: title } } }),
    );
  const [older = ''] = await insertOutbox(h.deps.db, [update('旧状态')]);
  if ((await claimOutbox(h.deps.db, older, 60_000)).kind !== 'claimed')
    throw new Error('older update not claimed');
  const [newer = ''] = await insertOutbox(h.deps.db, [update('新状态')]);
  return { card: item.notice, older, newer };
}

/** What the card shows now: its last update. */
const shown = (messageId: string): string =>
  JSON.stringify(
    h.fake
      .patches()
      .filter((p) => p.message_id === messageId)
      .at(-1)?.content ?? null,
  );
const status = async (id: string) =>
  (await h.deps.db.selectFrom('outbox').select('status').where('id', '=', id).executeTakeFirstOrThrow())
    .status;
const dueNow = (id: string) =>
  h.deps.db
    .updateTable('outbox')
    .set({ not_before: new Date(Date.now() - 1000) })
    .where('id', '=', id)
    .execute();

describe('card updates at send time', () => {
  it('a newer update waits while an older one is in flight, then lands last', async () => {
    const { card, older, newer } = await twoUpdates();
    const waited = await sendOutboxMessage(h.deps, newer);
    expect(waited.kind).toBe('retry');
    expect(await status(newer)).toBe('pending');
    expect(shown(card)).not.toContain('新状态');
    // The older call lands; the newer one goes next and is what the card shows.
    await markOutboxSent(h.deps.db, older, card);
    await dueNow(newer);
    expect((await sendOutboxMessage(h.deps, newer)).kind).toBe('sent');
    expect(shown(card)).toContain('新状态');
  });

  it('an older update taken over from a dead sender is skipped once a newer one exists', async () => {
    const { card, older, newer } = await twoUpdates();
    expect((await sendOutboxMessage(h.deps, newer)).kind).toBe('retry');
    // The first sender died: its lease runs out and another sender takes the older update over.
    await h.deps.db
      .updateTable('outbox')
      .set({ lease_until: new Date(Date.now() - 1000) })
      .where('id', '=', older)
      .execute();
    expect(await sendOutboxMessage(h.deps, older)).toEqual({ kind: 'skipped' });
    expect(await status(older)).toBe('superseded');
    await dueNow(newer);
    expect((await sendOutboxMessage(h.deps, newer)).kind).toBe('sent');
    expect(shown(card)).toContain('新状态');
    expect(h.fake.patches().filter((p) => JSON.stringify(p.content).includes('旧状态'))).toEqual([]);
  });
});
