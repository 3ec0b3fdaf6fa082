import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  beijingDate,
  beijingInstant,
  beijingTime,
  checkOverrides,
  createCalendar,
  isoWeekday,
  parseClock,
  parseDate,
} from '../../src/domain/calendar/index.ts';

const cal = createCalendar();

describe('date validation', () => {
  it('accepts real days and normalizes spaces', () => {
    expect(parseDate(' 2026-02-28 ')).toEqual({ ok: true, value: '2026-02-28' });
    expect(parseDate('2028-02-29').ok).toBe(true);
  });

  it('returns a typed failure for bad input instead of throwing', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026/10/01', '20261001', '', 'tomorrow']) {
      const r = parseDate(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid_date');
    }
  });

  it('throws on malformed dates handed to the calendar (a bug, not user input)', () => {
    expect(() => cal.isWorkday('2026-02-30')).toThrow(RangeError);
  });

  it('adds months the 民法典 §202 way', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(isoWeekday('2026-10-01')).toBe(4);
  });
});

describe('working days (2026 notice)', () => {
  it('counts the reference deadlines', () => {
    expect(cal.addWorkdays('2026-02-10', 10)).toEqual({ date: '2026-03-02', provisional: false });
    expect(cal.addWorkdays('2026-09-15', 15)).toEqual({ date: '2026-10-12', provisional: false });
    expect(cal.addWorkdays('2026-04-01', 25)).toEqual({ date: '2026-05-11', provisional: false });
  });

  it('counts make-up weekend days and skips statutory holidays', () => {
    for (const d of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) {
      expect(cal.isWorkday(d), d).toBe(true);
    }
    for (const d of ['2026-01-02', '2026-02-16', '2026-02-20', '2026-02-23', '2026-05-05', '2026-10-07']) {
      expect(cal.isWorkday(d), d).toBe(false);
    }
    expect(cal.isWorkday('2026-10-08')).toBe(true);
    expect(cal.dayInfo('2026-10-01')).toMatchObject({
      workday: false,
      kind: 'holiday',
      name: '国庆节',
      published: true,
    });
    expect(cal.dayInfo('2026-02-14')).toMatchObject({
      workday: true,
      kind: 'makeup_workday',
      name: '春节调休上班',
    });
    expect(cal.dayInfo('2026-03-07')).toEqual({
      date: '2026-03-07',
      workday: false,
      kind: 'weekend',
      published: true,
    });
  });

  it('does not count the start day, and goes backwards for negative n', () => {
    expect(cal.addWorkdays('2026-09-30', 1).date).toBe('2026-10-08');
    expect(cal.addWorkdays('2026-09-30', 3).date).toBe('2026-10-10');
    expect(cal.addWorkdays('2026-10-08', -1).date).toBe('2026-09-30');
    expect(cal.addWorkdays('2026-10-08', 0).date).toBe('2026-10-08');
    expect(cal.nextWorkday('2026-02-13')).toBe('2026-02-14');
    expect(cal.onOrNextWorkday('2026-10-03').date).toBe('2026-10-08');
    expect(cal.onOrNextWorkday('2026-10-09').date).toBe('2026-10-09');
  });

  it('counts working days between two dates, signed', () => {
    expect(cal.workdaysBetween('2026-09-30', '2026-10-12')).toBe(4);
    expect(cal.workdaysBetween('2026-10-12', '2026-09-30')).toBe(-4);
    expect(cal.workdaysBetween('2026-10-12', '2026-10-12')).toBe(0);
    expect(cal.workdaysBetween('2026-02-10', '2026-03-02')).toBe(10);
  });

  it('finds the start of the next holiday break', () => {
    expect(cal.nextHolidayStart('春节', '2026-01-05')).toBe('2026-02-15');
    expect(cal.nextHolidayStart('国庆节', '2026-06-01')).toBe('2026-10-01');
    expect(cal.nextHolidayStart('春节', '2026-03-01')).toBeNull();
  });
});

describe('overrides', () => {
  it('a local holiday pushes a deadline back', () => {
    const local = createCalendar([{ date: '2026-02-26', kind: 'holiday', note: '县域停工' }]);
    expect(local.addWorkdays('2026-02-10', 10).date).toBe('2026-03-03');
    expect(local.dayInfo('2026-02-26')).toMatchObject({ workday: false, name: '县域停工' });
  });

  it('a local working day pulls a deadline forward', () => {
    const local = createCalendar([{ date: '2026-02-21', kind: 'workday' }]);
    expect(local.addWorkdays('2026-02-10', 10).date).toBe('2026-02-28');
    expect(local.isWorkday('2026-02-21')).toBe(true);
  });

  it('checks an override table before use', () => {
    expect(checkOverrides([{ date: '2026-10-09', kind: 'holiday' }]).ok).toBe(true);
    const bad = checkOverrides([{ date: '2026-10-32', kind: 'holiday' }]);
    expect(bad.ok ? null : bad.error.code).toBe('invalid_override');
    const clash = checkOverrides([
      { date: '2026-10-09', kind: 'holiday' },
      { date: '2026-10-09', kind: 'workday' },
    ]);
    expect(clash.ok).toBe(false);
  });
});

