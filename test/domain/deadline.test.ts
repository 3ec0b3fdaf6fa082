import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar/index.ts';
import {
  checkDeadlinePolicy,
  computeDeadline,
  countDeadline,
  DEFAULT_DEADLINE_POLICY,
  type DeadlineInput,
  type DeadlineRule,
  parseDeadlineRule,
  suggestKind,
} from '../../src/domain/deadline/index.ts';

const calendar = createCalendar();
const policy = DEFAULT_DEADLINE_POLICY;

function due(input: Omit<DeadlineInput, 'policy' | 'calendar'> & Partial<DeadlineInput>) {
  const r = computeDeadline({ policy, calendar, ...input });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('counted deadlines', () => {
  const rule: DeadlineRule = { count: 'workdays', from: '2027-01-11', days: 5 };

  it('a counted rule wins over the kind, and a fixed date wins over the rule', () => {
    const counted = due({ issued: '2027-01-13', kind: 'forwarded', rule });
    expect(counted).toMatchObject({ date: '2027-01-18', provisional: true, rule });
    expect(counted.basis).toBe('领导指示，5个工作日（自2027-01-11起算；节假日安排未公布，暂按预计假日推算）');
    expect(due({ issued: '2027-01-13', kind: 'forwarded', rule, explicit: '2027-01-29' })).toMatchObject({
      date: '2027-01-29',
      rule: null,
    });
  });

  it('recounts the same way with a published calendar', () => {
    const published = createCalendar([{ date: '2027-01-15', kind: 'holiday', note: '本县调休' }], {
      publishedYears: [2027],
    });
    expect(countDeadline(rule, published)).toMatchObject({ date: '2027-01-19', provisional: false });
  });

  it('reads back only well-formed rules', () => {
    expect(parseDeadlineRule(JSON.parse(JSON.stringify(rule)))).toEqual(rule);
    for (const bad of [null, 'x', { count: 'workdays', from: '2027-02-30', days: 5 }, { count: 'weeks' }])
      expect(parseDeadlineRule(bad)).toBeNull();
  });
});

describe('computeDeadline', () => {
  it('applies the §五 defaults in working days', () => {
    expect(due({ issued: '2026-02-10', kind: 'office' })).toEqual({
      date: '2026-03-02',
      basis: '自办件，10个工作日（自2026-02-10起算）',
      provisional: false,
      rule: { count: 'workdays', from: '2026-02-10', days: 10, label: '自办件' },
    });
    expect(due({ issued: '2026-09-15', kind: 'forwarded' })).toEqual({
      date: '2026-10-12',
      basis: '转办件，15个工作日（自2026-09-15起算）',
      provisional: false,
      rule: { count: 'workdays', from: '2026-09-15', days: 15, label: '转办件' },
    });
    expect(due({ issued: '2026-04-01', kind: 'co_handled' }).date).toBe('2026-05-11');
  });

  it('lets an explicit date win, even on a day off', () => {
    expect(due({ issued: '2026-09-15', kind: 'forwarded', explicit: '2026-11-30' })).toEqual({
      date: '2026-11-30',
      basis: '领导明确时限：2026-11-30前',
      provisional: false,
      rule: null,
    });
    const holiday = due({ issued: '2026-09-15', kind: 'forwarded', explicit: '2026-10-01' });
    expect(holiday.date).toBe('2026-10-01');
    expect(holiday.basis).toContain('国庆节，非工作日');
    expect(due({ issued: '2026-09-15', kind: 'office', explicit: null }).date).toBe('2026-09-29');
  });

  it('adds calendar months for 建议提案 and moves off a day off (民法典 §203)', () => {
    expect(due({ issued: '2026-03-10', kind: 'npc_cppcc' })).toEqual({
      date: '2026-06-10',
      basis: '建议提案，3个月（自2026-03-10起算）',
      provisional: false,
      rule: { count: 'on_or_next_workday', from: '2026-03-10', date: '2026-06-10', label: '建议提案，3个月' },
    });
    const moved = due({ issued: '2026-07-02', kind: 'npc_cppcc' });
    expect(moved.date).toBe('2026-10-08');
    expect(moved.basis).toContain('2026-10-02非工作日，顺延至2026-10-08');
  });

  it('flags deadlines that reach an unpublished year', () => {
    expect(due({ issued: '2026-12-20', kind: 'forwarded' }).provisional).toBe(true);
    expect(due({ issued: '2026-11-30', kind: 'npc_cppcc' })).toMatchObject({
      date: '2027-03-01',
      provisional: true,
    });
  });

  it('follows a configured policy', () => {
    const custom = { ...policy, office: 5, npc_cppcc: { months: 2 } };
    expect(due({ issued: '2026-09-29', kind: 'office', policy: custom }).date).toBe('2026-10-12');
    expect(due({ issued: '2026-03-10', kind: 'npc_cppcc', policy: custom }).date).toBe('2026-05-11');
  });

  it('returns a failure for bad dates', () => {
    const bad = computeDeadline({ issued: '2026-09-31', kind: 'office', policy, calendar });
    expect(bad.ok ? null : bad.error.code).toBe('invalid_date');
    const badExplicit = computeDeadline({
      issued: '2026-09-15',
      kind: 'office',
      explicit: '11月30日',
      policy,
      calendar,
    });
    expect(badExplicit.ok).toBe(false);
  });
});

describe('policy and kind', () => {
  it('validates a policy', () => {
    expect(checkDeadlinePolicy(policy).ok).toBe(true);
    expect(checkDeadlinePolicy({ ...policy, office: 0 }).ok).toBe(false);
    expect(checkDeadlinePolicy({ ...policy, forwarded: 1.5 }).ok).toBe(false);
    expect(checkDeadlinePolicy({ ...policy, npc_cppcc: { months: 0 } }).ok).toBe(false);
  });

  it('suggests the §五 kind from source and units', () => {
    expect(suggestKind({ source: 'npc_cppcc', lead: '县教育局', co: [] })).toBe('npc_cppcc');
    expect(suggestKind({ source: 'leader_instruction', lead: '县教育局', co: ['县财政局'] })).toBe(
      'co_handled',
    );
    expect(suggestKind({ source: 'leader_instruction', lead: '县教育局', co: [] })).toBe('forwarded');
    expect(suggestKind({ source: 'other', lead: null, co: [] })).toBe('office');
  });
});
