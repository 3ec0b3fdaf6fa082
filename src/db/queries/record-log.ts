import { sql } from 'kysely';
import { beijingInstant } from '../../domain/calendar/index.ts';
import type { DateRange } from '../../domain/figures.ts';
import type { Db } from '../client.ts';
import { nextDayStart } from './period-items.ts';

/** A received Feishu event as stored (payload decrypted), for the audit export. */
export type EventRecord = {
  id: number;
  eventId: string;
  eventType: string;
  status: string;
  lastError: string | null;
  receivedAt: Date;
  processedAt: Date | null;
  payload: unknown;
};

/** A message the bot sent or meant to send, for the audit export. */
export type MessageRecord = {
  id: string;
  /** created_at to the microsecond, as text: the paging key (a JS Date keeps milliseconds only). */
  cursor: string;
  itemNumber: string | null;
  purpose: string;
  receiveIdType: string;
  receiveId: string;
  msgType: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  messageId: string | null;
  patchOf: string | null;
  content: string;
};

const from = (r: DateRange) => (r.from ? beijingInstant(r.from, '00:00') : null);
const to = (r: DateRange) => (r.to ? nextDayStart(r.to) : null);

/** Events received in the Beijing dates of `range`, id above `afterId`, oldest first. */
export async function eventRecordPage(
  db: Db,
  tenantKey: string,
  range: DateRange,
  afterId: number,
  limit: number,
): Promise<EventRecord[]> {
  let q = db
    .selectFrom('lark_events')
    .selectAll()
    .where('tenant_key', '=', tenantKey)
    .where('id', '>', afterId);
  const [start, end] = [from(range), to(range)];
  if (start) q = q.where('received_at', '>=', start);
  if (end) q = q.where('received_at', '<', end);
  const rows = await q.orderBy('id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    eventType: r.event_type,
    status: r.status,
    lastError: r.last_error,
    receivedAt: r.received_at,
    processedAt: r.processed_at,
    payload: r.payload,
  }));
}

/** Messages created in the Beijing dates of `range`, after the keyset `after`, oldest first. */
export async function messageRecordPage(
  db: Db,
  tenantKey: string,
  range: DateRange,
  after: { cursor: string; id: string } | null,
  limit: number,
): Promise<MessageRecord[]> {
  let q = db
    .selectFrom('outbox as o')
    .leftJoin('items as i', (j) =>
      j.onRef('i.tenant_key', '=', 'o.tenant_key').onRef('i.id', '=', 'o.item_id'),
    )
    .selectAll('o')
    .select(['i.number', sql<string>`o.created_at::text`.as('cursor')])
    .where('o.tenant_key', '=', tenantKey);
  const [start, end] = [from(range), to(range)];
  if (start) q = q.where('o.created_at', '>=', start);
  if (end) q = q.where('o.created_at', '<', end);
  if (after)
    q = q.where(sql<boolean>`(o.created_at, o.id) > (${after.cursor}::timestamptz, ${after.id}::uuid)`);
  const rows = await q.orderBy('o.created_at').orderBy('o.id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    cursor: r.cursor,
    itemNumber: r.number,
    purpose: r.purpose,
    receiveIdType: r.receive_id_type,
    receiveId: r.receive_id,
    msgType: r.msg_type,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    messageId: r.message_id,
    patchOf: r.patch_of,
    content: r.content,
  }));
}
