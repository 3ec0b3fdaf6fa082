/**
 * Deadlines tied to a public holiday: 国庆节前 is the last working day before the break starts, 节后第一个工作日
 * the first working day after it ends. The break comes from the calendar: the published notice plus the
 * county's overrides, or, for a year whose notice is not out, the calendar's estimate of its likely holidays
 * (calendar/estimate.ts); a deadline resting on an estimated break is provisional.
 */
import type { Calendar, DayInfo } from '../calendar/calendar.ts';
import { addDays, type IsoDate } from '../calendar/date.ts';

/** Holiday names as the calendar spells them. */
export const HOLIDAY_NAMES = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'] as const;
export type HolidayName = (typeof HOLIDAY_NAMES)[number];

export type HolidayBreak = {
  name: string;
  /** The first day off of the holiday (a day of the break that carries the holiday's name). */
  first: IsoDate;
  /** Rests on the calendar's estimate: the year's notice is not published. */
  provisional: boolean;
};

/** The holiday a day off belongs to, without the calendar's mark on an estimated one (春节（预计）). */
const holidayOf = (info: DayInfo): string | null =>
  !info.workday && info.kind === 'holiday' ? (info.name ?? '').replace(/（预计）$/, '') : null;

const isBreakDay = (info: DayInfo, name: string | null): boolean => {
  const holiday = holidayOf(info);
  return holiday !== null && (name === null || holiday === name);
};

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
  const found = (info: DayInfo, first: IsoDate): HolidayBreak => ({
    name: holidayOf(info) ?? '',
    first,
    provisional: !info.published,
  });
  let prev = calendar.dayInfo(from);
  if (current && isBreakDay(prev, name)) return found(prev, from);
  for (let i = 1; i <= 400; i += 1) {
    const date = addDays(from, i);
    const info = calendar.dayInfo(date);
    if (isBreakDay(info, name) && !isBreakDay(prev, name)) return found(info, date);
    prev = info;
  }
  return null;
}

/** The last working day before the break. */
export function lastWorkdayBefore(calendar: Calendar, br: HolidayBreak): IsoDate {
  let date = addDays(br.first, -1);
  while (!calendar.dayInfo(date).workday) date = addDays(date, -1);
  return date;
}

/** The first working day after the break (and any days off joined to it). */
export function firstWorkdayAfter(calendar: Calendar, br: HolidayBreak): IsoDate {
  let date = addDays(br.first, 1);
  while (!calendar.dayInfo(date).workday) date = addDays(date, 1);
  return date;
}
