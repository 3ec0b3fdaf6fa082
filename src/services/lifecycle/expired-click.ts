/**
 * A click on an item card past Feishu's window (it still delivers some): the card can no longer be
 * updated, and it may show a stale state, so the click is not acted on. The person gets the item's
 * card anew as a new message, with the buttons that apply now, and a toast saying why.
 */
import type { CallbackResponse } from '../../../cards/toast.ts';
import { toast } from '../../../cards/toast.ts';
import type { NewOutbox, OutboxRow } from '../../db/database.ts';
import { findItem } from '../../db/queries/items.ts';
import { insertOutbox, markCardReplaced } from '../../db/queries/outbox.ts';
import type { Person } from '../../db/queries/people.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import type { Deps } from '../../deps.ts';
import { cardPatchable } from '../../domain/card-window.ts';
import { detailMessage, maySee } from '../chat/item-detail.ts';
import { LIVE_PURPOSES, renderLiveCard } from './cards.ts';
import { queueMessages } from './followup-hooks.ts';
import { resendCard } from './refresh-cards.ts';

export const EXPIRED_CLICK_TOAST = '该卡片已超过飞书规定的 14 天有效期，已为您发送最新卡片，请在新卡片上操作';

/** Whether the clicked card is past the window (wall clock, like the outbox's sent_at). */
export const clickedExpired = (row: OutboxRow | undefined): row is OutboxRow =>
  row !== undefined && row.item_id !== null && !cardPatchable(row.sent_at, new Date());

export async function answerExpiredClick(
  deps: Pick<Deps, 'db' | 'jobs' | 'now' | 'logger'>,
  person: Person,
  row: OutboxRow,
): Promise<CallbackResponse> {
  const { db } = deps;
  const rec = row.item_id === null ? undefined : await findItem(db, person.tenantKey, row.item_id);
  if (!rec || !maySee(person, rec)) return toast('error', '事项不存在，或您无权查看');
  const now = deps.now();
  let fresh: NewOutbox | null = null;
  const shared = LIVE_PURPOSES.some((p) => row.purpose.startsWith(p)) && row.purpose !== 'draft';
  if (shared) {
    // The unit's live card: re-sent where it was, and it is the one updated from now on.
    const card = await renderLiveCard(
      db,
      await loadTenantContext(db, person.tenantKey),
      rec,
      row.purpose,
      now,
    );
    if (card) fresh = await resendCard(db, rec, row, card, now);
  }
  // Anything else (a reminder, a decision card): the item's detail privately, with the clicker's buttons.
  const key = `expired:${row.id}:${person.openId}:v${rec.version}`;
  fresh ??= await detailMessage(db, person, rec, { type: 'open_id', id: person.openId }, key, now);
  const message = fresh;
  const ids = await db.transaction().execute(async (trx) => {
    const inserted = await insertOutbox(trx, [message]);
    if (shared) await markCardReplaced(trx, row.id, message.id);
    return inserted;
  });
  await queueMessages(deps, ids);
  deps.logger.info(
    { outboxId: row.id, itemId: rec.id },
    'click on an expired card answered with a fresh card',
  );
  return toast('info', EXPIRED_CLICK_TOAST);
}
