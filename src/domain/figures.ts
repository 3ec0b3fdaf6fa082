/**
 * The figures of 统计 and the 督查专报: plain data, computed from items in a period. Cards render
 * them and the bulletins table stores them, so a published bulletin shows what was approved.
 */
import type { IsoDate } from './calendar/index.ts';
import { type ItemState, OPEN_STATES } from './item.ts';

/** Inclusive Beijing dates; either end may be open. */
export type DateRange = { from?: IsoDate | null; to?: IsoDate | null };
export type Period = { from: IsoDate; to: IsoDate };

/** The states an issued item can be in; drafts and discarded drafts never count. */
export const COUNTED_STATES = [
  'issued',
  'in_progress',
  'submitted',
  'reassigning',
  'completed',
  'cancelled',
] as const satisfies readonly ItemState[];
export type CountedState = (typeof COUNTED_STATES)[number];
export type StateCounts = Record<CountedState, number>;

/** What the figures need to know about one item. */
export type FigureItem = {
  state: ItemState;
  leadUnitId: number | null;
  deadline: IsoDate | null;
  /** Beijing date of 办结, for completed items. */
  completedOn: IsoDate | null;
  /**
   * Beijing date the unit submitted the result now under review or approved (报结; a returned
   * result's resubmission counts). On time is judged by it, not by when the office got round to
   * approving. Absent in older callers: then 办结 decides.
   */
  submittedOn?: IsoDate | null;
};

export type UnitFigures = {
  unitId: number;
  unitName: string;
  /** Items this unit leads (牵头). */
  led: number;
  open: number;
  completed: number;
  completedOnTime: number;
  overdueNow: number;
  /** completedOnTime / completed; null when nothing was completed. */
  onTimeRate: number | null;
};

/** The same figures summed over all units. */
export type Totals = Omit<UnitFigures, 'unitId' | 'unitName'>;

export const isOpen = (state: ItemState): boolean => OPEN_STATES.includes(state);

/**
 * Completed on time: the approved result was submitted on or before the deadline (a slow review does
 * not count against the unit); an item without a deadline cannot be late.
 */
export function completedOnTime(item: Pick<FigureItem, 'deadline' | 'completedOn' | 'submittedOn'>): boolean {
  const done = item.submittedOn ?? item.completedOn;
  if (!item.deadline || !done) return true;
  return done <= item.deadline;
}

/** A result submitted by the deadline and waiting for the office: the unit is not late. */
const submittedInTime = (item: FigureItem): boolean =>
  item.state === 'submitted' &&
  item.deadline !== null &&
  item.submittedOn != null &&
  item.submittedOn <= item.deadline;

/** Open and past the deadline today (Beijing date), unless the unit submitted its result in time. */
export const overdueNow = (item: FigureItem, today: IsoDate): boolean =>
  isOpen(item.state) && item.deadline !== null && today > item.deadline && !submittedInTime(item);

/** 是否超期: completed late (by the approved submission), or overdue now. */
export function isOverdue(item: FigureItem, today: IsoDate): boolean {
  if (!item.deadline) return false;
  if (item.state === 'completed') return !completedOnTime(item);
  return overdueNow(item, today);
}

export function emptyStateCounts(): StateCounts {
  return { issued: 0, in_progress: 0, submitted: 0, reassigning: 0, completed: 0, cancelled: 0 };
}

export function countStates(items: readonly Pick<FigureItem, 'state'>[]): StateCounts {
  const counts = emptyStateCounts();
  for (const item of items) {
    const state = item.state as CountedState;
    if (state in counts) counts[state] += 1;
  }
  return counts;
}

export const onTimeRate = (onTime: number, completed: number): number | null =>
  completed === 0 ? null : onTime / completed;

/** '75%' (rounded), or '—' when there is no rate. */
export function rateText(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

/** Per-unit figures over `items`, one row for every unit given, in the order given. */
export function tallyUnits(
  items: readonly FigureItem[],
  units: readonly { id: number; name: string }[],
  today: IsoDate,
): UnitFigures[] {
  const rows = new Map<number, UnitFigures>();
  for (const u of units) {
    rows.set(u.id, {
      unitId: u.id,
      unitName: u.name,
      led: 0,
      open: 0,
      completed: 0,
      completedOnTime: 0,
      overdueNow: 0,
      onTimeRate: null,
    });
  }
  for (const item of items) {
    const row = item.leadUnitId === null ? undefined : rows.get(item.leadUnitId);
    if (!row) continue;
    row.led += 1;
    if (isOpen(item.state)) row.open += 1;
    if (overdueNow(item, today)) row.overdueNow += 1;
    if (item.state === 'completed') {
      row.completed += 1;
      if (completedOnTime(item)) row.completedOnTime += 1;
    }
  }
  return [...rows.values()].map((r) => ({ ...r, onTimeRate: onTimeRate(r.completedOnTime, r.completed) }));
}

/** Units with the most overdue items first, then the busiest, then directory order: the order cards cut at. */
export function byAttention(a: UnitFigures, b: UnitFigures): number {
  return b.overdueNow - a.overdueNow || b.led - a.led || a.unitId - b.unitId;
}
