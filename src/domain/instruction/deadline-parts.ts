/**
 * Shared pieces of the deadline rules: the rule shape, the patterns that end a dated phrase, and how a
 * stated date or a counted period becomes a deadline. Stated dates (11月30日前, 6月底前, 年底前) are kept as
 * written even on a holiday; counted periods of calendar days or months (7日内, 3个月内) end on the next
 * working day when they end on a day off (民法典 §203).
 */
import type { Calendar } from '../calendar/calendar.ts';
import {
  addDays,
  addMonths,
  dateParts,
  daysInMonth,
  formatDate,
  type IsoDate,
  isoWeekday,
} from '../calendar/date.ts';
import type { DeadlineRule } from '../deadline/deadline.ts';
import { NUM, parseNumber } from './text.ts';

export type PhraseKind = 'date' | 'urgent' | 'long_term';
export type Ctx = { issued: IsoDate; calendar: Calendar };
export type Resolved = {
  date: IsoDate | null;
  note: string;
  provisional?: boolean;
  /** How a counted date was counted (absent for a stated one), so a new calendar recounts it. */
  rule?: DeadlineRule;
  /** A remark for the office on the draft card, e.g. a weekday that contradicts the date. */
  warning?: string;
};
export type Rule = {
  re: RegExp;
  kind: PhraseKind;
  resolve: (m: RegExpExecArray, ctx: Ctx) => Resolved | null;
};

export const WEEKDAYS = '一二三四五六日天';
const CLOCK = `(?:\\d{1,2}[时点:：]\\d{0,2}分?|${NUM}[时点](?:半|${NUM}分)?)`;
/** "前" and its variants, optionally after a time of day: 下班前, 下午5点前, 12时前. */
const BEFORE = `(?:[上下]?午|下班|晚上|中午)?${CLOCK}?(?:前|之前|以前|止|为限)`;
/** A date directly followed by the act that is due (6月30日完成). */
const DONE = '(?=完成|办结|完工|报送|上报|反馈|答复|回复)';
/** The weekday written after a date: 4月17日（星期五）前, 4月17日(周五)前. */
const WEEKDAY_NOTE = `(?:\\s*[（(](?:星期|周|礼拜)(?<wd>[${WEEKDAYS}])[)）])?`;
/** What ends a stated day: an optional weekday, then 前 or the due act. */
export const DAY_END = `${WEEKDAY_NOTE}\\s*(?:${BEFORE}|${DONE})`;

export const num = (raw: string | undefined): number => parseNumber(raw ?? '') ?? Number.NaN;

const weekdayName = (date: IsoDate): string => `星期${WEEKDAYS[isoWeekday(date) - 1] ?? ''}`;

export function stated(date: IsoDate, ctx: Ctx): Resolved {
  const info = ctx.calendar.dayInfo(date);
  if (info.workday) return { date, note: date };
  const name = info.name ?? weekdayName(date);
  return { date, note: `${date}，${name}，非工作日，按所定日期` };
}

/**
 * A weekday written next to the date must agree with it. When it does not, the date wins (a weekday is the
 * easier slip) and the office is told.
 */
export function checkWeekday(r: Resolved | null, written: string | undefined, text: string): Resolved | null {
  if (!r?.date || !written) return r;
  const wanted = Math.min(WEEKDAYS.indexOf(written) + 1, 7);
  if (isoWeekday(r.date) === wanted) return r;
  const actual = weekdayName(r.date);
  return {
    ...r,
    note: `${r.note}；原文注明星期${written}，但${r.date}为${actual}，按日期计`,
    warning: `时限“${text}”所注星期与日期不符（${r.date}为${actual}），已按日期计，请核对`,
  };
}

/** A month-day with no year: this year unless that day has passed, then next year. 'end' is the month's last day. */
export function upcoming(month: number, day: number | 'end', ctx: Ctx, year?: number): Resolved | null {
  if (!(Number.isInteger(month) && month >= 1 && month <= 12)) return null;
  // A day the month does not have (2月30日) is a typo the office must read, not one to guess.
  const valid = (y: number): boolean =>
    day === 'end' || (Number.isInteger(day) && day >= 1 && day <= daysInMonth(y, month));
  const build = (y: number): IsoDate => formatDate(y, month, day === 'end' ? daysInMonth(y, month) : day);
  const issuedYear = dateParts(ctx.issued).year;
  if (year !== undefined)
    return valid(year) && year >= 1900 && year <= 2200 ? stated(build(year), ctx) : null;
  const thisYear = valid(issuedYear) ? build(issuedYear) : null;
  if (thisYear && thisYear >= ctx.issued) return stated(thisYear, ctx);
  return valid(issuedYear + 1) ? stated(build(issuedYear + 1), ctx) : null;
}

export const yearOf = (word: string | undefined, ctx: Ctx): number | undefined => {
  const y = dateParts(ctx.issued).year;
  if (word === '明年') return y + 1;
  if (word === '今年' || word === '本年' || word === '当年') return y;
  if (word && /^\d{4}/.test(word)) return Number(word.slice(0, 4));
  return undefined;
};

/** A counted period: calendar days or months after the start day, moved off a day off. */
function period(due: IsoDate, ctx: Ctx): Resolved {
  const moved = ctx.calendar.onOrNextWorkday(due);
  const provisional = moved.provisional;
  const rule: DeadlineRule = { count: 'on_or_next_workday', from: ctx.issued, date: due };
  if (moved.date === due) return { date: due, note: `自${ctx.issued}起算，至${due}`, provisional, rule };
  return {
    date: moved.date,
    note: `自${ctx.issued}起算，${due}为非工作日，顺延至${moved.date}`,
    provisional,
    rule,
  };
}

/** N months, weeks, days or hours from the 交办 date ('半' is a half). */
export function countedPeriod(amount: string | undefined, unit: string, ctx: Ctx): Resolved | null {
  const n = amount === '半' ? 0.5 : num(amount);
  if (!(n > 0 && n <= 1000)) return null;
  if (unit === '月' && n === 0.5) return period(addDays(ctx.issued, 15), ctx);
  if (unit === '月' || unit === '年')
    return period(addMonths(ctx.issued, Math.round(n * (unit === '年' ? 12 : 1))), ctx);
  const days = unit === '小时' ? Math.ceil(n / 24) : unit === '周' || unit === '星期' ? n * 7 : n;
  return period(addDays(ctx.issued, Math.round(days)), ctx);
}
