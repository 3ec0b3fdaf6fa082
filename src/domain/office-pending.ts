/**
 * 督查室待办: what waits on the office (or a leader) rather than on a unit. The follow-up ladder urges
 * units only; an item the office never 交办s, a 报结 never reviewed or a request never decided would
 * otherwise wait in silence (件件有着落). Each wait is counted in working days from the day it began.
 */
import type { Calendar, IsoDate } from './calendar/index.ts';

export const PENDING_KINDS = ['draft', 'review', 'reassign', 'adjust', 'extension', 'coordination'] as const;
export type PendingKind = (typeof PENDING_KINDS)[number];

export const PENDING_LABELS: Readonly<Record<PendingKind, string>> = {
  draft: '拟办待交办',
  review: '报结待审核',
  reassign: '申请改派待决定',
  adjust: '申请调整待决定',
  extension: '延期申请待审批',
  coordination: '协调申请待协调',
};

/** One thing waiting: which item, what for, since which (Beijing) day. */
export type PendingWait = { itemId: number; kind: PendingKind; since: IsoDate };

export type PendingLimits = {
  /** List a wait once it has lasted this many working days (the daily reminder's threshold). */
  afterWorkdays: number;
  /** 建议提案 申请调整 is decided within this many working days of the request. */
  adjustDecisionWorkdays: number;
};

export type WaitFacts = {
  /** Working days since the wait began (0 on its first day). */
  workdays: number;
  /** Past a limit the rules set (only 申请调整 has one). */
  late: boolean;
};

export function waitFacts(
  wait: PendingWait,
  today: IsoDate,
  calendar: Calendar,
  limits: PendingLimits,
): WaitFacts {
  const workdays = Math.max(0, calendar.workdaysBetween(wait.since, today));
  return { workdays, late: wait.kind === 'adjust' && workdays > limits.adjustDecisionWorkdays };
}

/**
 * The waits the daily reminder lists, longest first: those that have lasted the threshold; none on a
 * day off or when the threshold is 0 (turned off).
 */
export function waitsToRemind<W extends PendingWait>(
  waits: readonly W[],
  today: IsoDate,
  calendar: Calendar,
  limits: PendingLimits,
): Array<W & WaitFacts> {
  if (limits.afterWorkdays <= 0 || !calendar.isWorkday(today)) return [];
  return sortWaits(waits, today, calendar, limits).filter((w) => w.workdays >= limits.afterWorkdays);
}

/** Every wait with its facts, late ones first, then the longest. */
export function sortWaits<W extends PendingWait>(
  waits: readonly W[],
  today: IsoDate,
  calendar: Calendar,
  limits: PendingLimits,
): Array<W & WaitFacts> {
  return waits
    .map((w) => ({ ...w, ...waitFacts(w, today, calendar, limits) }))
    .sort((a, b) => Number(b.late) - Number(a.late) || b.workdays - a.workdays || a.itemId - b.itemId);
}
