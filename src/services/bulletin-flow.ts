/**
 * The 督查专报 in chat: store it and queue its cards in one transaction, and carry out the office's
 * 同意发布 / 不发布 on the 通报批评 draft. Messages go through the outbox like every other message;
 * the returned ids can be queued at once (the sweep queues them within a minute otherwise).
 */

import type { BulletinDecisionValue } from '../../cards/actions.ts';
import { buildBulletinCard } from '../../cards/bulletin.ts';
import { buildCriticismCard, buildCriticismNoticeCard } from '../../cards/criticism.ts';
import type { Card } from '../../cards/schema.ts';
import type { CallbackResponse } from '../../cards/toast.ts';
import { failureToast, toast, toastWithCard } from '../../cards/toast.ts';
import type { Db } from '../db/client.ts';
import type { NewOutbox } from '../db/database.ts';
import type { BulletinRecord } from '../db/queries/bulletins.ts';
import { insertOutbox } from '../db/queries/outbox.ts';
import type { TenantContext } from '../db/queries/tenants.ts';
import type { Period } from '../domain/figures.ts';
import type { Role } from '../domain/item.ts';
import { decideBulletin, type SavedBulletin, saveBulletin } from './bulletin.ts';
import { beijingStamp } from './item-view.ts';
import { cardMessage, type Recipient } from './outbox-message.ts';
import { writtenBulletinMessage } from './written-bulletin/deliver.ts';

export type BulletinRequest =
  /** The weekly job: the bulletin to the leaders' group, the criticism draft to the supervision group. */
  | { origin: 'scheduled' }
  /**
   * Asked for in chat (专报): the bulletin to the asker only (as a reply to `replyTo` when given);
   * office staff also get the draft. 减负: a request never posts to a group.
   */
  | {
      origin: 'manual';
      requester: { openId: string; roles: readonly Role[] };
      /** Where the bulletin card goes: the asker privately unless given (the supervision group). */
      to?: Recipient;
      replyTo?: string | null;
    };

export type IssuedBulletin = SavedBulletin & { outboxIds: string[] };

const groupOf = (chatId: string | null): Recipient | null =>
  chatId ? { type: 'chat_id', id: chatId } : null;

/** Runs `fn` in the caller's transaction, or in a new one. */
function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

function draftCard(record: BulletinRecord, decidedBy?: string): Card {
  return buildCriticismCard({
    bulletinId: record.id,
    period: record.period,
    criticism: record.criticism,
    criticiseAfterWorkdays: record.figures.criticiseAfterWorkdays,
    decision:
      record.status === 'draft' || !record.decidedAt
        ? null
        : { status: record.status, by: decidedBy ?? '', at: beijingStamp(record.decidedAt) },
  });
}

/**
 * Stores the bulletin and returns its messages for the caller to insert with its own writes (a text
 * command inside the event's transaction). A scheduled one already made for the period gets none.
 */
export async function bulletinMessages(
  trx: Db,
  ctx: TenantContext,
  period: Period,
  now: Date,
  request: BulletinRequest,
): Promise<SavedBulletin & { messages: NewOutbox[] }> {
  const saved = await saveBulletin(trx, ctx, period, now, request.origin);
  if (!saved.created) return { ...saved, messages: [] };
  const { record } = saved;
  const spec = (to: Recipient, part: string, purpose: string, replyTo: string | null = null) => ({
    tenantKey: ctx.tenantKey,
    to,
    key: `bulletin:${record.id}:${part}`,
    purpose,
    replyTo,
  });
  const manual = request.origin === 'manual' ? request : null;
  const asker: Recipient | null = manual ? { type: 'open_id', id: manual.requester.openId } : null;
  const messages: NewOutbox[] = [];
  const bulletinTo = manual?.to ?? asker ?? groupOf(ctx.groups.leaders);
  const card = buildBulletinCard({ figures: record.figures, now: beijingStamp(now) });
  if (bulletinTo) messages.push(cardMessage(spec(bulletinTo, 'card', 'bulletin', manual?.replyTo), card));
  const draftTo = manual
    ? manual.requester.roles.includes('office')
      ? asker
      : null
    : groupOf(ctx.groups.supervision);
  if (record.status === 'draft' && draftTo) {
    messages.push(
      cardMessage(spec(draftTo, 'criticism-draft', 'bulletin_criticism_draft'), draftCard(record)),
    );
  }
  // The written 专报 waits for the office's decision; with nothing to decide it goes out now.
  if (request.origin === 'scheduled') messages.push(...writtenBulletinMessage(ctx, record));
  return { ...saved, messages };
}

/** bulletinMessages with the messages inserted: for the weekly job. Returns the outbox ids to queue. */
export async function issueBulletin(
  db: Db,
  ctx: TenantContext,
  period: Period,
  now: Date,
  request: BulletinRequest,
): Promise<IssuedBulletin> {
  return inTransaction(db, async (trx) => {
    const { messages, ...saved } = await bulletinMessages(trx, ctx, period, now, request);
    return { ...saved, outboxIds: await insertOutbox(trx, messages) };
  });
}

export type DecisionActor = { tenantKey: string; openId: string; name: string; roles: readonly Role[] };

/**
 * 同意发布 / 不发布 on the draft card. Only office staff decide; the decision and the published
 * notice (to the leaders' group, else the supervision group) commit together. Answers with the
 * draft card showing the outcome.
 */
export async function decideBulletinCard(
  db: Db,
  ctx: TenantContext,
  actor: DecisionActor,
  value: BulletinDecisionValue,
  now: Date,
): Promise<{ response: CallbackResponse; outboxIds: string[] }> {
  if (!actor.roles.includes('office')) {
    return { response: toast('error', '只有督查室工作人员可以决定是否发布通报批评'), outboxIds: [] };
  }
  const decision = value.a === 'bulletin_publish' ? 'publish' : 'drop';
  return inTransaction(db, async (trx) => {
    const decided = await decideBulletin(trx, actor.tenantKey, value.b, decision, actor.openId, now);
    if (!decided.ok) return { response: failureToast(decided.error), outboxIds: [] };
    const record = decided.value;
    const rows: NewOutbox[] = [];
    const to = groupOf(ctx.groups.leaders) ?? groupOf(ctx.groups.supervision);
    if (record.status === 'published' && to) {
      const notice = buildCriticismNoticeCard({
        period: record.period,
        criticism: record.criticism,
        criticiseAfterWorkdays: record.figures.criticiseAfterWorkdays,
        publishedAt: beijingStamp(now),
      });
      rows.push(
        cardMessage(
          {
            tenantKey: actor.tenantKey,
            to,
            key: `bulletin:${record.id}:criticism`,
            purpose: 'bulletin_criticism',
          },
          notice,
        ),
      );
    }
    if (record.origin === 'scheduled') rows.push(...writtenBulletinMessage(ctx, record));
    const outboxIds = await insertOutbox(trx, rows);
    const said = record.status === 'published' ? '已发布通报批评' : '已决定不发布，仅留存记录';
    return { response: toastWithCard('success', said, draftCard(record, actor.name)), outboxIds };
  });
}
