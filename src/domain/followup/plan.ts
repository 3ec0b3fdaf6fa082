/**
 * When the next automatic step of an item is due. Pure: the item's facts, the steps already done,
 * the tenant's rules and calendar and `now` in; one step (or none) out.
 *
 * Every step is due on a working day at `sendAt` (Beijing). A step whose day has come but whose
 * moment was missed (night, holiday, the engine down) goes out at the next send slot: at once during
 * office hours on a working day, otherwise at the next working day's `sendAt`.
 */
import type { Calendar, IsoDate } from '../calendar/index.ts';
import { beijingDate, beijingInstant } from '../calendar/index.ts';
import type { ItemState } from '../item.ts';
import type { TenantSettings } from '../settings.ts';
import {
  STEP_KINDS,
  STEP_NAMES,
  type StepKind,
  type StepRef,
  stepKey,
  stepKind,
  UNIT_CHANNEL,
} from './steps.ts';

export type FollowupRules = TenantSettings['followup'];

export type FollowupSubject = {
  state: ItemState;
  deadline: IsoDate | null;
  /** Beijing day the lead unit got the item (issued, or reassigned to it); null if never issued. */
  assignedOn: IsoDate | null;
  /**
   * The deadline runs through a year whose holiday notice is not out: its date may still move, so the
   * escalation, the group notice and the criticism flag wait; reminders go (the card says 暂定).
   */
  deadlineProvisional?: boolean;
};

export type PlannedStep = StepRef & { key: string; kind: StepKind; at: Date };

/** Only items the unit is working on are followed up; submitted and reassigning wait on the office. */
const FOLLOWED: readonly ItemState[] = ['issued', 'in_progress'];

/** The earliest moment at or after `now` when an automatic message may go out. */
export function sendSlot(now: Date, rules: FollowupRules, calendar: Calendar): Date {
  const today = beijingDate(now);
  if (calendar.isWorkday(today)) {
    const send = beijingInstant(today, rules.sendAt);
    if (now < send) return send;
    const start = beijingInstant(today, rules.officeHours.start);
    const end = beijingInstant(today, rules.officeHours.end);
    if (now < end) return now < start ? start : now;
  }
  return beijingInstant(calendar.nextWorkday(today), rules.sendAt);
}

/** The last working day to finish on: the deadline, or the working day before it when it is a day off. */
export function lastWorkday(deadline: IsoDate, calendar: Calendar): IsoDate {
  return calendar.isWorkday(deadline) ? deadline : calendar.addWorkdays(deadline, -1).date;
}

/** Working days left until the deadline (0 on the last working day), or null once it has passed. */
export function workdaysLeft(deadline: IsoDate, today: IsoDate, calendar: Calendar): number | null {
  if (today > deadline) return null;
  return Math.max(0, calendar.workdaysBetween(today, lastWorkday(deadline, calendar)));
}

type Candidate = StepRef & { kind: StepKind };

function candidate(name: string, dueOn: IsoDate): Candidate {
  const kind = stepKind(name);
  if (!kind) throw new RangeError(`unknown step ${name}`);
  return { name, dueOn, kind };
}

/** Every step the rules give this item around `today` (the overdue urges only for today and the next day). */
export function candidateSteps(
  subject: FollowupSubject,
  rules: FollowupRules,
  calendar: Calendar,
  today: IsoDate,
): Candidate[] {
  if (!FOLLOWED.includes(subject.state)) return [];
  const out: Candidate[] = [];
  const assigned = subject.assignedOn;
  // Nothing is due on the day the item arrives: the notice itself is the reminder then.
  const afterAssignment = (day: IsoDate) => assigned === null || day > assigned;
  if (subject.state === 'issued' && assigned !== null && rules.acceptUrgeAfterWorkdays > 0) {
    out.push(
      candidate(STEP_NAMES.acceptUrge, calendar.addWorkdays(assigned, rules.acceptUrgeAfterWorkdays).date),
    );
  }
  const { deadline } = subject;
  if (deadline === null) return out;
  const last = lastWorkday(deadline, calendar);
  for (const n of new Set(rules.remindWorkdaysBefore)) {
    if (n <= 0) continue;
    const day = calendar.addWorkdays(last, -n).date;
    if (afterAssignment(day)) out.push(candidate(STEP_NAMES.remind(n), day));
  }
  if (rules.remindOnDueDay && afterAssignment(last)) out.push(candidate(STEP_NAMES.dueDay, last));
  const overdueDay = (k: number) => calendar.addWorkdays(deadline, k).date;
  if (rules.overdueDailyUrge) {
    const sofar = today > deadline ? calendar.workdaysBetween(deadline, today) : 0;
    for (const k of new Set([Math.max(1, sofar), sofar + 1]))
      out.push(candidate(STEP_NAMES.overdueUrge, overdueDay(k)));
  }
  const ladder: Array<[string, number]> = [
    [STEP_NAMES.escalate, rules.escalateAfterWorkdays],
    [STEP_NAMES.overdueNotice, rules.overdueNoticeAfterWorkdays],
    [STEP_NAMES.criticise, rules.criticiseAfterWorkdays],
  ];
  if (subject.deadlineProvisional) return out;
  for (const [name, n] of ladder) if (n > 0) out.push(candidate(name, overdueDay(n)));
  return out;
}

/**
 * The next step to fire, or null when nothing is left (closed item, no deadline, everything done).
 * `done` is every step already recorded for the item, whatever deadline it was planned for.
 */
export function planFollowup(
  subject: FollowupSubject,
  done: readonly StepRef[],
  rules: FollowupRules,
  calendar: Calendar,
  now: Date,
): PlannedStep | null {
  const today = beijingDate(now);
  const doneKeys = new Set(done.map(stepKey));
  const candidates = candidateSteps(subject, rules, calendar, today);
  // After a gap, only the latest unit reminder that has come due is still true ("3 days left" is not).
  const channelDays = [
    ...done.filter((d) => isChannel(d.name)).map((d) => d.dueOn),
    ...candidates.filter((c) => UNIT_CHANNEL.has(c.kind)).map((c) => c.dueOn),
  ].filter((day) => day <= today);
  const latestChannelDay = channelDays.sort().at(-1) ?? null;
  const open = candidates.filter(
    (c) =>
      !doneKeys.has(stepKey(c)) &&
      !(UNIT_CHANNEL.has(c.kind) && latestChannelDay !== null && c.dueOn < latestChannelDay),
  );
  if (open.length === 0) return null;
  const slot = sendSlot(now, rules, calendar);
  const timed = open.map((c) => ({
    ...c,
    key: stepKey(c),
    at: c.dueOn > today ? beijingInstant(c.dueOn, rules.sendAt) : slot,
  }));
  timed.sort(
    (a, b) =>
      a.at.getTime() - b.at.getTime() ||
      (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0) ||
      STEP_KINDS.indexOf(a.kind) - STEP_KINDS.indexOf(b.kind),
  );
  return timed[0] ?? null;
}

function isChannel(name: string): boolean {
  const kind = stepKind(name);
  return kind !== null && UNIT_CHANNEL.has(kind);
}
