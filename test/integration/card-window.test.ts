/**
 * Cards live as long as the item (issue #12 point 1): Feishu refuses updates of a card older than 14
 * days (the emulator enforces it), so the bot never patches one, re-sends ageing live cards at the
 * next change, answers clicks on expired cards with a fresh card, and every reminder, urge and 督办
 * carries the item's current buttons. The send time is moved back in the database and the emulator.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fallbackCard } from '../../cards/sendable.ts';
import { findOutboxByMessageId, insertOutbox } from '../../src/db/queries/outbox.ts';
import type { SentMessage } from '../../src/lark/emulator/server.ts';
import { EXPIRED_CLICK_TOAST } from '../../src/services/lifecycle/expired-click.ts';
import { cardMessage } from '../../src/services/outbox-message.ts';
import { AGED_REASON } from '../../src/services/send-outbox.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Driver } from '../support/drive.ts';
import { driver } from '../support/drive.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import {
  buttonValue,
  cardsSettled,
  click,
  itemRow,
  mentions,
  say,
  sent,
  text,
  to,
} from '../support/lifecycle.ts';

let h: Harness;
let d: Driver;

beforeAll(async () => {
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  h.startEngine({ sweepIntervalMs: 500 });
  d = driver(h);
});
afterAll(async () => h.close());

const DAY_MS = 86_400_000;
const patchesOf = (messageId: string) => h.fake.patches().filter((p) => p.message_id === messageId);

/** As if the card had been sent `days` ago: in the outbox and in Feishu. */
async function age(messageId: string, days: number): Promise<void> {
  // The sender marks the row sent just after Feishu answered.
  await h.fake.waitFor(async () =>
    Boolean(await findOutboxByMessageId(h.deps.db, SAMPLE.tenantKey, messageId)),
  );
  h.fake.ageMessage(messageId, days * DAY_MS);
  await h.deps.db
    .updateTable('outbox')
    .set({ sent_at: sql<Date>`sent_at - make_interval(days => ${days})` })
    .where('message_id', '=', messageId)
    .where('patch_of', 'is', null)
    .execute();
}

const settled = (itemId: number): Promise<void> => cardsSettled(h, itemId, 10_000);

const noticeTo =
  (who: string, title: string, not: readonly string[] = []) =>
  (m: SentMessage) =>
    m.receive_id === who && mentions('督查通知单')(m) && mentions(title)(m) && !not.includes(m.message_id);

