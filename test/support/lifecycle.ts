import { sql } from 'kysely';
import { validateCard } from '../../cards/schema.ts';
import type { Db } from '../../src/db/client.ts';
import type { SentMessage } from '../../src/lark/emulator/server.ts';
import { SAMPLE } from './directory.ts';
import type { Harness } from './harness.ts';
import { cardActionEvent, messageEvent } from './lark-requests.ts';

export type CallbackAnswer = {
  toast?: { type: string; content: string };
  card?: { type: 'raw'; data: unknown };
};

/** Clicks a card button as Feishu would: a signed, encrypted card.action.trigger to /lark/cards. */
export async function click(
  h: Harness,
  operatorOpenId: string,
  value: Record<string, unknown>,
  opts: { formValue?: Record<string, unknown>; messageId?: string; tenantKey?: string } = {},
): Promise<CallbackAnswer> {
  const res = await h.post(
    cardActionEvent({
      tenantKey: opts.tenantKey ?? SAMPLE.tenantKey,
      operatorOpenId,
      value,
      ...(opts.formValue ? { formValue: opts.formValue, name: 'submit' } : {}),
      ...(opts.messageId ? { openMessageId: opts.messageId } : {}),
    }),
    '/lark/cards',
  );
  if (res.status !== 200) throw new Error(`callback answered ${res.status}: ${await res.text()}`);
  const answer = (await res.json()) as CallbackAnswer;
  // Every card a callback answers with must be one Feishu accepts.
  if (answer.card) {
    const checked = validateCard(answer.card.data);
    if (!checked.ok) throw new Error(`callback answered with an invalid card: ${checked.error.message}`);
  }
  return answer;
}

export async function say(h: Harness, senderOpenId: string, text: string, opts: { parentId?: string } = {}) {
  const ev = messageEvent({
    tenantKey: SAMPLE.tenantKey,
    senderOpenId,
    text,
    ...(opts.parentId ? { parentId: opts.parentId } : {}),
  });
  const res = await h.post(ev);
  if (res.status !== 200) throw new Error(`event answered ${res.status}`);
  return ev.event.message.message_id;
}

/** An @-mention of the bot in a group chat, as Feishu delivers it; returns the message id. */
export async function sayInGroup(h: Harness, senderOpenId: string, chatId: string, words: string) {
  const ev = messageEvent({
    tenantKey: SAMPLE.tenantKey,
    senderOpenId,
    chatType: 'group',
    chatId,
    text: `@_user_1 ${words}`,
    mentions: [{ key: '@_user_1', openId: h.fake.botOpenId, name: '督查督办助手', type: 'bot' }],
  });
  const res = await h.post(ev);
  if (res.status !== 200) throw new Error(`event answered ${res.status}`);
  return ev.event.message.message_id;
}

export const unitId = async (db: Db, name: string): Promise<number> =>
  (
    await db
      .selectFrom('units')
      .select('id')
      .where('tenant_key', '=', SAMPLE.tenantKey)
      .where('name', '=', name)
      .executeTakeFirstOrThrow()
  ).id;

export const itemRow = (db: Db, id: number) =>
  db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

export const eventsOf = async (db: Db, id: number): Promise<string[]> =>
  (await db.selectFrom('item_events').select('action').where('item_id', '=', id).orderBy('id').execute()).map(
    (e) => e.action,
  );

/** Waits until a message matching `pred` has been sent, and returns it. */
/**
 * Waits until the bot has recorded a message the fake received (its outbox row has the message_id):
 * until then a click on it is a click on a card the bot cannot place yet.
 */
export async function recorded(h: Harness, messageId: string): Promise<void> {
  await h.fake.waitFor(async () =>
    Boolean(
      await h.deps.db
        .selectFrom('outbox')
        .select('id')
        .where('message_id', '=', messageId)
        .executeTakeFirst(),
    ),
  );
}

export async function sent(
  h: Harness,
  pred: (m: SentMessage) => boolean,
  timeoutMs = 5000,
): Promise<SentMessage> {
  await h.fake.waitFor(() => h.fake.messages().some(pred), timeoutMs);
  const found = h.fake.messages().find(pred);
  if (!found) throw new Error('message vanished');
  return found;
}

export const text = (m: { content: unknown }): string => JSON.stringify(m.content);
export const to = (id: string) => (m: SentMessage) => m.receive_id === id;
export const mentions = (needle: string) => (m: SentMessage) => text(m).includes(needle);

/** Refresh markers of the item not yet turned into card updates. */
export async function refreshMarkers(db: Db, itemId: number): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM card_refreshes WHERE item_id = ${itemId}`.execute(db);
  return rows[0]?.n ?? 0;
}

/**
 * Every card update of the item written and sent: no refresh marker left, nothing pending or in
 * flight. One statement, so one snapshot: a refresh clears its marker in the transaction that writes
 * its updates, and two separate reads could see neither. An update waiting behind an older one of
 * the same card is retried a second later (patchTurn), so it counts; only a clicked card's held
 * answer waits longer (30 s) and does not.
 */
export async function cardsSettled(h: Harness, itemId: number, timeoutMs: number): Promise<void> {
  await h.fake.waitFor(async () => {
    const { rows } = await sql<{ markers: number; unsent: number }>`
      SELECT (SELECT count(*)::int FROM card_refreshes WHERE item_id = ${itemId}) AS markers,
             (SELECT count(*)::int FROM outbox WHERE item_id = ${itemId} AND status IN ('pending', 'sending')
                AND not_before <= now() + interval '5 seconds') AS unsent`.execute(h.deps.db);
    return rows[0]?.markers === 0 && rows[0].unsent === 0;
  }, timeoutMs);
}

/** The callback value of the button `a` on a card as sent. */
export function buttonValue(m: { content: unknown }, a: string): Record<string, unknown> {
  const found = new RegExp(`\\{"a":"${a}","i":(\\d+),"v":(\\d+)\\}`).exec(text(m));
  if (!found) throw new Error(`no ${a} button on the card`);
  return { a, i: Number(found[1]), v: Number(found[2]) };
}
