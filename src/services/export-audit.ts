/**
 * 留痕 export for auditors (网络安全法 §21 keeps logs 6 months; 等保 wants time, user, event and
 * result): the item events of a period as CSV or JSON lines, read and written a batch at a time so a
 * long log never sits in memory whole.
 */
import type { Db } from '../db/client.ts';
import { type AuditRecord, auditPage } from '../db/queries/audit.ts';
import { CRITICISM_FLAG_ACTION } from '../db/queries/period-items.ts';
import type { DateRange } from '../domain/figures.ts';
import { EVENT_LABELS } from '../domain/lifecycle/index.ts';
import { csvLine, UTF8_BOM } from '../lib/csv.ts';

export type AuditFormat = 'csv' | 'jsonl';
export const AUDIT_FORMATS: readonly AuditFormat[] = ['csv', 'jsonl'];

export const AUDIT_BATCH = 1000;

const LABELS: Readonly<Record<string, string>> = {
  ...EVENT_LABELS,
  create: '创建拟办',
  [CRITICISM_FLAG_ACTION]: '列入通报',
};

export const actionLabel = (action: string): string => LABELS[action] ?? action;

/** '2026-10-19T08:30:00.000+08:00': the instant, readable in Beijing time and still unambiguous. */
export function beijingIso(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
}

/** The period's events, batch by batch, oldest first. */
export async function* auditBatches(
  db: Db,
  tenantKey: string,
  range: DateRange,
  batchSize: number = AUDIT_BATCH,
): AsyncGenerator<AuditRecord[]> {
  let afterId = 0;
  for (;;) {
    const page = await auditPage(db, tenantKey, range, afterId, batchSize);
    if (page.length === 0) return;
    yield page;
    const last = page[page.length - 1];
    if (!last || page.length < batchSize) return;
    afterId = last.id;
  }
}

export const AUDIT_CSV_HEADERS = [
  '序号',
  '租户',
  '事项编号',
  '事项ID',
  '操作人ID',
  '操作人',
  '操作',
  '操作说明',
  '数据',
  '时间',
] as const;

/** The first chunk of a CSV export: BOM and header row. */
export const auditCsvHeader = (): string => UTF8_BOM + csvLine(AUDIT_CSV_HEADERS);

export function auditCsvLines(records: readonly AuditRecord[]): string {
  return records
    .map((r) =>
      csvLine([
        r.id,
        r.tenantKey,
        r.itemNumber ?? '',
        r.itemId,
        r.actor,
        r.actorName ?? (r.actor === 'system' ? '督查督办助手' : ''),
        r.action,
        actionLabel(r.action),
        JSON.stringify(r.data),
        beijingIso(r.createdAt),
      ]),
    )
    .join('');
}

/** One JSON object per line, keys in English for tools (jq, log stores). */
export function auditJsonLines(records: readonly AuditRecord[]): string {
  return records
    .map(
      (r) =>
        `${JSON.stringify({
          id: r.id,
          tenant_key: r.tenantKey,
          item_id: r.itemId,
          item_number: r.itemNumber,
          actor: r.actor,
          actor_name: r.actorName,
          action: r.action,
          action_label: actionLabel(r.action),
          data: r.data,
          created_at: beijingIso(r.createdAt),
        })}\n`,
    )
    .join('');
}

/** Writes the whole export through `write`, awaiting it between batches; returns how many events. */
export async function exportAudit(
  db: Db,
  tenantKey: string,
  range: DateRange,
  format: AuditFormat,
  write: (chunk: string) => void | Promise<void>,
  batchSize: number = AUDIT_BATCH,
): Promise<number> {
  if (format === 'csv') await write(auditCsvHeader());
  let count = 0;
  for await (const batch of auditBatches(db, tenantKey, range, batchSize)) {
    await write(format === 'csv' ? auditCsvLines(batch) : auditJsonLines(batch));
    count += batch.length;
  }
  return count;
}
