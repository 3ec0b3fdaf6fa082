/**
 * Reading the year's list of 人大代表建议 and 政协委员提案 from a spreadsheet (as the NPC and CPPCC
 * offices hand it over): which columns hold what, and every row checked before anything is written.
 * Pure: the cells come in as text, the directory and the numbers already taken come in as values.
 */

import type { IsoDate } from './calendar/index.ts';
import { parseDate } from './calendar/index.ts';
import { aliasTable, matchAliasAt } from './instruction/aliases.ts';
import { type ProposalCategory, parseCategory, proposalNumber } from './proposal.ts';

/** The columns, each with the header variants offices use (compared after normalising, see `headerKey`). */
export const SHEET_COLUMNS = {
  category: ['类别', '类型', '件别', '建议提案', '建议/提案'],
  number: ['编号', '案号', '建议编号', '提案编号', '建议号', '提案号'],
  title: ['标题', '题目', '案由', '建议标题', '提案标题', '建议题目', '提案题目'],
  proposers: [
    '代表/委员',
    '代表委员',
    '代表',
    '委员',
    '领衔代表',
    '提案人',
    '提出人',
    '代表姓名',
    '委员姓名',
  ],
  delegation: ['代表团/界别', '代表团界别', '代表团', '界别', '所属代表团', '所属界别'],
  topic: ['分类', '内容分类', '专题', '归类'],
  lead: ['主办单位', '主办', '承办单位'],
  co: ['会办单位', '会办', '协办单位'],
  key: ['重点', '是否重点', '重点/一般', '办理类型'],
  deadline: ['办理期限', '办理时限', '答复期限', '期限'],
  text: ['内容', '正文', '主要内容', '建议内容', '提案内容'],
} as const;
export type SheetColumn = keyof typeof SHEET_COLUMNS;

/** Without these a sheet is not a list of suggestions and proposals. */
const REQUIRED: readonly SheetColumn[] = ['category', 'number', 'title', 'lead'];

/** Full-width brackets and slashes, spaces and 「*」 (required-column marks) do not matter in a header. */
export const headerKey = (raw: string): string =>
  raw
    .replace(/[\s*＊]/g, '')
    .replace(/[／、]/g, '/')
    .replace(/[（(]/g, '/')
    .replace(/[）)]/g, '');

const VARIANTS = new Map<string, SheetColumn>(
  (Object.entries(SHEET_COLUMNS) as [SheetColumn, readonly string[]][]).flatMap(([col, names]) =>
    names.map((n) => [headerKey(n), col] as const),
  ),
);

export type HeaderMap = Partial<Record<SheetColumn, number>>;

/** Which column index holds what; null unless every required column is there (then it is a proposals sheet). */
export function readHeader(cells: readonly string[]): HeaderMap | null {
  const map: HeaderMap = {};
  cells.forEach((cell, i) => {
    const col = VARIANTS.get(headerKey(cell));
    if (col && map[col] === undefined) map[col] = i;
  });
  return REQUIRED.every((c) => map[c] !== undefined) ? map : null;
}

export type SheetRow = {
  /** The spreadsheet's own row number (the header is row 1 when it is the first row). */
  row: number;
  category: ProposalCategory;
  seq: number;
  title: string;
  proposers: string;
  delegation: string;
  topic: string;
  leadUnitId: number;
  coUnitIds: number[];
  keyItem: boolean;
  deadline: IsoDate | null;
  text: string;
};

export type RowError = { row: number; reasons: string[] };

export type SheetContext = {
  units: ReadonlyArray<{ id: number; name: string; aliases: readonly string[] }>;
  /** 'npc_suggestion:12' for numbers of the year already in the database. */
  taken: ReadonlySet<string>;
  /** Explicit deadlines before this day are refused. */
  today: IsoDate;
};

export type SheetReading = { rows: SheetRow[]; errors: RowError[] };

export const takenKey = (category: ProposalCategory, seq: number): string => `${category}:${seq}`;

export const readCategory = (raw: string): ProposalCategory | null =>
  raw.trim() === '' ? null : parseCategory(raw.replace(/\s/g, ''));

/** 第12号, 12, 第12号建议, 〔2026〕12号 → 12. */
export function readNumber(raw: string): number | null {
  const s = raw.replace(/\s/g, '').replace(/[〔[（(]\d{4}[〕\]）)]/, '');
  const m = /^第?(\d{1,6})(?:号)?(?:建议|提案)?$/.exec(s);
  const n = m ? Number(m[1]) : Number.NaN;
  return Number.isInteger(n) && n > 0 ? n : null;
}

