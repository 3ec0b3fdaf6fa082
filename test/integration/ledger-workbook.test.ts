import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildLedgerRows,
  LEDGER_COLUMNS,
  LEDGER_SHEET,
  ledgerXlsx,
} from '../../src/services/export-ledger.ts';
import { SUMMARY_SHEET, WARNING_FILLS } from '../../src/services/ledger/workbook.ts';
import { unitStats } from '../../src/services/unit-stats.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { SAMPLE } from '../support/directory.ts';
import { NOW, seedScenario } from '../support/figures-scenario.ts';

let t: TestDb;
let workbook: ExcelJS.Workbook;
const AUTUMN = { from: '2026-09-01', to: '2026-10-31' };
beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db);
  const rows = await buildLedgerRows(t.db, SAMPLE.tenantKey, AUTUMN, NOW);
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(await ledgerXlsx(rows)).buffer);
});
afterAll(async () => t.drop());

const sheetOf = (name: string): ExcelJS.Worksheet => {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet;
};
const column = (key: string): number => LEDGER_COLUMNS.findIndex((c) => c.key === key) + 1;
const fillOf = (cell: ExcelJS.Cell): string | undefined =>
  cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined;

describe('the ledger workbook, cell by cell', () => {
  it('has the ledger, the unit summary and one sheet per source', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      LEDGER_SHEET,
      SUMMARY_SHEET,
      '县政府会议议定事项',
      '领导批示',
    ]);
    expect(sheetOf('县政府会议议定事项').rowCount).toBe(2);
    expect(sheetOf('领导批示').rowCount).toBe(12);
    expect(sheetOf('领导批示').getRow(1).values).toEqual(sheetOf(LEDGER_SHEET).getRow(1).values);
  });

  it('freezes the header row and the number column, sets widths', () => {
    for (const name of [LEDGER_SHEET, '领导批示', SUMMARY_SHEET]) {
      expect(sheetOf(name).views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 1 });
    }
    const sheet = sheetOf(LEDGER_SHEET);
    expect(LEDGER_COLUMNS.map((_, i) => sheet.getColumn(i + 1).width)).toEqual(
      LEDGER_COLUMNS.map((c) => c.width),
    );
    expect(sheet.autoFilter).toBeTruthy();
  });

  it('writes every date as a real date with a date format', () => {
    const sheet = sheetOf(LEDGER_SHEET);
    const dates = LEDGER_COLUMNS.flatMap((c, i) => (c.date ? [i + 1] : []));
    expect(dates).toHaveLength(3);
    let seen = 0;
    for (let r = 2; r <= sheet.rowCount; r++) {
      for (const col of dates) {
        const cell = sheet.getRow(r).getCell(col);
        if (cell.value === null) continue;
        expect(cell.value).toBeInstanceOf(Date);
        expect(cell.numFmt).toBe('yyyy-mm-dd');
        seen += 1;
      }
    }
    // 12 交办日期, 12 办理时限, 4 办结日期.
    expect(seen).toBe(28);
    expect(sheet.getRow(2).getCell(column('completedOn')).value).toEqual(new Date(Date.UTC(2026, 9, 15)));
  });

  it('fills the 预警 cell red, yellow or green, and leaves closed items blank', () => {
    const sheet = sheetOf(LEDGER_SHEET);
    const colours = Array.from({ length: 12 }, (_, i) => sheet.getRow(i + 2).getCell(column('colour')));
    // By number: 1 办结, 2 办结, 3 久未反馈, 4 逾期, 5 逾期, 6 办结, 7 逾期, 8 久未反馈, 9 撤销, 10 新交办, 11 办结, 12 逾期.
    expect(colours.map((c) => c.value ?? '').join(',')).toBe(',,黄,红,红,,红,黄,,绿,,红');
    for (const cell of colours) {
      const label = cell.value as keyof typeof WARNING_FILLS | null;
      expect(fillOf(cell)).toBe(label ? WARNING_FILLS[label].fill : undefined);
      if (label) expect(cell.font?.color?.argb).toBe(WARNING_FILLS[label].font);
    }
    const overdue = sheet.getRow(5).getCell(column('overdue'));
    expect(overdue.value).toBe('是');
    expect(overdue.font).toMatchObject({ bold: true, color: { argb: 'FFC00000' } });
  });

  it('sums per unit to exactly the 统计 figures, with SUM formulas in the 合计 row', async () => {
    const stats = await unitStats(t.db, SAMPLE.tenantKey, AUTUMN, NOW);
    const sheet = sheetOf(SUMMARY_SHEET);
    const read = (r: number) => {
      const row = sheet.getRow(r);
      const num = (c: number) => {
        const v = row.getCell(c).value;
        return typeof v === 'object' && v !== null && 'result' in v ? v.result : v;
      };
      return {
        unit: row.getCell(1).value,
        led: num(2),
        open: num(3),
        completed: num(4),
        completedOnTime: num(5),
        overdueNow: num(6),
        rate: num(7),
      };
    };
    const active = stats.units.filter((u) => u.led > 0);
    expect(sheet.rowCount).toBe(active.length + 2);
    const byName = new Map(
      Array.from({ length: active.length }, (_, i) => read(i + 2)).map((r) => [r.unit, r]),
    );
    for (const u of active) {
      expect(byName.get(u.unitName)).toEqual({
        unit: u.unitName,
        led: u.led,
        open: u.open,
        completed: u.completed,
        completedOnTime: u.completedOnTime,
        overdueNow: u.overdueNow,
        rate: u.onTimeRate,
      });
    }
    const totalRow = active.length + 2;
    expect(read(totalRow)).toEqual({
      unit: '合计',
      led: stats.totals.led,
      open: stats.totals.open,
      completed: stats.totals.completed,
      completedOnTime: stats.totals.completedOnTime,
      overdueNow: stats.totals.overdueNow,
      rate: stats.totals.onTimeRate,
    });
    expect(sheet.getRow(totalRow).getCell(2).value).toMatchObject({ formula: `SUM(B2:B${totalRow - 1})` });
    expect(sheet.getRow(2).getCell(7).numFmt).toBe('0.0%');
    expect(sheet.getRow(totalRow).getCell(7).numFmt).toBe('0.0%');
    // Most overdue first: the order the office reads it in.
    expect(read(2).overdueNow).toBe(Math.max(...active.map((u) => u.overdueNow)));
  });
});
