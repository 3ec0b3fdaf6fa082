/**
 * 督查台账: one row per issued item of a period, as CSV or an Excel workbook. The office hands these
 * to leaders and auditors, so headers and values are in Chinese and dates are real Excel dates.
 */
import ExcelJS from 'exceljs';
import type { Db } from '../db/client.ts';
import { listPeriodItems } from '../db/queries/period-items.ts';
import { beijingDate, type IsoDate } from '../domain/calendar/index.ts';
import { type DateRange, isOverdue } from '../domain/figures.ts';
import { type ItemState, SOURCE_LABELS, type Source, STATE_LABELS } from '../domain/item.ts';
import { csvLine, UTF8_BOM } from '../lib/csv.ts';

export type LedgerRow = {
  number: string;
  title: string;
  source: string;
  leader: string;
  leadUnit: string;
  coUnits: string;
  issuedOn: IsoDate | null;
  deadline: IsoDate | null;
  state: string;
  completedOn: IsoDate | null;
  overdue: '是' | '否';
  latestProgress: string;
};

type Column = { key: keyof LedgerRow; header: string; width: number; date?: true; wrap?: true };

export const LEDGER_COLUMNS: readonly Column[] = [
  { key: 'number', header: '编号', width: 16 },
  { key: 'title', header: '事项', width: 36, wrap: true },
  { key: 'source', header: '来源', width: 20 },
  { key: 'leader', header: '交办领导', width: 10 },
  { key: 'leadUnit', header: '牵头单位', width: 20 },
  { key: 'coUnits', header: '协办单位', width: 24, wrap: true },
  { key: 'issuedOn', header: '交办日期', width: 12, date: true },
  { key: 'deadline', header: '办理时限', width: 12, date: true },
  { key: 'state', header: '状态', width: 8 },
  { key: 'completedOn', header: '办结日期', width: 12, date: true },
  { key: 'overdue', header: '是否超期', width: 9 },
  { key: 'latestProgress', header: '最新进展', width: 48, wrap: true },
];

export const LEDGER_SHEET = '督查台账';

const sourceLabel = (source: string | null): string =>
  source && source in SOURCE_LABELS ? SOURCE_LABELS[source as Source] : '';

/** The ledger of items issued in `range` (Beijing dates, inclusive); 是否超期 judged on today's Beijing date. */
export async function buildLedgerRows(
  db: Db,
  tenantKey: string,
  range: DateRange,
  now: Date,
): Promise<LedgerRow[]> {
  const today = beijingDate(now);
  const items = await listPeriodItems(db, tenantKey, { issuedFrom: range.from, issuedTo: range.to });
  return items.map((item) => ({
    number: item.number ?? '',
    title: item.title,
    source: sourceLabel(item.source),
    leader: item.leaderName ?? '',
    leadUnit: item.leadUnitName ?? '',
    coUnits: item.coUnitNames ?? '',
    issuedOn: item.issuedOn,
    deadline: item.deadline,
    state: STATE_LABELS[item.state as ItemState] ?? item.state,
    completedOn: item.completedOn,
    overdue: isOverdue(item, today) ? '是' : '否',
    latestProgress: item.latestProgress ?? '',
  }));
}

/** RFC 4180 with a UTF-8 BOM, dates as YYYY-MM-DD. */
export function ledgerCsv(rows: readonly LedgerRow[]): Buffer {
  const lines = [csvLine(LEDGER_COLUMNS.map((c) => c.header))];
  for (const row of rows) lines.push(csvLine(LEDGER_COLUMNS.map((c) => row[c.key])));
  return Buffer.from(UTF8_BOM + lines.join(''), 'utf8');
}

/** Midnight UTC: exceljs turns a Date into a serial day number through UTC, so the day never shifts. */
const excelDate = (date: IsoDate): Date => new Date(`${date}T00:00:00Z`);

/** An .xlsx workbook: Chinese headers, frozen header row, filters, widths, real date cells. */
export async function ledgerXlsx(rows: readonly LedgerRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '督查督办助手';
  const sheet = workbook.addWorksheet(LEDGER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = LEDGER_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    style: c.date
      ? { numFmt: 'yyyy-mm-dd' }
      : c.wrap
        ? { alignment: { wrapText: true, vertical: 'top' } }
        : {},
  }));
  for (const row of rows) {
    const values: Record<string, string | Date | null> = {};
    for (const c of LEDGER_COLUMNS) {
      const value = row[c.key];
      values[c.key] = c.date && value ? excelDate(value) : value;
    }
    const added = sheet.addRow(values);
    if (row.overdue === '是') added.getCell('overdue').font = { color: { argb: 'FFC00000' }, bold: true };
  }
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_COLUMNS.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
