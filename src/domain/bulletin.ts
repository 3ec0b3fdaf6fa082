/**
 * 督查专报 (§四.4, §六.3) figures, computed from the items of a period. Named criticism (通报批评)
 * is kept apart: it reaches a group only after the office approves it.
 */
import type { BulletinCharts } from './bulletin-charts.ts';
import type { Calendar, IsoDate } from './calendar/index.ts';
import {
  COUNTED_STATES,
  completedOnTime,
  countStates,
  type FigureItem,
  overdueNow,
  type Period,
  type StateCounts,
  tallyUnits,
  type UnitFigures,
} from './figures.ts';
import type { ItemState } from './item.ts';
import { overdueWorkdays } from './warning.ts';

export type BulletinItem = FigureItem & {
  id: number;
  number: string | null;
  title: string;
  leadUnitName: string | null;
  issuedOn: IsoDate | null;
};

type ItemRef = { itemId: number; number: string | null; title: string };

export type CompletedEntry = ItemRef & {
  unitName: string;
  completedOn: IsoDate;
  deadline: IsoDate | null;
  onTime: boolean;
};

export type OverdueEntry = ItemRef & { state: ItemState; deadline: IsoDate; overdueWorkdays: number };
export type OverdueUnit = { unitId: number; unitName: string; items: OverdueEntry[] };

export type CriticismEntry = ItemRef & {
  deadline: IsoDate | null;
  overdueWorkdays: number;
  /** Listed by the office (with its reason) rather than by the overdue rule. */
  flagged: boolean;
  reason: string | null;
};
export type CriticismUnit = { unitId: number; unitName: string; items: CriticismEntry[] };

export type BulletinFigures = {
  period: Period;
  /** Beijing date the figures were taken on. */
  today: IsoDate;
  /** Items live during the period (issued by its end, not closed before its start), by current state. */
  counts: StateCounts;
  total: number;
  issuedInPeriod: number;
  completedInPeriod: number;
  overdueNow: number;
  completed: CompletedEntry[];
  overdueByUnit: OverdueUnit[];
  /** Units that lead at least one item in scope, directory order. */
  rates: UnitFigures[];
  criticiseAfterWorkdays: number;
  /** Absent in bulletins stored before the charts existed. */
  charts?: BulletinCharts;
  /** 建议提案 of the year (issue #13): one sentence; absent when the year has none. */
  proposals?: string;
};

export type Bulletin = BulletinFigures & { criticism: CriticismUnit[] };

export type BulletinInput = {
  period: Period;
  today: IsoDate;
  /** The items in scope. */
  items: readonly BulletinItem[];
  /** Flagged items (may include some outside the scope), with the office's reason if it gave one. */
  flagged: ReadonlyMap<number, string | null>;
  flaggedItems: readonly BulletinItem[];
  units: readonly { id: number; name: string }[];
  calendar: Calendar;
  criticiseAfterWorkdays: number;
};

const ref = (i: BulletinItem): ItemRef => ({ itemId: i.id, number: i.number, title: i.title });
const unitNameOf = (i: BulletinItem): string => i.leadUnitName ?? '未确定单位';
const inPeriod = (date: IsoDate | null, p: Period): boolean =>
  date !== null && date >= p.from && date <= p.to;

/** Groups by lead unit; units ordered by their worst item, then by how many, then by id. */
function byUnit<T extends { overdueWorkdays: number }>(
  entries: readonly { item: BulletinItem; entry: T }[],
): { unitId: number; unitName: string; items: T[] }[] {
  const groups = new Map<number, { unitId: number; unitName: string; items: T[] }>();
  for (const { item, entry } of entries) {
    const id = item.leadUnitId ?? 0;
    const group = groups.get(id) ?? { unitId: id, unitName: unitNameOf(item), items: [] };
    group.items.push(entry);
    groups.set(id, group);
  }
  const worst = (g: { items: T[] }) => Math.max(...g.items.map((e) => e.overdueWorkdays));
  for (const g of groups.values()) g.items.sort((a, b) => b.overdueWorkdays - a.overdueWorkdays);
  return [...groups.values()].sort(
    (a, b) => worst(b) - worst(a) || b.items.length - a.items.length || a.unitId - b.unitId,
  );
}

export function assembleBulletin(input: BulletinInput): Bulletin {
  const { period, today, items, calendar } = input;
  const late = (i: BulletinItem): number => overdueWorkdays(i.deadline, today, calendar);
  const completed = items
    .filter((i) => i.state === 'completed' && inPeriod(i.completedOn, period))
    .map((i) => ({
      ...ref(i),
      unitName: unitNameOf(i),
      completedOn: i.completedOn ?? period.to,
      deadline: i.deadline,
      onTime: completedOnTime(i),
    }))
    .sort((a, b) => a.completedOn.localeCompare(b.completedOn) || a.itemId - b.itemId);
  const overdue = items.filter((i) => overdueNow(i, today));
  const overdueByUnit = byUnit(
    overdue.map((i) => ({
      item: i,
      entry: { ...ref(i), state: i.state, deadline: i.deadline ?? today, overdueWorkdays: late(i) },
    })),
  );
  // A result waiting for the office's review is the office's move: the rule does not name its unit.
  const byRule = overdue.filter((i) => i.state !== 'submitted' && late(i) >= input.criticiseAfterWorkdays);
  const candidates = new Map<number, BulletinItem>(byRule.map((i) => [i.id, i]));
  for (const i of input.flaggedItems) if (input.flagged.has(i.id)) candidates.set(i.id, i);
  const criticism = byUnit(
    [...candidates.values()].map((i) => ({
      item: i,
      entry: {
        ...ref(i),
        deadline: i.deadline,
        // A flagged item already closed is listed for how it was handled, not for days it is late now.
        overdueWorkdays: overdueNow(i, today) ? late(i) : 0,
        flagged: input.flagged.has(i.id),
        reason: input.flagged.get(i.id) ?? null,
      },
    })),
  );
  const rates = tallyUnits(items, input.units, today).filter((u) => u.led > 0);
  const counts = countStates(items);
  return {
    period,
    today,
    counts,
    total: COUNTED_STATES.reduce((sum, s) => sum + counts[s], 0),
    issuedInPeriod: items.filter((i) => inPeriod(i.issuedOn, period)).length,
    completedInPeriod: completed.length,
    overdueNow: overdue.length,
    completed,
    overdueByUnit,
    rates,
    criticiseAfterWorkdays: input.criticiseAfterWorkdays,
    criticism,
  };
}
