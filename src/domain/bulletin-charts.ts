/**
 * The figures behind the 督查专报's charts: open items by warning colour and by source, and the
 * number of overdue items at the end of each of the last weeks.
 *
 * The trend prefers what was reported: each week's stored 专报 (its overdueNow when it was taken),
 * so the line never rewrites a figure leaders already saw. A week with no stored 专报 (the first
 * weeks after deployment, a tenant without a leaders' group) is estimated from the items' dates
 * with today's deadlines, which misses an extension granted after an item fell overdue; such
 * points are marked `estimated` and the card says how many there are.
 */
import { addDays, type Calendar, type IsoDate } from './calendar/index.ts';
import { type FigureItem, isOpen } from './figures.ts';
import { SOURCE_LABELS, type Source } from './item.ts';
import { type WarningThresholds, warningColour } from './warning.ts';

export type ColourCounts = { red: number; yellow: number; green: number };
export type SourceColours = ColourCounts & { source: string };
export type TrendPoint = { weekEnd: IsoDate; overdue: number; estimated: boolean };

export type BulletinCharts = {
  /** Items open today, by warning colour. */
  open: ColourCounts;
  /** The same, per source (label), sources with open items only, most open first. */
  bySource: SourceColours[];
  /** Oldest week first; the last point is the current figure. */
  overdueTrend: TrendPoint[];
};

export type ChartItem = FigureItem & {
  source: string | null;
  issuedOn: IsoDate | null;
  lastActivityOn: IsoDate | null;
  /** Beijing date of 办结 or 撤销; null while open. */
  closedOn: IsoDate | null;
};

export const TREND_WEEKS = 8;

export const sourceLabel = (source: string | null): string =>
  source && source in SOURCE_LABELS ? SOURCE_LABELS[source as Source] : SOURCE_LABELS.other;

const none = (): ColourCounts => ({ red: 0, yellow: 0, green: 0 });

export function openByColour(
  items: readonly ChartItem[],
  today: IsoDate,
  calendar: Calendar,
  thresholds: WarningThresholds,
): Pick<BulletinCharts, 'open' | 'bySource'> {
  const open = none();
  const bySource = new Map<string, SourceColours>();
  for (const item of items) {
    const colour = warningColour(item, today, calendar, thresholds);
    if (colour === null) continue;
    open[colour] += 1;
    const label = sourceLabel(item.source);
    const row = bySource.get(label) ?? { source: label, ...none() };
    row[colour] += 1;
    bySource.set(label, row);
  }
  const total = (r: ColourCounts) => r.red + r.yellow + r.green;
  const rows = [...bySource.values()].sort((a, b) => total(b) - total(a) || a.source.localeCompare(b.source));
  return { open, bySource: rows };
}

/** The ends of the last `weeks` weeks, oldest first, the last being `periodTo`. */
export function trendWeekEnds(periodTo: IsoDate, weeks = TREND_WEEKS): IsoDate[] {
  return Array.from({ length: weeks }, (_, i) => addDays(periodTo, -7 * (weeks - 1 - i)));
}

/** Items open at the end of `date` and past their (current) deadline. */
export function overdueAt(items: readonly ChartItem[], date: IsoDate): number {
  return items.filter(
    (i) =>
      i.issuedOn !== null &&
      i.issuedOn <= date &&
      i.deadline !== null &&
      i.deadline < date &&
      (i.closedOn === null ? isOpen(i.state) : i.closedOn > date),
  ).length;
}

export type OverdueSnapshot = { periodTo: IsoDate; overdueNow: number };

/**
 * One point per week end: the current figure for the last, else the stored 专报 of that week
 * (the one whose period ends latest within the week), else an estimate from `items`.
 */
export function overdueTrend(
  weekEnds: readonly IsoDate[],
  current: number,
  snapshots: readonly OverdueSnapshot[],
  items: readonly ChartItem[],
): TrendPoint[] {
  return weekEnds.map((weekEnd, index) => {
    if (index === weekEnds.length - 1) return { weekEnd, overdue: current, estimated: false };
    const weekStart = addDays(weekEnd, -6);
    const stored = snapshots
      .filter((s) => s.periodTo >= weekStart && s.periodTo <= weekEnd)
      .sort((a, b) => b.periodTo.localeCompare(a.periodTo))[0];
    return stored
      ? { weekEnd, overdue: stored.overdueNow, estimated: false }
      : { weekEnd, overdue: overdueAt(items, weekEnd), estimated: true };
  });
}
