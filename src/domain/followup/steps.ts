/**
 * The automatic follow-up steps of an item (§四.3, §六.3). A step is a name and the working day it is
 * due: `remind-3@2026-10-08`, `overdue-urge@2026-10-20`. The day is part of the identity so that a
 * moved deadline plans fresh steps while those already sent stay done.
 */
import type { IsoDate } from '../calendar/index.ts';

/** The kinds of step, in the order they run when several fall on one day. */
export const STEP_KINDS = [
  'accept_urge',
  'remind',
  'due_day',
  'overdue_urge',
  'escalate',
  'overdue_notice',
  'criticise',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export type StepRef = { name: string; dueOn: IsoDate };

export const STEP_NAMES = {
  acceptUrge: 'accept-urge',
  dueDay: 'due-day',
  overdueUrge: 'overdue-urge',
  escalate: 'escalate',
  overdueNotice: 'overdue-notice',
  criticise: 'criticise',
  remind: (workdaysBefore: number) => `remind-${workdaysBefore}`,
} as const;

const FIXED: Readonly<Record<string, StepKind>> = {
  'accept-urge': 'accept_urge',
  'due-day': 'due_day',
  'overdue-urge': 'overdue_urge',
  escalate: 'escalate',
  'overdue-notice': 'overdue_notice',
  criticise: 'criticise',
};

export function stepKind(name: string): StepKind | null {
  if (/^remind-[1-9]\d?$/.test(name)) return 'remind';
  return FIXED[name] ?? null;
}

export const stepKey = (ref: StepRef): string => `${ref.name}@${ref.dueOn}`;

/** The reverse of stepKey; null for anything this version does not know (an old or foreign value). */
export function parseStepKey(key: string): (StepRef & { kind: StepKind }) | null {
  const m = /^([a-z0-9-]+)@(\d{4}-\d{2}-\d{2})$/.exec(key);
  const name = m?.[1];
  const dueOn = m?.[2];
  if (!name || !dueOn) return null;
  const kind = stepKind(name);
  return kind ? { name, dueOn, kind } : null;
}

/** Who hears about a step: the lead unit, the 分管领导, the 督查室 (group), or nobody (a flag). */
export const STEP_AUDIENCE: Readonly<Record<StepKind, 'unit' | 'leader' | 'office' | 'none'>> = {
  accept_urge: 'unit',
  remind: 'unit',
  due_day: 'unit',
  overdue_urge: 'unit',
  escalate: 'leader',
  overdue_notice: 'office',
  criticise: 'none',
};

/** The outbox purpose of a step's messages: `followup-overdue-urge`. */
export const stepPurpose = (kind: StepKind): string => `followup-${kind.replace('_', '-')}`;

/**
 * The unit's own reminders and urges: one "how much time is left" message a day at most, so after a
 * gap (the engine was down, a deadline moved) only the latest of them is worth sending.
 */
export const UNIT_CHANNEL: ReadonlySet<StepKind> = new Set(['remind', 'due_day', 'overdue_urge']);

/** What a recipient's daily digest may gather (减负); escalations and notices stay separate cards. */
export const DIGESTIBLE: ReadonlySet<StepKind> = new Set([
  'accept_urge',
  'remind',
  'due_day',
  'overdue_urge',
]);

/** The item event each step writes (留痕); `flag_criticism` is what the bulletin reads. */
export const STEP_EVENT_ACTIONS: Readonly<Record<StepKind, string>> = {
  accept_urge: 'auto_urge',
  remind: 'auto_remind',
  due_day: 'auto_remind',
  overdue_urge: 'auto_urge',
  escalate: 'escalate',
  overdue_notice: 'overdue_notice',
  criticise: 'flag_criticism',
};

/** The timeline's words for a step. */
export function stepDescription(
  kind: StepKind,
  facts: { workdaysLeft?: number | null; overdueWorkdays?: number | null },
): string {
  const left = facts.workdaysLeft ?? 0;
  const late = facts.overdueWorkdays ?? 0;
  switch (kind) {
    case 'accept_urge':
      return '自动催办：交办后未按时签收';
    case 'remind':
      return `自动提醒：距办理时限还有${left}个工作日`;
    case 'due_day':
      return '自动提醒：今日为办理时限';
    case 'overdue_urge':
      return `自动催办：已逾期${late}个工作日`;
    case 'escalate':
      return `逾期${late}个工作日，提请分管领导督促`;
    case 'overdue_notice':
      return `逾期${late}个工作日，在督查工作群通报`;
    case 'criticise':
      return `逾期${late}个工作日未办结，列入通报批评`;
  }
}