describe('a card past Feishu’s window', () => {
  it('is not patched (the update is skipped with its reason); the next urge carries working buttons', async () => {
    const item = await d.issued();
    await age(item.notice, 16);
    const target = await findOutboxByMessageId(h.deps.db, SAMPLE.tenantKey, item.notice);
    if (!target) throw new Error('notice not in the outbox');
    // An update of the aged card, as any change would write: dropped at send time, not failed.
    const [updateId = ''] = await insertOutbox(h.deps.db, [
      cardMessage(
        {
          tenantKey: SAMPLE.tenantKey,
          to: { type: target.receive_id_type, id: target.receive_id },
          key: `aged-test:${target.id}`,
          purpose: `update:${target.purpose}`,
          itemId: item.id,
          patchOf: target.id,
        },
        fallbackCard({ header: { title: { content: '新状态' } } }),
      ),
    ]);
    await h.fake.waitFor(async () => {
      const row = await h.deps.db
        .selectFrom('outbox')
        .selectAll()
        .where('id', '=', updateId)
        .executeTakeFirst();
      return row?.status === 'superseded';
    });
    const update = await h.deps.db
      .selectFrom('outbox')
      .select(['status', 'last_error'])
      .where('id', '=', updateId)
      .executeTakeFirstOrThrow();
    expect(update).toEqual({ status: 'superseded', last_error: AGED_REASON });

    // The office urges: the item changes, and the unit gets the urge card.
    const urged = await click(h, SAMPLE.office.zhou, {
      a: 'urge',
      i: item.id,
      v: (await itemRow(h.deps.db, item.id)).version,
    });
    expect(urged.toast?.content).toContain('已催办');
    const urge = await sent(
      h,
      (m) => to(SAMPLE.housing.head)(m) && mentions('催办通知')(m) && mentions(item.title)(m),
    );
    await settled(item.id);
    expect(patchesOf(item.notice)).toEqual([]);
    expect(h.fake.requests.filter((r) => r.path.includes(item.notice) && r.method === 'PATCH')).toEqual([]);

    // Its buttons are the item's current ones, and they work.
    const accept = buttonValue(urge, 'accept');
    const answer = await click(h, SAMPLE.housing.head, accept, { messageId: urge.message_id });
    expect(answer.toast?.type).toBe('success');
    expect((await itemRow(h.deps.db, item.id)).state).toBe('in_progress');
    // The answer redraws the urge card with what an accepted item offers.
    expect(JSON.stringify(answer.card)).toContain('反馈进展');
  });

  it('a click on it is not acted on: a fresh card comes as a new message, with a toast saying so', async () => {
    const item = await d.issued();
    await age(item.notice, 16);
    const answer = await d.act(SAMPLE.housing.head, 'accept', item, undefined, item.notice);
    expect(answer).toEqual({ toast: { type: 'info', content: EXPIRED_CLICK_TOAST } });
    expect((await itemRow(h.deps.db, item.id)).state).toBe('issued');
    const fresh = await sent(h, noticeTo(SAMPLE.housing.head, item.title, [item.notice]));
    const again = await click(h, SAMPLE.housing.head, buttonValue(fresh, 'accept'), {
      messageId: fresh.message_id,
    });
    expect(again.toast?.type).toBe('success');
    expect((await itemRow(h.deps.db, item.id)).state).toBe('in_progress');
    // The fresh card is the live one now: later changes update it, never the expired one.
    await d.act(SAMPLE.housing.head, 'report', item, { text: '已完成第一轮排查' });
    await settled(item.id);
    expect(patchesOf(item.notice)).toEqual([]);
  });

  it('pressed by two people in the unit group: the group gets one fresh card, not one per click', async () => {
    const item = await d.issued();
    const group = await sent(h, noticeTo(SAMPLE.housing.chat, item.title));
    await age(group.message_id, 16);
    for (const who of [SAMPLE.housing.head, SAMPLE.housing.liaison]) {
      const answer = await d.act(who, 'accept', item, undefined, group.message_id);
      expect(answer).toEqual({ toast: { type: 'info', content: EXPIRED_CLICK_TOAST } });
    }
    await sent(h, noticeTo(SAMPLE.housing.chat, item.title, [group.message_id]));
    await settled(item.id);
    const fresh = h.fake.messages().filter(noticeTo(SAMPLE.housing.chat, item.title, [group.message_id]));
    expect(fresh).toHaveLength(1);
  });
});

describe('an ageing shared notice', () => {
  it('is re-sent to the unit group at the next change, and the old one says 已更新', async () => {
    const item = await d.issued();
    const group = await sent(h, noticeTo(SAMPLE.housing.chat, item.title));
    await age(group.message_id, 11);
    await d.act(SAMPLE.housing.head, 'accept', item, undefined, item.notice);
    const again = await sent(h, noticeTo(SAMPLE.housing.chat, item.title, [group.message_id]));
    // The new card shows the item as it is now, and @-mentions the responsible people as the first did.
    expect(text(again)).toContain('反馈进展');
    expect(text(again)).not.toContain('"a":"accept"');
    expect(text(again)).toContain(`<at id=${SAMPLE.housing.head}></at>`);
    await h.fake.waitFor(() => patchesOf(group.message_id).length > 0);
    expect(JSON.stringify(patchesOf(group.message_id).at(-1)?.content)).toContain('已更新，请看新卡片');
    // From now on the new card is the one updated.
    await d.act(SAMPLE.housing.head, 'report', item, { text: '已完成第一轮排查' });
    await h.fake.waitFor(() => patchesOf(again.message_id).length > 0);
    await settled(item.id);
    expect(patchesOf(group.message_id)).toHaveLength(1);
    expect(JSON.stringify(patchesOf(again.message_id).at(-1)?.content)).toContain('已完成第一轮排查');
  });
});

describe('事项 <编号>', () => {
  it('answers a unit member with a new card carrying the buttons that apply to them', async () => {
    const item = await d.issued();
    const { number } = await itemRow(h.deps.db, item.id);
    const asked = await say(h, SAMPLE.housing.liaison, `事项 ${number}`);
    const detail = await sent(h, (m) => m.reply_to === asked && m.msg_type === 'interactive');
    expect(detail.message_id).not.toBe(item.notice);
    const answer = await click(h, SAMPLE.housing.liaison, buttonValue(detail, 'accept'), {
      messageId: detail.message_id,
    });
    expect(answer.toast?.type).toBe('success');
    expect((await itemRow(h.deps.db, item.id)).state).toBe('in_progress');
  });
});
