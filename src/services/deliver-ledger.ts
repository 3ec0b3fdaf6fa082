import type { Db } from '../db/client.ts';
import type { OutboxRow } from '../db/database.ts';
import { beijingDate } from '../domain/calendar/index.ts';
import type { LarkApi, SendFailure } from '../lark/client.ts';
import type { Result } from '../lib/result.ts';

/** The outbox msg_type of a 导出台账 request: the sender builds the file when it gets to the row. */
export const LEDGER_MSG_TYPE = 'ledger_xlsx';

/**
 * Builds the tenant's whole ledger, uploads it and sends it as a file message. Done by the sender, not
 * in the request's transaction: uploading is network work, and a retry builds it afresh. The file
 * message carries the row id as its uuid, so a retried upload never sends two files.
 */
export async function deliverLedger(
  db: Db,
  lark: LarkApi,
  row: OutboxRow,
  now: Date,
): Promise<Result<{ messageId: string }, SendFailure>> {
  // Loaded on demand: the spreadsheet library is large and most senders never build a ledger.
  const { buildLedgerRows, ledgerXlsx } = await import('./export-ledger.ts');
  const rows = await buildLedgerRows(db, row.tenant_key, {}, now);
  const file = await ledgerXlsx(rows);
  const uploaded = await lark.uploadFile(`督查台账-${beijingDate(now)}.xlsx`, file, 'xls');
  if (!uploaded.ok) return uploaded;
  return sendFileMessage(lark, row, uploaded.value.fileKey);
}

/** The file message for an outbox row whose file was just uploaded; the row id is its uuid. */
export function sendFileMessage(
  lark: LarkApi,
  row: OutboxRow,
  fileKey: string,
): Promise<Result<{ messageId: string }, SendFailure>> {
  return lark.send({
    receiveIdType: row.receive_id_type,
    receiveId: row.receive_id,
    replyTo: row.reply_to,
    msgType: 'file',
    content: JSON.stringify({ file_key: fileKey }),
    uuid: row.id,
  });
}
