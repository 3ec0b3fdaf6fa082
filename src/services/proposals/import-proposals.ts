/**
 * 批量导入: the year's list of 建议/提案 becomes drafts (拟办) the office reviews and issues in bulk.
 * Every row is checked first; the good rows are written together in the caller's transaction and
 * the bad ones listed with their row numbers and reasons (the office fixes those and imports the
 * sheet again: what was imported is refused as a duplicate, so nothing is doubled).
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { insertProposalDraft, takenNumbers } from '../../db/queries/proposal-batches.ts';
import { listUnits } from '../../db/queries/units.ts';
import type { IsoDate } from '../../domain/calendar/index.ts';
import { type RowError, readSheet, type SheetRow } from '../../domain/proposal-sheet.ts';
import type { ProposalWorkbook } from './read-workbook.ts';

export type ImportRequest = {
  tenantKey: string;
  year: number;
  today: IsoDate;
  actor: string;
  messageId: string | null;
  /** Check and list only; nothing written. */
  dryRun: boolean;
};

export type ImportOutcome = {
  /** null when nothing was written (a dry run, or no good row). */
  batch: string | null;
  rows: SheetRow[];
  itemIds: number[];
  errors: RowError[];
};

/** Short enough to type: 2027-3f9a1c. */
export const newBatchId = (year: number): string => `${year}-${randomBytes(3).toString('hex')}`;

/** Must run inside a transaction (`trx`): a failure part-way leaves nothing behind. */
export async function importProposals(
  trx: Db,
  req: ImportRequest,
  workbook: ProposalWorkbook,
): Promise<ImportOutcome> {
  const [units, taken] = await Promise.all([
    listUnits(trx, req.tenantKey),
    takenNumbers(trx, req.tenantKey, req.year),
  ]);
  const { rows, errors } = readSheet(workbook.header, workbook.data, { units, taken, today: req.today });
  if (req.dryRun || rows.length === 0) return { batch: null, rows, itemIds: [], errors };
  const batch = newBatchId(req.year);
  const origin = {
    tenantKey: req.tenantKey,
    year: req.year,
    batch,
    actor: req.actor,
    messageId: req.messageId,
  };
  const itemIds: number[] = [];
  for (const row of rows) itemIds.push(await insertProposalDraft(trx, origin, row));
  return { batch, rows, itemIds, errors };
}
