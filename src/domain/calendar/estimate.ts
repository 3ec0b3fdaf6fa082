/**
 * The likely holidays of a year whose 国务院办公厅 notice is not out yet. Until it is, no automatic
 * message may go out on them and no working day is counted on them: a reminder on 初一 or a criticism
 * counted through 春节 is worse than one a day late. The rule, checked against every published year
 * (calendar-estimate.test.ts), errs towards days off:
 * - 元旦, 清明, 端午, 中秋: the day itself, bridged to the weekend the way the notices do (a Tuesday takes
 *   the Monday, a Thursday the Friday; a Saturday or Sunday gives the Monday);
 * - 春节: 除夕 to 初七; 劳动节: 1–5 May (bridged like the one-day holidays); 国庆节: 1–7 October, to the
 *   8th when 中秋 falls in that week.
 * Lunar dates and the 清明 solar term come from cn-festivals.json (2004–2100).
 */
import data from './cn-festivals.json' with { type: 'json' };
import { addDays, formatDate, type IsoDate, isoWeekday } from './date.ts';

type Festivals = { 春节: string; 清明: string; 端午: string; 中秋: string };
const FESTIVALS: Readonly<Record<string, Festivals>> = data.years;

/** The bump each weekday (1 = Monday) of a one-day festival gets towards the weekend. */
const BRIDGE: Readonly<Record<number, number>> = { 2: -1, 4: 1, 6: 2, 7: 1 };

const span = (from: IsoDate, days: number): IsoDate[] =>
  Array.from({ length: days }, (_, i) => addDays(from, i));

function oneDay(date: IsoDate): IsoDate[] {
  const bump = BRIDGE[isoWeekday(date)];
  return bump === undefined ? [date] : [date, addDays(date, bump)];
}

const cache = new Map<number, ReadonlyMap<IsoDate, string>>();

/** Each likely day off of `year` with its holiday's name; empty for a year beyond the lunar table. */
export function likelyHolidays(year: number): ReadonlyMap<IsoDate, string> {
  const cached = cache.get(year);
  if (cached) return cached;
  const days = new Map<IsoDate, string>();
  const put = (name: string, dates: IsoDate[]) => {
    for (const d of dates) if (d.startsWith(`${year}-`) && !days.has(d)) days.set(d, name);
  };
  const f = FESTIVALS[String(year)];
  const on = (md: string) => `${year}-${md}`;
  put('元旦', oneDay(on('01-01')));
  // Next year's 元旦 on a Tuesday takes this year's 31 December.
  put('元旦', oneDay(formatDate(year + 1, 1, 1)));
  if (f) {
    put('春节', span(addDays(on(f.春节), -1), 8));
    put('清明节', oneDay(on(f.清明)));
    put('端午节', oneDay(on(f.端午)));
    put('中秋节', oneDay(on(f.中秋)));
  }
  put('劳动节', [...oneDay(on('05-01')), ...span(on('05-01'), 5)]);
  // 中秋 in the National Day week makes it an eight-day break (2017, 2020, 2025).
  const midAutumnInWeek = f !== undefined && f.中秋 >= '10-01' && f.中秋 <= '10-07';
  put('国庆节', span(on('10-01'), midAutumnInWeek ? 8 : 7));
  cache.set(year, days);
  return days;
}
