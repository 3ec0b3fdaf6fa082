/**
 * Chinese working-day calendar: Mon–Fri, minus the 放假 days, plus the 调休上班 weekend days,
 * from the vendored 国务院办公厅 schedule, adjusted by a county's override table.
 */
import { type Failure, fail, ok, type Result } from '../../lib/result.ts';
import { addDays, assertDate, dateParts, type IsoDate, isoWeekday, parseDate, toDayNumber } from './date.ts';
import { likelyHolidays } from './estimate.ts';
import { SNAPSHOT_DAYS, SNAPSHOT_SOURCE } from './snapshot.ts';

export type CalendarOverride = { date: string; kind: 'holiday' | 'workday'; note?: string };

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export type DayInfo = {
  date: IsoDate;
  workday: boolean;
  kind: DayKind;
  /** Holiday or override name, e.g. '国庆节', '春节调休上班'. */
  name?: string;
  /**
   * False when the date's year has no published schedule and no override covers it: the answer is an
   * estimate (Mon–Fri working, minus the likely holidays of estimate.ts).
   */
  published: boolean;
};

export type WorkdayResult = { date: IsoDate; provisional: boolean };

export type CalendarOptions = {
  /**
   * Years beyond the snapshot whose notice the office has entered as overrides; their plain weekdays and
   * weekends then count as published too.
   */
  publishedYears?: readonly number[];
};

export type Calendar = {
  isWorkday(date: IsoDate): boolean;
  dayInfo(date: IsoDate): DayInfo;
  /** The n-th working day after `date` (n < 0: before); the start day itself is not counted (民法典 §201). */
  addWorkdays(date: IsoDate, n: number): WorkdayResult;
  /** Working days after `from` up to and including `to`; negative when `to` is before `from`. */
  workdaysBetween(from: IsoDate, to: IsoDate): number;
  /** The first working day strictly after `date`. */
  nextWorkday(date: IsoDate): IsoDate;
  /** `date` itself if it is a working day, else the next one (民法典 §203: a period ending on a 休假日). */
  onOrNextWorkday(date: IsoDate): WorkdayResult;
  /** Whether `date` is covered by the snapshot, a declared year, or an override. */
  isPublished(date: IsoDate): boolean;
  /** First day of the next `name` holiday break starting after `from` (e.g. '春节'); null if not published. */
  nextHolidayStart(name: string, from: IsoDate): IsoDate | null;
  readonly coverage: { firstYear: number; lastYear: number; extraYears: readonly number[]; source: string };
};

/** Checks an override table from configuration or an admin edit before it reaches createCalendar. */
export function checkOverrides(
  input: readonly CalendarOverride[],
): Result<CalendarOverride[], Failure<'invalid_override'>> {
  const seen = new Map<IsoDate, CalendarOverride['kind']>();
  const out: CalendarOverride[] = [];
  for (const o of input) {
    const d = parseDate(o.date);
    if (!d.ok) return fail('invalid_override', `调整日期有误：${d.error.message}`);
    if (o.kind !== 'holiday' && o.kind !== 'workday') {
      return fail('invalid_override', `调整类型应为 holiday 或 workday：${d.value}`);
    }
    const prior = seen.get(d.value);
    if (prior && prior !== o.kind) return fail('invalid_override', `同一日期的调整互相矛盾：${d.value}`);
    seen.set(d.value, o.kind);
    out.push(o.note === undefined ? { date: d.value, kind: o.kind } : { ...o, date: d.value });
  }
  return ok(out);
}

// Deadlines are at most a few hundred days out; this only stops a runaway loop on absurd input.
const MAX_SPAN_DAYS = 366 * 30;

export function createCalendar(
  overrides: readonly CalendarOverride[] = [],
  options: CalendarOptions = {},
): Calendar {
  const table = new Map<IsoDate, CalendarOverride>();
  for (const o of overrides) table.set(assertDate(o.date), o);
  const extraYears = [...(options.publishedYears ?? [])].sort((a, b) => a - b);
  const { firstYear, lastYear } = SNAPSHOT_SOURCE;

  const yearPublished = (year: number): boolean =>
    (year >= firstYear && year <= lastYear) || extraYears.includes(year);

  const dayInfo = (input: IsoDate): DayInfo => {
    const date = assertDate(input);
    const o = table.get(date);
    if (o) {
      const name = o.note ?? (o.kind === 'holiday' ? '本地调整为休息日' : '本地调整为工作日');
      const kind: DayKind = o.kind === 'holiday' ? 'holiday' : 'makeup_workday';
      return { date, workday: o.kind === 'workday', kind, name, published: true };
    }
    const published = yearPublished(dateParts(date).year);
    const s = published ? SNAPSHOT_DAYS.get(date) : undefined;
    if (s)
      return {
        date,
        workday: s.workday,
        kind: s.workday ? 'makeup_workday' : 'holiday',
        name: s.name,
        published,
      };
    const weekend = isoWeekday(date) >= 6;
    const likely = published ? undefined : likelyHolidays(dateParts(date).year).get(date);
    if (likely && !weekend)
      return { date, workday: false, kind: 'holiday', name: `${likely}（预计）`, published };
    return { date, workday: !weekend, kind: weekend ? 'weekend' : 'workday', published };
  };

  const isWorkday = (date: IsoDate): boolean => dayInfo(date).workday;
  const isPublished = (date: IsoDate): boolean => dayInfo(date).published;

  const addWorkdays = (input: IsoDate, n: number): WorkdayResult => {
    if (!Number.isInteger(n) || Math.abs(n) > MAX_SPAN_DAYS) throw new RangeError(`工作日数无效：${n}`);
    let date = assertDate(input);
    let provisional = !isPublished(date) && n === 0;
    const step = n < 0 ? -1 : 1;
    for (let left = Math.abs(n); left > 0; ) {
      date = addDays(date, step);
      const info = dayInfo(date);
      if (!info.published) provisional = true;
      if (info.workday) left -= 1;
    }
    return { date, provisional };
  };

  const workdaysBetween = (from: IsoDate, to: IsoDate): number => {
    const a = toDayNumber(assertDate(from));
    const b = toDayNumber(assertDate(to));
    if (Math.abs(b - a) > MAX_SPAN_DAYS) throw new RangeError(`日期跨度过大：${from}–${to}`);
    const [lo, hi, sign] = a <= b ? [from, b - a, 1] : [to, a - b, -1];
    let count = 0;
    for (let i = 1; i <= hi; i += 1) if (isWorkday(addDays(lo, i))) count += 1;
    return sign * count;
  };

  const onOrNextWorkday = (input: IsoDate): WorkdayResult => {
    const date = assertDate(input);
    if (isWorkday(date)) return { date, provisional: !isPublished(date) };
    return addWorkdays(date, 1);
  };

  const nextHolidayStart = (name: string, from: IsoDate): IsoDate | null => {
    let prev = dayInfo(from);
    for (let i = 1; i <= 400; i += 1) {
      const info = dayInfo(addDays(from, i));
      if (!info.published) return null;
      const isBreak = (d: DayInfo): boolean => !d.workday && d.kind === 'holiday' && d.name === name;
      if (isBreak(info) && !isBreak(prev)) return info.date;
      prev = info;
    }
    return null;
  };

  return {
    isWorkday,
    dayInfo,
    addWorkdays,
    workdaysBetween,
    nextWorkday: (date) => addWorkdays(date, 1).date,
    onOrNextWorkday,
    isPublished,
    nextHolidayStart,
    coverage: { firstYear, lastYear, extraYears, source: SNAPSHOT_SOURCE.source },
  };
}