describe('unpublished years', () => {
  it('marks days after the last published notice as provisional', () => {
    expect(cal.dayInfo('2027-09-28')).toMatchObject({ published: false, workday: true });
    expect(cal.dayInfo('2003-06-02').published).toBe(false);
    // 元旦 2027 (a Friday) is a likely holiday: not counted.
    expect(cal.addWorkdays('2026-12-28', 5)).toEqual({ date: '2027-01-05', provisional: true });
    expect(cal.addWorkdays('2026-12-21', 3).provisional).toBe(false);
    expect(cal.onOrNextWorkday('2027-03-01').provisional).toBe(true);
  });

  it('is covered once overrides declare the days counted', () => {
    const local = createCalendar([
      { date: '2027-01-01', kind: 'holiday', note: '元旦' },
      { date: '2027-01-02', kind: 'holiday', note: '元旦' },
      { date: '2027-01-03', kind: 'holiday', note: '元旦' },
      { date: '2027-01-04', kind: 'workday' },
    ]);
    expect(local.addWorkdays('2026-12-30', 2)).toEqual({ date: '2027-01-04', provisional: false });
    expect(local.dayInfo('2027-01-01')).toMatchObject({ published: true, workday: false });
    // One step further the days are undeclared again.
    expect(local.addWorkdays('2026-12-30', 3).provisional).toBe(true);
  });

  it('is covered when the office declares the whole year entered', () => {
    const local = createCalendar([{ date: '2027-01-01', kind: 'holiday', note: '元旦' }], {
      publishedYears: [2027],
    });
    expect(local.addWorkdays('2026-12-28', 5)).toEqual({ date: '2027-01-05', provisional: false });
  });
});

describe('Beijing time', () => {
  it('reads the Beijing date and clock of an instant', () => {
    const instant = new Date('2026-09-30T16:30:00Z');
    expect(beijingDate(instant)).toBe('2026-10-01');
    expect(beijingTime(instant)).toEqual({ date: '2026-10-01', hour: 0, minute: 30, weekday: 4 });
    expect(beijingDate(new Date('2026-09-30T15:59:59Z'))).toBe('2026-09-30');
  });

  it('builds the instant of a Beijing wall-clock time', () => {
    expect(beijingInstant('2026-10-08', '09:00').toISOString()).toBe('2026-10-08T01:00:00.000Z');
    expect(beijingInstant('2026-01-01', '00:00').toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(parseClock('25:00').ok).toBe(false);
    expect(() => beijingInstant('2026-10-08', '9am')).toThrow(RangeError);
  });
});

describe('timezone independence', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const script = `
    const { createCalendar, beijingDate, beijingTime, beijingInstant } = await import('./src/domain/calendar/index.ts');
    const { readInstruction } = await import('./src/domain/instruction/index.ts');
    const { computeDeadline, DEFAULT_DEADLINE_POLICY } = await import('./src/domain/deadline/index.ts');
    const cal = createCalendar([{ date: '2026-11-02', kind: 'holiday' }]);
    const directory = { units: [{ name: '县交通运输局', aliases: ['交通局'] }] };
    const out = {
      offset: new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset(),
      a: cal.addWorkdays('2026-09-30', 3),
      b: cal.addWorkdays('2026-10-30', 2),
      c: cal.dayInfo('2026-10-01'),
      d: cal.workdaysBetween('2026-02-10', '2026-03-02'),
      e: beijingDate(new Date('2026-09-30T16:30:00Z')),
      f: beijingTime(new Date('2026-10-07T23:59:00Z')),
      g: beijingInstant('2026-10-08', '09:00').toISOString(),
      h: readInstruction('请交通局于国庆节前完成道路排查，7天内报告。', { directory, issued: '2026-09-25', calendar: cal }),
      i: computeDeadline({ issued: '2026-07-02', kind: 'npc_cppcc', policy: DEFAULT_DEADLINE_POLICY, calendar: cal }),
    };
    console.log(JSON.stringify(out));
  `;
  const run = (tz: string) =>
    JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: root,
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      }),
    ) as Record<string, unknown>;

  it('gives the same answers in Los Angeles, Shanghai and UTC', () => {
    const la = run('America/Los_Angeles');
    const sh = run('Asia/Shanghai');
    const utc = run('UTC');
    // The child processes really ran in different zones.
    expect([la.offset, sh.offset, utc.offset]).toEqual([480, -480, 0]);
    const { offset: _la, ...laRest } = la;
    const { offset: _sh, ...shRest } = sh;
    const { offset: _utc, ...utcRest } = utc;
    expect(laRest).toEqual(shRest);
    expect(utcRest).toEqual(shRest);
    expect(shRest).toMatchObject({
      a: { date: '2026-10-10', provisional: false },
      b: { date: '2026-11-04', provisional: false },
      c: { date: '2026-10-01', workday: false, name: '国庆节' },
      d: 10,
      e: '2026-10-01',
      f: { date: '2026-10-08', hour: 7, minute: 59, weekday: 4 },
      g: '2026-10-08T01:00:00.000Z',
      h: { lead: '县交通运输局', deadline: '2026-09-30' },
      i: { ok: true, value: { date: '2026-10-08' } },
    });
  });
});
