/**
 * The cells of an .xlsx as text, for the proposals sheet reader: the first worksheet whose header
 * (within its first rows) names the required columns. Dates become YYYY-MM-DD, numbers their digits.
 */
import type ExcelJS from 'exceljs';
import { type HeaderMap, readHeader } from '../../domain/proposal-sheet.ts';

export type ProposalWorkbook = {
  sheetName: string;
  header: HeaderMap;
  data: { row: number; cells: string[] }[];
};

/** The bot reads .xlsx (Office 2007+); an old .xls is left to the usual file handling. */
export const isSpreadsheetName = (name: string | null | undefined): boolean =>
  /\.xlsx$/i.test(name?.trim() ?? '');

/** A title line or two above the header is common ("2026年县人大代表建议交办清单"). */
const HEADER_SEARCH_ROWS = 5;

export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return '';
}

function rowCells(row: ExcelJS.Row): string[] {
  const cells: string[] = [];
  row.eachCell({ includeEmpty: true }, (cell, col) => {
    cells[col - 1] = cellText(cell.value).trim();
  });
  return Array.from(cells, (c) => c ?? '');
}

/** null: not a workbook, or no sheet of it has the proposals columns. */
export async function readProposalWorkbook(bytes: Buffer): Promise<ProposalWorkbook | null> {
  // Loaded on use: exceljs and its zip stack are not needed to start the server.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  } catch {
    return null;
  }
  for (const sheet of workbook.worksheets) {
    for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, sheet.rowCount); r++) {
      const header = readHeader(rowCells(sheet.getRow(r)));
      if (!header) continue;
      const data: ProposalWorkbook['data'] = [];
      for (let n = r + 1; n <= sheet.rowCount; n++) data.push({ row: n, cells: rowCells(sheet.getRow(n)) });
      return { sheetName: sheet.name, header, data };
    }
  }
  return null;
}
