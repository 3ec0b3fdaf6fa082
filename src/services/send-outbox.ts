import type { OutboxRow } from '../db/database.ts';
import {
  claimOutbox,
  failOutbox,
  findOutboxById,
  markOutboxSent,
  releaseOutbox,
  renewOutboxLease,
  skipOutbox,
} from '../db/queries/outbox.ts';
import type { Deps } from '../deps.ts';
import { cardPatchable } from '../domain/card-window.ts';
import type { SendFailure } from '../lark/errors.ts';
import { CARD_EXPIRED_CODE } from '../lark/errors.ts';
import type { Result } from '../lib/result.ts';
import { ok } from '../lib/result.ts';
import { BASE_MSG_TYPE, deliverBaseSync } from './base/deliver.ts';
import { outOfTurn } from './card-update-order.ts';
import { deliverLedger, LEDGER_MSG_TYPE } from './deliver-ledger.ts';
import { deliverStoredFile, STORED_FILE_MSG_TYPE } from './intake/send-file.ts';
import { noteDelivered } from './reach/delivered.ts';
import { reportUndelivered } from './reach/undelivered.ts';
import { deliverUrgent } from './reach/urgent.ts';
import { isUrgentRow } from './reach/urgent-rows.ts';
import { deliverWrittenBulletin, WRITTEN_BULLETIN_MSG_TYPE } from './written-bulletin/deliver.ts';

/**
 * A send claim's lease. The sender renews it every quarter of this while its call is in flight, so
 * only a dead sender's rows run out, and they are claimable again within this long.
 */
export const SEND_LEASE_MS = 6_000;
/** After this many attempts a message is parked as failed (its last error kept) instead of retried forever. */
export const MAX_SEND_ATTEMPTS = 12;

export type SendOptions = {
  /** The claim's lease (default SEND_LEASE_MS). */
  leaseMs?: number;
};

export type SendOutcome =
  | { kind: 'sent'; messageId: string }
  | { kind: 'skipped' }
  /** Another sender holds the row, or it is not due yet: look again in `retryInMs`. */
  | { kind: 'busy'; retryInMs: number }
  | { kind: 'failed'; error: string }
  | { kind: 'retry'; failure: SendFailure };

type SendDeps = Pick<Deps, 'db' | 'lark' | 'logger' | 'jobs' | 'now'>;

/**
 * Sends one outbox row. The claim is the guard against sending twice: only the holder of a live
 * lease calls Feishu (the lease is renewed for as long as the call takes), and the row's id is the
 * Feishu uuid, so a resend after a crash is dropped by Feishu within the hour.
 */
export async function sendOutboxMessage(
  deps: SendDeps,
  outboxId: string,
  opts: SendOptions = {},
): Promise<SendOutcome> {
  const leaseMs = opts.leaseMs ?? SEND_LEASE_MS;
  const claim = await claimOutbox(deps.db, outboxId, leaseMs);
  if (claim.kind === 'done') return { kind: 'skipped' };
  if (claim.kind === 'busy') return claim;
  const { row } = claim;
  const log = deps.logger.child({ tenantKey: row.tenant_key, outboxId: row.id, purpose: row.purpose });
  const lease = keepLease(deps.db, row, leaseMs, log);
  try {
    return await sendClaimed(deps, row, log);
  } finally {
    lease.stop();
  }
}

/** Renews the claim's lease every quarter lease until stopped; a renewal that fails is logged. */
function keepLease(db: Deps['db'], row: OutboxRow, leaseMs: number, log: Deps['logger']): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const renew = async () => {
    try {
      const held = await renewOutboxLease(db, row.id, row.attempts, leaseMs);
      if (!held && !stopped) {
        stopped = true;
        log.warn('send lease taken over by another sender; Feishu drops the second call by its uuid');
      }
    } catch (e) {
      log.warn({ err: e instanceof Error ? e.message : String(e) }, 'send lease not renewed');
    }
    if (!stopped) timer = setTimeout(renew, leaseMs / 4);
  };
  timer = setTimeout(renew, leaseMs / 4);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

