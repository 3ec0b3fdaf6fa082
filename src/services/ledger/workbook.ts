/**
 * The 督查台账 as an .xlsx workbook that reads well when the office forwards it: the ledger with a
 * frozen header and first column, widths, real dates and 红黄绿 fills; a 单位汇总 sheet whose
 * figures follow the 统计 rules, with a 合计 row of SUM formulas; and one sheet per source.
 */
import type ExcelJS from 'exceljs';
import { SOURCE_LABELS, SOURCES } from '../../domain/item.ts';
import { LEDGER_COLUMNS, type LedgerRow, type WarningLabel } from './columns.ts';

export const LEDGER_SHEET = '督查台账';
export const SUMMARY_SHEET = '单位汇总';
export const NO_UNIT = '未确定单位';

const DATE_FORMAT = 'yyyy-mm-dd';
const RATE_FORMAT = '0.0%';
const HEADER_FILL = 'FFD9E1F2';
/** Excel's own 差/适中/好 cell styles: fill and font. */
export const WARNING_FILLS: Record<Exclude<WarningLabel, ''>, { fill: string; font: string }> = {
  红: { fill: 'FFFFC7CE', font: 'FF9C0006' },
  黄: { fill: 'FFFFEB9C', font: 'FF9C5700' },
  绿: { fill: 'FFC6EFCE', font: 'FF006100' },
};

/** Midnight UTC: exceljs turns a Date into a serial day number through UTC, so the day never shifts. */
const excelDate = (date: string): Date => new Date(`${date}T00:00:00Z`);

export function styleHeader(sheet: ExcelJS.Worksheet, columns: number): void {
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  header.height = 22;
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns } };
  // Printed on A4 landscape, as wide as the page, the header repeated on every page.
  sheet.pageSetup = {
    orientation: 'landscape',
    paperSize: 9,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
  };
  sheet.pageSetup.printTitlesRow = '1:1';
}

function addItemSheet(workbook: ExcelJS.Workbook, name: string, rows: readonly LedgerRow[]): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  sheet.columns = LEDGER_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    style: c.date
      ? { numFmt: DATE_FORMAT, alignment: { vertical: 'top', horizontal: 'center' } }
      : { alignment: { vertical: 'top', wrapText: c.wrap === true } },
  }));
  for (const row of rows) {
    const values: Record<string, string | Date | null> = {};
    for (const c of LEDGER_COLUMNS) {
      const value = row[c.key];
      values[c.key] = c.date && value ? excelDate(value) : value;
    }
    const added = sheet.addRow(values);
    if (row.overdue === '是') added.getCell('overdue').font = { color: { argb: 'FFC00000' }, bold: true };
    if (row.colour !== '') {
      const style = WARNING_FILLS[row.colour];
      const cell = added.getCell('colour');
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: style.fill } };
      cell.font = { color: { argb: style.font }, bold: true };
      cell.alignment = { vertical: 'top', horizontal: 'center' };
    }
  }
  styleHeader(sheet, LEDGER_COLUMNS.length);
}

type UnitTally = {
  unit: string;
  led: number;
  open: number;
  completed: number;
  completedOnTime: number;
  overdueNow: number;
};

/** Per lead unit, the units with the most overdue items first, then the busiest, then by name. */
export function tallyByUnit(rows: readonly LedgerRow[]): UnitTally[] {
  const byUnit = new Map<string, UnitTally>();
  for (const { leadUnit, facts } of rows) {
    const unit = leadUnit || NO_UNIT;
    const t = byUnit.get(unit) ?? { unit, led: 0, open: 0, completed: 0, completedOnTime: 0, overdueNow: 0 };
    t.led += 1;
    t.open += facts.open ? 1 : 0;
    t.completed += facts.completed ? 1 : 0;
    t.completedOnTime += facts.completedOnTime ? 1 : 0;
    t.overdueNow += facts.overdueNow ? 1 : 0;
    byUnit.set(unit, t);
  }
  return [...byUnit.values()].sort(
    (a, b) => b.overdueNow - a.overdueNow || b.led - a.led || a.unit.localeCompare(b.unit, 'zh-CN'),
  );
}

const SUMMARY_COLUMNS = [
  { key: 'unit', header: '牵头单位', width: 24 },
  { key: 'led', header: '牵头事项', width: 10 },
  { key: 'open', header: '在办', width: 8 },
  { key: 'completed', header: '办结', width: 8 },
  { key: 'completedOnTime', header: '按时办结', width: 10 },
  { key: 'overdueNow', header: '当前逾期', width: 10 },
  { key: 'rate', header: '按时办结率', width: 12 },
] as const;

/** 按时办结 ÷ 办结, blank with nothing completed. */
const rate = (completedOnTime: number, completed: number): number | null =>
  completed === 0 ? null : completedOnTime / completed;

function addSummarySheet(workbook: ExcelJS.Workbook, rows: readonly LedgerRow[]): void {
  const sheet = workbook.addWorksheet(SUMMARY_SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  sheet.columns = SUMMARY_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const tallies = tallyByUnit(rows);
  for (const t of tallies) sheet.addRow({ ...t, rate: rate(t.completedOnTime, t.completed) });
  const last = tallies.length + 1;
  const total = last + 1;
  const sum = (key: Exclude<(typeof SUMMARY_COLUMNS)[number]['key'], 'unit' | 'rate'>, col: string) => ({
    formula: tallies.length > 0 ? `SUM(${col}2:${col}${last})` : '0',
    result: tallies.reduce((n, t) => n + t[key], 0),
  });
  const completed = sum('completed', 'D');
  const onTime = sum('completedOnTime', 'E');
  const totalRow = sheet.addRow({
    unit: '合计',
    led: sum('led', 'B'),
    open: sum('open', 'C'),
    completed,
    completedOnTime: onTime,
    overdueNow: sum('overdueNow', 'F'),
    // A formula the office can follow; its cached result is what a reader without a calculator sees.
    rate: {
      formula: `IF(D${total}=0,"",E${total}/D${total})`,
      result: rate(onTime.result, completed.result) ?? '',
    },
  });
  totalRow.font = { bold: true };
  totalRow.border = { top: { style: 'thin' } };
  sheet.getColumn('rate').numFmt = RATE_FORMAT;
  for (const key of ['led', 'open', 'completed', 'completedOnTime', 'overdueNow'] as const) {
    sheet.getColumn(key).numFmt = '0';
  }
  styleHeader(sheet, SUMMARY_COLUMNS.length);
}

/** Excel sheet names: at most 31 characters, none of []:*?/\ . */
const sheetName = (label: string): string => label.replace(/[[\]:*?/\\]/g, '、').slice(0, 31);

/** The ledger, the per-unit summary, then a sheet for each source that has items (in §二's order). */
export async function ledgerXlsx(rows: readonly LedgerRow[]): Promise<Buffer> {
  // exceljs (and its zip stack) is loaded when a workbook is built, not when the CLI or server starts.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = '督查督办助手';
  addItemSheet(workbook, LEDGER_SHEET, rows);
  addSummarySheet(workbook, rows);
  const labels = [...SOURCES.map((s) => SOURCE_LABELS[s]), ''];
  for (const label of labels) {
    const ofSource = rows.filter((r) => r.source === label);
    if (ofSource.length > 0) addItemSheet(workbook, sheetName(label || '来源未填'), ofSource);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
