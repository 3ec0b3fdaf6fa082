/**
 * 统计: per-unit figures for the items issued in a period (the same items as the ledger of that
 * period, so the figures and the list always agree). Deadlines are compared on Beijing dates.
 */

import type { Card } from '../../cards/schema.ts';
import { buildStatsCard } from '../../cards/stats.ts';
import type { Db } from '../db/client.ts';
import { listPeriodItems } from '../db/queries/period-items.ts';
import { listUnits } from '../db/queries/units.ts';
import { beijingDate, type IsoDate } from '../domain/calendar/index.ts';
import {
  countStates,
  type DateRange,
  type FigureItem,
  onTimeRate,
  type StateCounts,
  type Totals,
  tallyUnits,
  type UnitFigures,
} from '../domain/figures.ts';

export type UnitStats = {
  range: DateRange;
  /** Beijing date the figures were taken on ("overdue now" is as of this day). */
  today: IsoDate;
  /** One row per directory unit, in directory order (zeros included). */
  units: UnitFigures[];
  counts: StateCounts;
  totals: Totals;
};

/** Sums over all items, including any without a lead unit. */
export function totalsOf(items: readonly FigureItem[], today: IsoDate): Totals {
  const [all] = tallyUnits(
    items.map((i) => ({ ...i, leadUnitId: 0 })),
    [{ id: 0, name: '' }],
    today,
  );
  const completed = all?.completed ?? 0;
  const completedOnTime = all?.completedOnTime ?? 0;
  return {
    led: all?.led ?? 0,
    open: all?.open ?? 0,
    completed,
    completedOnTime,
    overdueNow: all?.overdueNow ?? 0,
    onTimeRate: onTimeRate(completedOnTime, completed),
  };
}

export async function unitStats(db: Db, tenantKey: string, range: DateRange, now: Date): Promise<UnitStats> {
  const today = beijingDate(now);
  const [items, units] = await Promise.all([
    listPeriodItems(db, tenantKey, { issuedFrom: range.from, issuedTo: range.to }),
    listUnits(db, tenantKey, { includeRemoved: true }),
  ]);
  return {
    range,
    today,
    units: tallyUnits(items, units, today),
    counts: countStates(items),
    totals: totalsOf(items, today),
  };
}

/** How the card names the range: '2026-09-01 至 2026-10-31 交办的事项', or null for all items. */
export function rangeLabel(range: DateRange): string | null {
  if (range.from && range.to) return `${range.from} 至 ${range.to} 交办的事项`;
  if (range.from) return `${range.from} 起交办的事项`;
  if (range.to) return `${range.to} 前交办的事项`;
  return null;
}

/** The 统计 card for the chat command: figures of the range, top `topN` units. */
export async function statsCardFor(
  db: Db,
  tenantKey: string,
  range: DateRange,
  now: Date,
  topN?: number,
): Promise<Card> {
  const stats = await unitStats(db, tenantKey, range, now);
  return buildStatsCard({ ...stats, rangeLabel: rangeLabel(range), ...(topN === undefined ? {} : { topN }) });
}