async function sendClaimed(deps: SendDeps, row: OutboxRow, log: Deps['logger']): Promise<SendOutcome> {
  const { db, lark } = deps;
  if (row.card_problem && row.attempts === 1)
    log.error(
      { problem: row.card_problem },
      'card failed validation where it was built; sending a fallback card',
    );
  const behind = await outOfTurn(db, row);
  if (behind) return behind;
  let res: Result<{ messageId: string }, SendFailure>;
  if (row.patch_of) {
    const target = await findOutboxById(db, row.patch_of);
    if (!target || target.status === 'failed' || target.status === 'superseded') {
      await failOutbox(db, row.id, row.attempts, 'the card to update was never delivered');
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
      await releaseOutbox(
        db,
        row.id,
        row.attempts,
        failure.message,
        new Date(Date.now() + failure.retryAfterMs),
      );
      return { kind: 'retry', failure };
    }
    // Feishu refuses updates of a card older than 14 days: past our margin the update is dropped
    // here (a fresh card carries the state: reminders, re-sends, 事项 N), not sent to fail.
    if (!cardPatchable(target.sent_at, new Date())) return skipAged(db, row, log);
    const messageId = target.message_id;
    const patched = await lark.patchCard(messageId, JSON.parse(row.content) as object);
    if (!patched.ok && patched.error.code === CARD_EXPIRED_CODE) return skipAged(db, row, log);
    res = patched.ok ? ok({ messageId }) : patched;
  } else if (row.msg_type === LEDGER_MSG_TYPE) {
    res = await deliverLedger(db, lark, row, new Date());
  } else if (row.msg_type === STORED_FILE_MSG_TYPE) {
    res = await deliverStoredFile(db, lark, row);
  } else if (row.msg_type === BASE_MSG_TYPE) {
    res = await deliverBaseSync({ db, lark, logger: log }, row, new Date());
  } else if (row.msg_type === WRITTEN_BULLETIN_MSG_TYPE) {
    res = await deliverWrittenBulletin({ db, lark }, row, new Date());
  } else if (isUrgentRow(row)) {
    const attempt = await deliverUrgent({ ...deps, logger: log }, row);
    if (attempt.kind === 'settled') return attempt.outcome;
    res = attempt.result;
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
    // Noted before the row is marked sent, so whoever sees it sent sees its effects too; the message
    // is out whatever happens here, and a missed close waits for the next delivery.
    await noteDelivered({ ...deps, logger: log }, row, res.value.messageId).catch((e: unknown) =>
      log.warn({ err: e instanceof Error ? e.message : String(e) }, 'delivery not noted on its problems'),
    );
    await markOutboxSent(db, row.id, res.value.messageId);
    log.info({ messageId: res.value.messageId }, row.patch_of ? 'card updated' : 'message sent');
    return { kind: 'sent', messageId: res.value.messageId };
  }
  const failure = res.error;
  if (failure.kind === 'permanent' || row.attempts >= MAX_SEND_ATTEMPTS) {
    // Parked, counted on its problem for the office, and sent on along the route (reach/undelivered.ts).
    await reportUndelivered({ ...deps, logger: log }, row, failure);
    log.error({ err: failure.message, attempts: row.attempts }, 'message could not be delivered');
    return { kind: 'failed', error: failure.message };
  }
  const notBefore = failure.kind === 'rate_limited' ? new Date(Date.now() + failure.retryAfterMs) : undefined;
  await releaseOutbox(db, row.id, row.attempts, failure.message, notBefore);
  log.warn({ err: failure.message, kind: failure.kind }, 'message send will be retried');
  return { kind: 'retry', failure };
}

/** A card update of a card past Feishu's window: not an error, nothing to retry or report. */
async function skipAged(db: SendDeps['db'], row: OutboxRow, log: Deps['logger']): Promise<SendOutcome> {
  await skipOutbox(db, row.id, row.attempts, AGED_REASON);
  log.info({ patchOf: row.patch_of }, "card update skipped: the card is past Feishu's update window");
  return { kind: 'skipped' };
}

export const AGED_REASON = "skipped: the card is past Feishu's 14-day update window";
