/**
 * 建议提案办理台账 in the NPC and CPPCC offices' format: one sheet for 建议, one for 提案 (编号, 标题,
 * 代表/委员, 主办单位, 会办单位, 答复类别, 答复时间, 是否按期, 满意度, 重办次数, 备注), and a 单位统计
 * sheet counted with the report's rules. Styled like the 督查台账 (src/services/ledger/workbook.ts).
 */
import type ExcelJS from 'exceljs';
import {
  CATEGORY_NOUNS,
  keyLabel,
  PROPOSER_LABELS,
  type ProposalCategory,
  proposalNumber,
  SATISFACTION_LABELS,
  STAGE_LABELS,
} from '../../domain/proposal.ts';
import {
  isCounted,
  isReplied,
  type ProposalReportRow,
  repliedOnTime,
  type UnitProgress,
} from '../../domain/proposal-report.ts';
import { styleHeader } from '../ledger/workbook.ts';

export const UNIT_SHEET = '单位统计';

const LEDGER_COLUMNS = [
  { key: 'number', header: '编号', width: 12 },
  { key: 'title', header: '标题', width: 40, wrap: true },
  { key: 'proposers', header: '代表/委员', width: 16, wrap: true },
  { key: 'lead', header: '主办单位', width: 20 },
  { key: 'co', header: '会办单位', width: 24, wrap: true },
  { key: 'answer', header: '答复类别', width: 9 },
  { key: 'repliedOn', header: '答复时间', width: 12, date: true },
  { key: 'onTime', header: '是否按期', width: 9 },
  { key: 'satisfaction', header: '满意度', width: 10 },
  { key: 'redo', header: '重办次数', width: 9 },
  { key: 'note', header: '备注', width: 30, wrap: true },
] as const;

/** 备注: 重点, where an unanswered item stands, a B answer's follow-up date. */
export function ledgerNote(r: ProposalReportRow): string {
  return [
    ...(r.keyItem ? [keyLabel(true)] : []),
    ...(isReplied(r) ? [] : [STAGE_LABELS[r.stage]]),
    ...(r.answerCategory === 'B' && r.followupOn ? [`${r.followupOn}前跟踪落实`] : []),
  ].join('；');
}

export type LedgerLine = Record<(typeof LEDGER_COLUMNS)[number]['key'], string | number | Date | null>;

/** One counted item as its ledger line (dates as real Excel dates). */
export function ledgerLine(r: ProposalReportRow): LedgerLine {
  const replied = isReplied(r);
  return {
    number: proposalNumber(r.category, r.seq),
    title: r.title,
    proposers: r.proposers,
    lead: r.leadUnitName ?? '',
    co: r.coUnitNames.join('、'),
    answer: replied && r.answerCategory ? `${r.answerCategory}类` : '',
    repliedOn: replied && r.repliedOn ? new Date(`${r.repliedOn}T00:00:00Z`) : null,
    onTime: replied ? (repliedOnTime(r) ? '是' : '否') : '',
    satisfaction: r.satisfaction ? SATISFACTION_LABELS[r.satisfaction] : '',
    redo: r.redoCount,
    note: ledgerNote(r),
  };
}

function addCategorySheet(workbook: ExcelJS.Workbook, category: ProposalCategory, rows: ProposalReportRow[]) {
  const sheet = workbook.addWorksheet(CATEGORY_NOUNS[category], {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }],
  });
  sheet.columns = LEDGER_COLUMNS.map((c) => ({
    header: c.key === 'proposers' ? PROPOSER_LABELS[category].person : c.header,
    key: c.key,
    width: c.width,
    style:
      'date' in c
        ? { numFmt: 'yyyy-mm-dd', alignment: { vertical: 'top', horizontal: 'center' } }
        : { alignment: { vertical: 'top', wrapText: 'wrap' in c } },
  }));
  for (const r of rows.filter((x) => x.category === category && isCounted(x))) {
    const added = sheet.addRow(ledgerLine(r));
    if (added.getCell('onTime').value === '否')
      added.getCell('onTime').font = { color: { argb: 'FFC00000' }, bold: true };
  }
  styleHeader(sheet, LEDGER_COLUMNS.length);
}

const UNIT_COLUMNS = [
  { key: 'unitName', header: '单位', width: 24 },
  { key: 'lead', header: '主办', width: 7 },
  { key: 'co', header: '会办', width: 7 },
  { key: 'replied', header: '已答复', width: 8 },
  { key: 'onTime', header: '按期答复', width: 9 },
  { key: 'A', header: 'A类', width: 6 },
  { key: 'B', header: 'B类', width: 6 },
  { key: 'C', header: 'C类', width: 6 },
  { key: 'satisfied', header: '满意', width: 6 },
  { key: 'basically', header: '基本满意', width: 9 },
  { key: 'unsatisfied', header: '不满意', width: 7 },
  { key: 'outstanding', header: '未答复', width: 8 },
  { key: 'opinionsOwed', header: '会办意见未送', width: 12 },
] as const;

export const unitLine = (p: UnitProgress) => ({
  unitName: p.unitName,
  lead: p.lead,
  co: p.co,
  replied: p.replied,
  onTime: p.onTime,
  ...p.answers,
  ...p.satisfaction,
  outstanding: p.outstanding,
  opinionsOwed: p.opinionsOwed,
});

function addUnitSheet(workbook: ExcelJS.Workbook, units: readonly UnitProgress[]) {
  const sheet = workbook.addWorksheet(UNIT_SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  sheet.columns = UNIT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  for (const p of units) sheet.addRow(unitLine(p));
  const last = units.length + 1;
  const total: Record<string, unknown> = { unitName: '合计' };
  UNIT_COLUMNS.slice(1).forEach((c, i) => {
    const col = String.fromCharCode(66 + i);
    const result = units.reduce((n, p) => n + Number(unitLine(p)[c.key]), 0);
    total[c.key] = { formula: units.length > 0 ? `SUM(${col}2:${col}${last})` : '0', result };
  });
  const row = sheet.addRow(total);
  row.font = { bold: true };
  row.border = { top: { style: 'thin' } };
  styleHeader(sheet, UNIT_COLUMNS.length);
}

export async function proposalLedgerXlsx(
  rows: ProposalReportRow[],
  units: readonly UnitProgress[],
): Promise<Buffer> {
  // Loaded on use: exceljs and its zip stack are not needed to start the server.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = '督查督办助手';
  addCategorySheet(workbook, 'npc_suggestion', rows);
  addCategorySheet(workbook, 'cppcc_proposal', rows);
  addUnitSheet(workbook, units);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
