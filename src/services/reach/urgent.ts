/**
 * Sends a 加急 row (urgent-rows.ts) once its message is out: never automatically outside office
 * hours or on a day off, never past the tenant's unread limit for the person (Feishu refuses at 200),
 * and a person Feishu says is not in the chat is reported like an undeliverable message.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { OutboxRow } from '../../db/database.ts';
import { findOutboxById, releaseOutbox, skipOutbox } from '../../db/queries/outbox.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import type { Deps } from '../../deps.ts';
import { URGENT_LIMIT, URGENT_NOT_MEMBER } from '../../domain/reach/delivery-errors.ts';
import { inOfficeHours } from '../../domain/reach/urgent.ts';
import type { SendFailure } from '../../lark/errors.ts';
import type { Result } from '../../lib/result.ts';
import { ok } from '../../lib/result.ts';
import type { SendOutcome } from '../send-outbox.ts';
import { reachDb } from './store.ts';
import { reportUndelivered } from './undelivered.ts';
import { parseUrgentContent, urgentChannelOf } from './urgent-rows.ts';

/** 加急 older than this are taken as seen: Feishu keeps no 加急 pending for ever, and nor do we. */
const UNREAD_WINDOW_DAYS = 30;
/** How soon to look again for the message a 加急 waits for. */
const WAIT_FOR_MESSAGE_MS = 2_000;

export type UrgentAttempt =
  | { kind: 'call'; result: Result<{ messageId: string }, SendFailure> }
  | { kind: 'settled'; outcome: SendOutcome };

type UrgentDeps = Pick<Deps, 'db' | 'lark' | 'logger' | 'now' | 'jobs'>;

const settled = (outcome: SendOutcome): UrgentAttempt => ({ kind: 'settled', outcome });

/** Not sent, and not to be: the row says why. */
async function drop(db: Db, row: OutboxRow, why: string): Promise<UrgentAttempt> {
  await skipOutbox(db, row.id, row.attempts, why);
  return settled({ kind: 'skipped' });
}

export async function unreadUrgents(db: Db, tenantKey: string, openId: string, now: Date): Promise<number> {
  const row = await reachDb(db)
    .selectFrom('urgents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_key', '=', tenantKey)
    .where('open_id', '=', openId)
    .where('read_at', 'is', null)
    .where('urgent_at', '>', sql<Date>`${now}::timestamptz - make_interval(days => ${UNREAD_WINDOW_DAYS})`)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function deliverUrgent(deps: UrgentDeps, row: OutboxRow): Promise<UrgentAttempt> {
  const { db } = deps;
  const spec = parseUrgentContent(row.content);
  const target = spec ? await findOutboxById(db, spec.of) : undefined;
  if (!spec || !target || target.status === 'failed' || target.status === 'superseded')
    return drop(db, row, 'the message to 加急 was never delivered');
  if (target.status !== 'sent' || !target.message_id) {
    const failure: SendFailure = {
      kind: 'rate_limited',
      scope: 'receiver',
      retryAfterMs: WAIT_FOR_MESSAGE_MS,
      message: 'message not sent yet',
    };
    await releaseOutbox(
      db,
      row.id,
      row.attempts,
      failure.message,
      new Date(Date.now() + WAIT_FOR_MESSAGE_MS),
    );
    return settled({ kind: 'retry', failure });
  }
  const now = deps.now();
  const ctx = await loadTenantContext(db, row.tenant_key, deps.logger);
  const { urgent, followup } = ctx.settings;
  if (!spec.manual && !urgent.auto) return drop(db, row, 'automatic 加急 turned off');
  if (!spec.manual && !inOfficeHours(now, followup.officeHours, ctx.calendar))
    return drop(db, row, 'outside office hours: no automatic 加急');
  const unread = await unreadUrgents(db, row.tenant_key, row.receive_id, now);
  if (unread >= urgent.unreadLimit) {
    const message = `${unread} unread 加急, the limit is ${urgent.unreadLimit}`;
    await reportUndelivered(deps, row, { code: URGENT_LIMIT, message });
    return settled({ kind: 'failed', error: message });
  }
  const res = await deps.lark.urgent(urgentChannelOf(row), target.message_id, [row.receive_id]);
  if (!res.ok) return { kind: 'call', result: res };
  if (res.value.invalid.includes(row.receive_id)) {
    const message = 'not in the chat of the message (invalid_user_id_list)';
    await reportUndelivered(deps, row, { code: URGENT_NOT_MEMBER, message });
    return settled({ kind: 'failed', error: message });
  }
  return { kind: 'call', result: ok({ messageId: target.message_id }) };
}

/** A 加急 Feishu accepted counts against the person's unread until they read the message. */
export async function recordUrgent(db: Db, row: OutboxRow, messageId: string, now: Date): Promise<void> {
  const spec = parseUrgentContent(row.content);
  await reachDb(db)
    .insertInto('urgents')
    .values({
      outbox_id: row.id,
      tenant_key: row.tenant_key,
      open_id: row.receive_id,
      message_id: messageId,
      kind: urgentChannelOf(row),
      manual: spec?.manual ?? false,
      item_id: row.item_id,
      urgent_at: now,
    })
    .onConflict((oc) => oc.column('outbox_id').doNothing())
    .execute();
}

/** A read receipt (im.message.message_read_v1): the reader's 加急 on those messages are read. */
export async function markUrgentsRead(
  db: Db,
  tenantKey: string,
  openId: string,
  messageIds: readonly string[],
  at: Date,
): Promise<number> {
  if (messageIds.length === 0) return 0;
  const res = await reachDb(db)
    .updateTable('urgents')
    .set({ read_at: at })
    .where('tenant_key', '=', tenantKey)
    .where('open_id', '=', openId)
    .where('message_id', 'in', [...messageIds])
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
