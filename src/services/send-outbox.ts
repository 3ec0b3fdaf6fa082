import {
  claimOutbox,
  failOutbox,
  findOutboxById,
  markOutboxSent,
  releaseOutbox,
} from '../db/queries/outbox.ts';
import type { Deps } from '../deps.ts';
import type { SendFailure } from '../lark/errors.ts';
import type { Result } from '../lib/result.ts';
import { ok } from '../lib/result.ts';
import { BASE_MSG_TYPE, deliverBaseSync } from './base/deliver.ts';
import { deliverLedger, LEDGER_MSG_TYPE } from './deliver-ledger.ts';
import { deliverWrittenBulletin, WRITTEN_BULLETIN_MSG_TYPE } from './written-bulletin/deliver.ts';

/** A row left in 'sending' longer than this belongs to a process that died; it may be claimed again. */
export const SENDING_STALE_MS = 60_000;
/** After this many attempts a message is parked as failed (its last error kept) instead of retried forever. */
export const MAX_SEND_ATTEMPTS = 12;

export type SendOptions = {
  /** How long a 'sending' claim lives before another process may take the row over. */
  staleMs?: number;
};

export type SendOutcome =
  | { kind: 'sent'; messageId: string }
  | { kind: 'skipped' }
  | { kind: 'failed'; error: string }
  | { kind: 'retry'; failure: SendFailure };

/**
 * Sends one outbox row. The claim is the guard against sending twice: only the holder of a fresh
 * 'sending' claim calls Feishu, and the row's id is the Feishu uuid, so a resend after a crash is
 * dropped by Feishu within the hour.
 */
export async function sendOutboxMessage(
  deps: Pick<Deps, 'db' | 'lark' | 'logger'>,
  outboxId: string,
  opts: SendOptions = {},
): Promise<SendOutcome> {
  const { db, lark, logger } = deps;
  const row = await claimOutbox(db, outboxId, opts.staleMs ?? SENDING_STALE_MS);
  if (!row) return { kind: 'skipped' };
  const log = logger.child({ tenantKey: row.tenant_key, outboxId: row.id, purpose: row.purpose });
  let res: Result<{ messageId: string }, SendFailure>;
  if (row.patch_of) {
    const target = await findOutboxById(db, row.patch_of);
    if (!target || target.status === 'failed' || target.status === 'superseded') {
      await failOutbox(db, row.id, 'the card to update was never delivered');
      return { kind: 'failed', error: 'the card to update was never delivered' };
    }
    if (target.status !== 'sent' || !target.message_id) {
      // The card itself is still on its way; update it once it is there.
      const failure: SendFailure = {
        kind: 'rate_limited',
        scope: 'receiver',
        retryAfterMs: 3000,
        message: 'card not sent yet',
      };
      await releaseOutbox(db, row.id, failure.message, new Date(Date.now() + failure.retryAfterMs));
      return { kind: 'retry', failure };
    }
    const messageId = target.message_id;
    const patched = await lark.patchCard(messageId, JSON.parse(row.content) as object);
    res = patched.ok ? ok({ messageId }) : patched;
  } else if (row.msg_type === LEDGER_MSG_TYPE) {
    res = await deliverLedger(db, lark, row, new Date());
  } else if (row.msg_type === BASE_MSG_TYPE) {
    res = await deliverBaseSync({ db, lark, logger: log }, row, new Date());
  } else if (row.msg_type === WRITTEN_BULLETIN_MSG_TYPE) {
    res = await deliverWrittenBulletin({ db, lark }, row, new Date());
  } else {
    res = await lark.send({
      receiveIdType: row.receive_id_type,
      receiveId: row.receive_id,
      replyTo: row.reply_to,
      msgType: row.msg_type,
      content: row.content,
      uuid: row.id,
    });
  }
  if (res.ok) {
    await markOutboxSent(db, row.id, res.value.messageId);
    log.info({ messageId: res.value.messageId }, row.patch_of ? 'card updated' : 'message sent');
    return { kind: 'sent', messageId: res.value.messageId };
  }
  const failure = res.error;
  if (failure.kind === 'permanent' || row.attempts >= MAX_SEND_ATTEMPTS) {
    await failOutbox(db, row.id, failure.message);
    log.error({ err: failure.message, attempts: row.attempts }, 'message could not be delivered');
    return { kind: 'failed', error: failure.message };
  }
  const notBefore = failure.kind === 'rate_limited' ? new Date(Date.now() + failure.retryAfterMs) : undefined;
  await releaseOutbox(db, row.id, failure.message, notBefore);
  log.warn({ err: failure.message, kind: failure.kind }, 'message send will be retried');
  return { kind: 'retry', failure };
}