export function readKey(raw: string): boolean | null {
  const s = raw.replace(/\s/g, '');
  if (s === '' || ['否', '一般', '非重点', 'N', 'n', '0'].includes(s)) return false;
  if (['是', '重点', 'Y', 'y', '1', '√'].includes(s)) return true;
  return null;
}

/** 2026-06-30, 2026/6/30, 2026.6.30 or 2026年6月30日. */
export function readSheetDate(raw: string): IsoDate | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(raw.trim());
  if (!m) return null;
  const d = parseDate(`${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}`);
  return d.ok ? d.value : null;
}

/** Names separated by 、，, ; or spaces. */
export const splitNames = (raw: string): string[] =>
  raw
    .split(/[、，,；;\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * Every data row checked: a row with any problem is listed with all its reasons and left out; the
 * others are ready to import. Blank rows are skipped; numbers must be unique within the sheet (per
 * 建议/提案) and not already in the database for the year.
 */
export function readSheet(
  header: HeaderMap,
  data: ReadonlyArray<{ row: number; cells: readonly string[] }>,
  ctx: SheetContext,
): SheetReading {
  const table = aliasTable({ units: ctx.units });
  const idOf = new Map(ctx.units.map((u) => [u.name, u.id]));
  const unit = (name: string): number | null => {
    const hit = matchAliasAt(name, 0, table);
    return hit && hit.alias.length === name.length ? (idOf.get(hit.unit) ?? null) : null;
  };
  const seen = new Map<string, number>();
  const rows: SheetRow[] = [];
  const errors: RowError[] = [];
  for (const { row, cells } of data) {
    const cell = (c: SheetColumn): string => {
      const i = header[c];
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    if ((Object.keys(header) as SheetColumn[]).every((c) => cell(c) === '')) continue;
    const reasons: string[] = [];
    const category = readCategory(cell('category'));
    if (!category) reasons.push(`类别“${cell('category')}”应为 建议 或 提案`);
    const seq = readNumber(cell('number'));
    if (cell('number') === '') reasons.push('缺少编号');
    else if (seq === null) reasons.push(`编号“${cell('number')}”无法识别（应为 第N号 或 N）`);
    const title = cell('title');
    if (title === '') reasons.push('缺少标题');
    const leadName = cell('lead');
    const leadUnitId = leadName === '' ? null : unit(leadName);
    if (leadName === '') reasons.push('缺少主办单位');
    else if (leadUnitId === null) reasons.push(`主办单位“${leadName}”不在本县名录中`);
    const coNames = splitNames(cell('co'));
    const unknownCo = coNames.filter((n) => unit(n) === null);
    if (unknownCo.length > 0) reasons.push(`会办单位“${unknownCo.join('、')}”不在本县名录中`);
    const coUnitIds = [...new Set(coNames.flatMap((n) => unit(n) ?? []))].filter((id) => id !== leadUnitId);
    const keyItem = readKey(cell('key'));
    if (keyItem === null) reasons.push(`重点“${cell('key')}”应为 是/否 或 重点/一般`);
    const rawDeadline = cell('deadline');
    const deadline = rawDeadline === '' ? null : readSheetDate(rawDeadline);
    if (rawDeadline !== '' && deadline === null)
      reasons.push(`办理期限“${rawDeadline}”不是有效日期（如 2026-06-30）`);
    else if (deadline !== null && deadline < ctx.today) reasons.push(`办理期限 ${deadline} 早于今天`);
    if (category && seq !== null) {
      const key = takenKey(category, seq);
      const label = proposalNumber(category, seq);
      const first = seen.get(key);
      if (first !== undefined) reasons.push(`${label}与第 ${first} 行编号重复`);
      else seen.set(key, row);
      if (ctx.taken.has(key)) reasons.push(`${label}已导入过，不再重复导入`);
    }
    if (reasons.length > 0 || !category || seq === null || leadUnitId === null || keyItem === null) {
      errors.push({ row, reasons });
      continue;
    }
    rows.push({
      row,
      category,
      seq,
      title,
      proposers: splitNames(cell('proposers')).join('、'),
      delegation: cell('delegation'),
      topic: cell('topic'),
      leadUnitId,
      coUnitIds,
      keyItem,
      deadline,
      text: cell('text') || title,
    });
  }
  return { rows, errors };
}

/** One line per bad row, as the office reads it in the CLI and on the card. */
export const errorLine = (e: RowError): string => `第 ${e.row} 行：${e.reasons.join('；')}`;
