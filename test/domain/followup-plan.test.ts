import { describe, expect, it } from 'vitest';
import { beijingInstant, beijingTime, createCalendar } from '../../src/domain/calendar/index.ts';
import type {
  FollowupRules,
  FollowupSubject,
  PlannedStep,
  StepRef,
} from '../../src/domain/followup/index.ts';
import {
  parseStepKey,
  planFollowup,
  sendSlot,
  stepKey,
  workdaysLeft,
} from '../../src/domain/followup/index.ts';
import { DEFAULT_TENANT_SETTINGS } from '../../src/domain/settings.ts';

const calendar = createCalendar();
const RULES: FollowupRules = DEFAULT_TENANT_SETTINGS.followup;
const at = (date: string, clock: string) => beijingInstant(date, clock);

function stamp(d: Date): string {
  const t = beijingTime(d);
  return `${t.date} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

/** Runs the plan as the engine would: fire each step at its time, then plan again. */
function simulate(
  subject: FollowupSubject,
  from: Date,
  until: string,
  opts: { rules?: FollowupRules; done?: StepRef[] } = {},
): string[] {
  const done = [...(opts.done ?? [])];
  const fired: string[] = [];
  let now = from;
  for (let i = 0; i < 60; i += 1) {
    const next: PlannedStep | null = planFollowup(subject, done, opts.rules ?? RULES, calendar, now);
    if (!next || next.dueOn > until) break;
    expect(next.at.getTime()).toBeGreaterThanOrEqual(now.getTime());
    fired.push(`${next.key} ${stamp(next.at)}`);
    done.push(next);
    now = next.at;
  }
  return fired;
}

const inProgress = (deadline: string, assignedOn = '2026-09-15'): FollowupSubject => ({
  state: 'in_progress',
  deadline,
  assignedOn,
});

describe('reminders before the deadline', () => {
  it('a deadline after National Day: nothing during the holiday, the 补班 Saturday counts', () => {
    const fired = simulate(inProgress('2026-10-12', '2026-09-28'), at('2026-09-30', '18:30'), '2026-10-12');
    expect(fired).toEqual([
      'remind-3@2026-10-08 2026-10-08 09:00',
      'remind-1@2026-10-10 2026-10-10 09:00',
      'due-day@2026-10-12 2026-10-12 09:00',
    ]);
  });

  it('the whole ladder runs in order, on working days at 09:00, across 中秋 and 国庆', () => {
    const fired = simulate(inProgress('2026-09-30'), at('2026-09-15', '10:00'), '2026-10-14');
    expect(fired).toEqual([
      'remind-3@2026-09-24 2026-09-24 09:00',
      'remind-1@2026-09-29 2026-09-29 09:00',
      'due-day@2026-09-30 2026-09-30 09:00',
      'overdue-urge@2026-10-08 2026-10-08 09:00',
      'overdue-urge@2026-10-09 2026-10-09 09:00',
      'overdue-urge@2026-10-10 2026-10-10 09:00',
      'escalate@2026-10-10 2026-10-10 09:00',
      'overdue-notice@2026-10-10 2026-10-10 09:00',
      'overdue-urge@2026-10-12 2026-10-12 09:00',
      'overdue-urge@2026-10-13 2026-10-13 09:00',
      'criticise@2026-10-13 2026-10-13 09:00',
      'overdue-urge@2026-10-14 2026-10-14 09:00',
    ]);
  });

  it('a deadline on a day off: the due-day reminder comes on the working day before it', () => {
    const fired = simulate(inProgress('2026-11-28', '2026-11-02'), at('2026-11-23', '18:00'), '2026-11-30');
    expect(fired).toEqual([
      'remind-3@2026-11-24 2026-11-24 09:00',
      'remind-1@2026-11-26 2026-11-26 09:00',
      'due-day@2026-11-27 2026-11-27 09:00',
      'overdue-urge@2026-11-30 2026-11-30 09:00',
    ]);
  });

  it('nothing is planned for the day the item arrives or before it', () => {
    const next = planFollowup(
      inProgress('2026-10-12', '2026-10-09'),
      [],
      RULES,
      calendar,
      at('2026-10-09', '15:00'),
    );
    expect(next?.key).toBe('remind-1@2026-10-10');
  });

  it('counts working days left to the last working day', () => {
    expect(workdaysLeft('2026-10-12', '2026-10-08', calendar)).toBe(3);
    expect(workdaysLeft('2026-10-12', '2026-10-12', calendar)).toBe(0);
    expect(workdaysLeft('2026-10-12', '2026-10-13', calendar)).toBeNull();
  });
});

describe('send slots: never at night, on a weekend or a holiday', () => {
  it('a step missed in the evening goes out at the next working day’s 09:00', () => {
    const next = planFollowup(
      inProgress('2026-10-12', '2026-09-28'),
      [],
      RULES,
      calendar,
      at('2026-10-08', '20:00'),
    );
    expect(next?.key).toBe('remind-3@2026-10-08');
    expect(stamp(next?.at ?? new Date(0))).toBe('2026-10-09 09:00');
  });

  it('a step missed during office hours goes out at once', () => {
    const now = at('2026-10-08', '10:30');
    const next = planFollowup(inProgress('2026-10-12', '2026-09-28'), [], RULES, calendar, now);
    expect(next?.at.getTime()).toBe(now.getTime());
  });

  it('on a holiday the slot is the first working day after it', () => {
    expect(stamp(sendSlot(at('2026-10-03', '10:00'), RULES, calendar))).toBe('2026-10-08 09:00');
    expect(stamp(sendSlot(at('2026-10-09', '23:59'), RULES, calendar))).toBe('2026-10-10 09:00');
    expect(stamp(sendSlot(at('2026-10-10', '08:00'), RULES, calendar))).toBe('2026-10-10 09:00');
  });

  it('every planned moment of a long ladder is on a working day between sendAt and the end of office hours', () => {
    const fired = simulate(inProgress('2026-09-30', '2026-09-01'), at('2026-09-01', '22:00'), '2026-10-30');
    expect(fired.length).toBeGreaterThan(20);
    for (const line of fired) {
      const [, date, time] = line.split(' ');
      expect(calendar.isWorkday(date ?? '')).toBe(true);
      expect(time).toBe('09:00');
    }
  });
});

describe('the ladder after a gap, and when the item changes', () => {
  it('after downtime only the latest unit reminder is sent, and the ladder steps catch up in order', () => {
    const now = at('2026-10-12', '10:30');
    const fired = simulate(inProgress('2026-09-30'), now, '2026-10-13', {
      done: [{ name: 'remind-3', dueOn: '2026-09-24' }],
    });
    expect(fired).toEqual([
      'escalate@2026-10-10 2026-10-12 10:30',
      'overdue-notice@2026-10-10 2026-10-12 10:30',
      'overdue-urge@2026-10-12 2026-10-12 10:30',
      'overdue-urge@2026-10-13 2026-10-13 09:00',
      'criticise@2026-10-13 2026-10-13 09:00',
    ]);
  });

  it('an approved extension moves the plan; the steps already sent stay done', () => {
    const done: StepRef[] = [
      { name: 'due-day', dueOn: '2026-09-30' },
      { name: 'overdue-urge', dueOn: '2026-10-08' },
    ];
    const now = at('2026-10-08', '11:00');
    const before = planFollowup(inProgress('2026-09-30'), done, RULES, calendar, now);
    expect(before?.key).toBe('overdue-urge@2026-10-09');
    const after = planFollowup(inProgress('2026-10-20'), done, RULES, calendar, now);
    expect(after?.key).toBe('remind-3@2026-10-15');
    expect(stamp(after?.at ?? new Date(0))).toBe('2026-10-15 09:00');
  });

  it('an issued item nobody accepted is urged on the next working day, once', () => {
    const issued: FollowupSubject = { state: 'issued', deadline: '2026-10-30', assignedOn: '2026-09-30' };
    const fired = simulate(issued, at('2026-09-30', '16:00'), '2026-10-12');
    expect(fired).toEqual(['accept-urge@2026-10-08 2026-10-08 09:00']);
    const accepted = planFollowup(
      { ...issued, state: 'in_progress' },
      [],
      RULES,
      calendar,
      at('2026-09-30', '16:00'),
    );
    expect(accepted?.key).toBe('remind-3@2026-10-27');
  });

  it('completed, cancelled, submitted and reassigning items have no next step', () => {
    for (const state of ['completed', 'cancelled', 'submitted', 'reassigning', 'draft'] as const) {
      const subject: FollowupSubject = { state, deadline: '2026-09-30', assignedOn: '2026-09-15' };
      expect(planFollowup(subject, [], RULES, calendar, at('2026-10-12', '10:00'))).toBeNull();
    }
  });

  it('steps switched off by the tenant are not planned', () => {
    const rules: FollowupRules = {
      ...RULES,
      remindWorkdaysBefore: [],
      remindOnDueDay: false,
      overdueDailyUrge: false,
      escalateAfterWorkdays: 0,
      overdueNoticeAfterWorkdays: 2,
      criticiseAfterWorkdays: 0,
    };
    const fired = simulate(inProgress('2026-09-30'), at('2026-09-15', '10:00'), '2026-12-31', { rules });
    expect(fired).toEqual(['overdue-notice@2026-10-09 2026-10-09 09:00']);
  });

  it('a later sendAt and office hours are honoured', () => {
    const rules: FollowupRules = { ...RULES, sendAt: '10:30', officeHours: { start: '08:30', end: '17:30' } };
    const next = planFollowup(
      inProgress('2026-10-12', '2026-09-28'),
      [],
      rules,
      calendar,
      at('2026-10-08', '17:45'),
    );
    expect(stamp(next?.at ?? new Date(0))).toBe('2026-10-09 10:30');
  });
});

describe('step keys', () => {
  it('round-trip and refuse what they do not know', () => {
    expect(parseStepKey(stepKey({ name: 'remind-3', dueOn: '2026-10-08' }))).toEqual({
      name: 'remind-3',
      dueOn: '2026-10-08',
      kind: 'remind',
    });
    expect(parseStepKey('overdue-urge@2026-10-20')?.kind).toBe('overdue_urge');
    expect(parseStepKey('launch@2026-10-20')).toBeNull();
    expect(parseStepKey('remind-3')).toBeNull();
  });
});

describe('a year without a published holiday notice (2027)', () => {
  it('nothing goes out during the likely 春节: the reminders fall before 除夕 and after 初七', () => {
    const fired = simulate(inProgress('2027-02-16', '2027-01-25'), at('2027-01-29', '18:00'), '2027-02-16');
    expect(fired).toEqual([
      'remind-3@2027-02-03 2027-02-03 09:00',
      'remind-1@2027-02-15 2027-02-15 09:00',
      'due-day@2027-02-16 2027-02-16 09:00',
    ]);
    expect(stamp(sendSlot(at('2027-02-08', '10:00'), RULES, calendar))).toBe('2027-02-15 09:00');
  });

  it('a provisional deadline holds the escalation, the group notice and the criticism; a fixed one does not', () => {
    const overdue = (deadlineProvisional: boolean) =>
      simulate(
        { ...inProgress('2027-03-01', '2027-02-15'), deadlineProvisional },
        at('2027-03-02', '08:00'),
        '2027-03-10',
      )
        .map((s) => s.split('@')[0])
        .filter((name) => name !== 'overdue-urge');
    expect(overdue(true)).toEqual([]);
    expect(overdue(false)).toEqual(['escalate', 'overdue-notice', 'criticise']);
  });
});
