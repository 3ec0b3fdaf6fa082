/**
 * The 督查台账's columns: one row per issued item. The CSV, the workbook and the Base ledger all
 * show these, in this order, under these headers.
 */
import type { IsoDate } from '../../domain/calendar/index.ts';

export type WarningLabel = '红' | '黄' | '绿' | '';

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
  /** 亮灯 of an open item; empty once it is closed. */
  colour: WarningLabel;
  latestProgress: string;
  /** Not a column: what the per-unit summary adds up (the same rules as 统计). */
  facts: LedgerFacts;
};

export type LedgerFacts = {
  itemId: number;
  open: boolean;
  completed: boolean;
  completedOnTime: boolean;
  overdueNow: boolean;
};

export type LedgerColumnKey = Exclude<keyof LedgerRow, 'facts'>;

export type LedgerColumn = {
  key: LedgerColumnKey;
  header: string;
  /** Excel width in characters. */
  width: number;
  date?: true;
  wrap?: true;
};

export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
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
  { key: 'colour', header: '预警', width: 6 },
  { key: 'latestProgress', header: '最新进展', width: 48, wrap: true },
];
