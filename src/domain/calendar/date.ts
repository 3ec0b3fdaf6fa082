/**
 * Plain civil-date arithmetic on 'YYYY-MM-DD' strings.
 * Everything goes through UTC components so the answer never depends on the process time zone.
 */
import { type Failure, fail, ok, type Result } from '../../lib/result.ts';

/** A civil date written 'YYYY-MM-DD' (no time, no zone). */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validates a 'YYYY-MM-DD' string that names a real calendar day (rejects 2026-02-30). */
export function parseDate(input: string): Result<IsoDate, Failure<'invalid_date'>> {
  const m = ISO_DATE.exec(input.trim());
  if (!m) return fail('invalid_date', `日期格式应为 YYYY-MM-DD：${input}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
    return fail('invalid_date', `不存在的日期：${input}`);
  }
  return ok(formatDate(y, mo, d));
}

/** Like parseDate but for values the code itself produced: a bad one is a bug, so it throws. */
export function assertDate(input: string): IsoDate {
  const r = parseDate(input);
  if (!r.ok) throw new RangeError(r.error.message);
  return r.value;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function formatDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function dateParts(date: IsoDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/** Days since 1970-01-01. */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = dateParts(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function fromDayNumber(n: number): IsoDate {
  const d = new Date(n * DAY_MS);
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/** Signed number of days from `from` to `to`. */
export function diffDays(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** ISO weekday: 1 = Monday … 7 = Sunday (周一…周日). */
export function isoWeekday(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  const wd = (((toDayNumber(date) + 3) % 7) + 7) % 7;
  return wd + 1;
}

/**
 * Adds calendar months the way 民法典 §202 counts them: the same day-of-month in the target month,
 * or that month's last day when it has no such day (01-31 + 1 month = 02-28).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = dateParts(date);
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  return formatDate(y, m, Math.min(day, daysInMonth(y, m)));
}

export function endOfMonth(year: number, month: number): IsoDate {
  return formatDate(year, month, daysInMonth(year, month));
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
