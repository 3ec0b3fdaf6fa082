/**
 * Deadlines tied to a public holiday: 国庆节前 is the last working day before the break starts, 节后第一个工作日
 * the first working day after it ends. The break comes from the calendar (the published notice plus the
 * county's overrides). For a year whose notice is not out, the break is estimated from the statutory days of
 * 《全国年节及纪念日放假办法》 (2024): 元旦 1 day, 春节 4 (除夕 to 初三), 清明 1, 劳动节 2, 端午 1, 中秋 1,
 * 国庆 3, plus the weekends next to them; such a deadline is provisional, since the notice usually moves
 * days around (调休).
 */
import type { Calendar, DayInfo } from '../calendar/calendar.ts';
import { addDays, dateParts, type IsoDate } from '../calendar/date.ts';
import table from './festival-dates.json' with { type: 'json' };

/** Holiday names as the calendar spells them. */
export const HOLIDAY_NAMES = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'] as const;
export type HolidayName = (typeof HOLIDAY_NAMES)[number];

const FESTIVALS: Record<string, Partial<Record<HolidayName, string>>> = table.years;

/** The statutory days off of one holiday in `year`, or [] when the festival table does not cover the year. */
function statutoryDays(name: HolidayName, year: number): IsoDate[] {
  const run = (first: IsoDate, n: number): IsoDate[] =>
    Array.from({ length: n }, (_, i) => addDays(first, i));
  const fixed: Partial<Record<HolidayName, [string, number]>> = {
    元旦: ['01-01', 1],
    劳动节: ['05-01', 2],
    国庆节: ['10-01', 3],
  };
  const f = fixed[name];
  if (f) return run(`${year}-${f[0]}`, f[1]);
  const md = FESTIVALS[String(year)]?.[name];
  if (!md) return [];
  // 春节: 除夕 (the last day of the lunar year) to 正月初三.
  return name === '春节' ? run(addDays(`${year}-${md}`, -1), 4) : [`${year}-${md}`];
}

export type HolidayBreak = {
  name: string;
  /** The first day off of the holiday (a day of the break that carries the holiday's name). */
  first: IsoDate;
  /** Estimated from the statutory days: the year's notice is not published. */
  provisional: boolean;
};

const isBreakDay = (info: DayInfo, name: string | null): boolean =>
  !info.workday && info.kind === 'holiday' && (name === null || info.name === name);

/** Days off in an estimated year: weekends and the statutory days of every holiday. */
function estimatedOff(calendar: Calendar, date: IsoDate): boolean {
  const info = calendar.dayInfo(date);
  if (info.published) return !info.workday;
  if (info.kind === 'weekend') return true;
  const year = dateParts(date).year;
  return HOLIDAY_NAMES.some((n) => statutoryDays(n, year).includes(date));
}

function estimate(name: HolidayName | null, after: IsoDate): HolidayBreak | null {
  const year = dateParts(after).year;
  const candidates = (name ? [name] : HOLIDAY_NAMES)
    .flatMap((n) => [year, year + 1].map((y) => ({ name: n, first: statutoryDays(n, y)[0] })))
    .filter((c): c is { name: HolidayName; first: IsoDate } => c.first !== undefined && c.first >= after)
    .sort((a, b) => (a.first < b.first ? -1 : 1));
  const next = candidates[0];
  return next ? { ...next, provisional: true } : null;
}

/**
 * The next break of holiday `name` (of any holiday when null). With `current`, a break already running on
 * `from` counts (节后第一个工作日 said during the holiday); without, only a break starting after `from`.
 */
export function nextBreak(
  calendar: Calendar,
  name: HolidayName | null,
  from: IsoDate,
  current: boolean,
): HolidayBreak | null {
  let prev = calendar.dayInfo(from);
  if (current && isBreakDay(prev, name)) return { name: prev.name ?? '', first: from, provisional: false };
  for (let i = 1; i <= 400; i += 1) {
    const date = addDays(from, i);
    const info = calendar.dayInfo(date);
    if (!info.published) return estimate(name, date);
    if (isBreakDay(info, name) && !isBreakDay(prev, name))
      return { name: info.name ?? '', first: date, provisional: false };
    prev = info;
  }
  return null;
}

/** The last working day before the break. */
export function lastWorkdayBefore(calendar: Calendar, br: HolidayBreak): IsoDate {
  let date = addDays(br.first, -1);
  while (estimatedOff(calendar, date)) date = addDays(date, -1);
  return date;
}

/** The first working day after the break (and any days off joined to it). */
export function firstWorkdayAfter(calendar: Calendar, br: HolidayBreak): IsoDate {
  let date = addDays(br.first, 1);
  while (estimatedOff(calendar, date)) date = addDays(date, 1);
  return date;
}
