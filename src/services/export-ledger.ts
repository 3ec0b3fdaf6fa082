/**
 * 督查台账: one row per issued item of a period, as CSV or an Excel workbook. The office hands these
 * to leaders and auditors, so headers and values are in Chinese and dates are real Excel dates.
 */
import type { Db } from '../db/client.ts';
import { listPeriodItems, type PeriodItem } from '../db/queries/period-items.ts';
import { loadTenantContext } from '../db/queries/tenants.ts';
import { sourceLabel } from '../domain/bulletin-charts.ts';
import { beijingDate, type Calendar, type IsoDate } from '../domain/calendar/index.ts';
import { completedOnTime, type DateRange, isOpen, isOverdue, overdueNow } from '../domain/figures.ts';
import { type ItemState, STATE_LABELS } from '../domain/item.ts';
import type { TenantSettings } from '../domain/settings.ts';
import { type WarningColour, warningColour } from '../domain/warning.ts';
import { csvLine, UTF8_BOM } from '../lib/csv.ts';
import { LEDGER_COLUMNS, type LedgerRow, type WarningLabel } from './ledger/columns.ts';

export { LEDGER_COLUMNS, type LedgerRow } from './ledger/columns.ts';
export { LEDGER_SHEET, ledgerXlsx } from './ledger/workbook.ts';

const WARNING_LABELS: Record<WarningColour, WarningLabel> = { red: '红', yellow: '黄', green: '绿' };

/** One item as a ledger row, judged on `today` (Beijing). */
export function ledgerRow(
  item: PeriodItem,
  today: IsoDate,
  calendar: Calendar,
  settings: Pick<TenantSettings, 'warning'>,
): LedgerRow {
  const colour = warningColour(item, today, calendar, settings.warning);
  const completed = item.state === 'completed';
  return {
    number: item.number ?? '',
    title: item.title,
    source: item.source ? sourceLabel(item.source) : '',
    leader: item.leaderName ?? '',
    leadUnit: item.leadUnitName ?? '',
    coUnits: item.coUnitNames ?? '',
    issuedOn: item.issuedOn,
    deadline: item.deadline,
    state: STATE_LABELS[item.state as ItemState] ?? item.state,
    completedOn: item.completedOn,
    overdue: isOverdue(item, today) ? '是' : '否',
    colour: colour ? WARNING_LABELS[colour] : '',
    latestProgress: item.latestProgress ?? '',
    facts: {
      itemId: item.id,
      open: isOpen(item.state),
      completed,
      completedOnTime: completed && completedOnTime(item),
      overdueNow: overdueNow(item, today),
    },
  };
}

/** The ledger of items issued in `range` (Beijing dates, inclusive); 是否超期 and 预警 judged on today's Beijing date. */
export async function buildLedgerRows(
  db: Db,
  tenantKey: string,
  range: DateRange,
  now: Date,
): Promise<LedgerRow[]> {
  const today = beijingDate(now);
  const [items, ctx] = await Promise.all([
    listPeriodItems(db, tenantKey, { issuedFrom: range.from, issuedTo: range.to }),
    loadTenantContext(db, tenantKey),
  ]);
  return items.map((item) => ledgerRow(item, today, ctx.calendar, ctx.settings));
}

/** RFC 4180 with a UTF-8 BOM, dates as YYYY-MM-DD. */
export function ledgerCsv(rows: readonly LedgerRow[]): Buffer {
  const lines = [csvLine(LEDGER_COLUMNS.map((c) => c.header))];
  for (const row of rows) lines.push(csvLine(LEDGER_COLUMNS.map((c) => row[c.key])));
  return Buffer.from(UTF8_BOM + lines.join(''), 'utf8');
}
