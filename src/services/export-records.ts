/**
 * The received events and the sent messages of a period, for `duban audit export --kind events|messages`:
 * the two logs the retention job deletes after each tenant's period, so an office can archive them
 * first. Same formats and paging as the item-event export (export-audit.ts).
 */
import type { Db } from '../db/client.ts';
import type { EventRecord, MessageRecord } from '../db/queries/record-log.ts';
import { eventRecordPage, messageRecordPage } from '../db/queries/record-log.ts';
import type { DateRange } from '../domain/figures.ts';
import { csvLine, UTF8_BOM } from '../lib/csv.ts';
import type { AuditFormat } from './export-audit.ts';
import { AUDIT_BATCH, beijingIso } from './export-audit.ts';

export type RecordKind = 'events' | 'messages';

const at = (d: Date | null) => (d ? beijingIso(d) : null);

const EVENT_HEADERS = ['序号', '事件ID', '事件类型', '状态', '错误', '接收时间', '处理时间', '内容'] as const;
const MESSAGE_HEADERS = [
  '消息ID',
  '事项编号',
  '用途',
  '接收方类型',
  '接收方',
  '消息类型',
  '状态',
  '尝试次数',
  '错误',
  '生成时间',
  '发送时间',
  '飞书消息ID',
  '更新的消息',
  '内容',
] as const;

const eventFields = (r: EventRecord) => ({
  id: r.id,
  event_id: r.eventId,
  event_type: r.eventType,
  status: r.status,
  last_error: r.lastError,
  received_at: at(r.receivedAt),
  processed_at: at(r.processedAt),
  payload: r.payload,
});

const messageFields = (r: MessageRecord) => ({
  id: r.id,
  item_number: r.itemNumber,
  purpose: r.purpose,
  receive_id_type: r.receiveIdType,
  receive_id: r.receiveId,
  msg_type: r.msgType,
  status: r.status,
  attempts: r.attempts,
  last_error: r.lastError,
  created_at: at(r.createdAt),
  sent_at: at(r.sentAt),
  message_id: r.messageId,
  patch_of: r.patchOf,
  content: r.content,
});

type Row = Record<string, unknown>;

function render(rows: Row[], format: AuditFormat): string {
  if (format === 'jsonl') return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  return rows
    .map((r) =>
      csvLine(
        Object.values(r).map((v) =>
          v === null || typeof v === 'string' || typeof v === 'number' ? v : JSON.stringify(v),
        ),
      ),
    )
    .join('');
}

async function* pages(db: Db, tenantKey: string, range: DateRange, kind: RecordKind, batch: number) {
  if (kind === 'events') {
    let after = 0;
    for (;;) {
      const page = await eventRecordPage(db, tenantKey, range, after, batch);
      if (page.length > 0) yield page.map(eventFields);
      const last = page.at(-1);
      if (!last || page.length < batch) return;
      after = last.id;
    }
  }
  let after: { cursor: string; id: string } | null = null;
  for (;;) {
    const page = await messageRecordPage(db, tenantKey, range, after, batch);
    if (page.length > 0) yield page.map(messageFields);
    const last = page.at(-1);
    if (!last || page.length < batch) return;
    after = { cursor: last.cursor, id: last.id };
  }
}

/** Writes the export through `write`, a batch at a time; returns how many records. */
export async function exportRecords(
  db: Db,
  tenantKey: string,
  range: DateRange,
  kind: RecordKind,
  format: AuditFormat,
  write: (chunk: string) => void | Promise<void>,
  batch: number = AUDIT_BATCH,
): Promise<number> {
  if (format === 'csv') await write(UTF8_BOM + csvLine(kind === 'events' ? EVENT_HEADERS : MESSAGE_HEADERS));
  let count = 0;
  for await (const rows of pages(db, tenantKey, range, kind, batch)) {
    await write(render(rows, format));
    count += rows.length;
  }
  return count;
}
