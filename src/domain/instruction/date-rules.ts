/** Rules for stated dates: a day, a month's end, a quarter, a year, a weekday. */
import {
  addDays,
  addMonths,
  dateParts,
  daysInMonth,
  endOfMonth,
  formatDate,
  isoWeekday,
} from '../calendar/date.ts';
import {
  type Ctx,
  checkWeekday,
  DAY_END,
  num,
  type Resolved,
  type Rule,
  stated,
  upcoming,
  WEEKDAYS,
  yearOf,
} from './deadline-parts.ts';
import { NUM } from './text.ts';

function weekDay(which: string | undefined, day: string | undefined, ctx: Ctx): Resolved {
  const target = day ? Math.min(WEEKDAYS.indexOf(day) + 1, 7) : 5;
  const monday = addDays(ctx.issued, 1 - isoWeekday(ctx.issued));
  const base = which === '下' ? addDays(monday, 7) : monday;
  let date = addDays(base, target - 1);
  // "周五前" without 本/下 means the coming one.
  if (!which && date < ctx.issued) date = addDays(date, 7);
  // A weekday already behind the 交办 date (本周五 read on a Saturday) means the day itself.
  if (date < ctx.issued) date = ctx.issued;
  return stated(date, ctx);
}

/** A day of a given month (of the 交办 month or the next), or null when that month has no such day. */
function dayOfMonth(base: string, day: number, ctx: Ctx): Resolved | null {
  const { year, month } = dateParts(base);
  if (!(Number.isInteger(day) && day >= 1 && day <= daysInMonth(year, month))) return null;
  return stated(formatDate(year, month, day), ctx);
}

/** "20号前" with no month: this month, or the next one when the day has already passed. */
function dayOnly(day: number, ctx: Ctx): Resolved | null {
  const passed = day < dateParts(ctx.issued).day;
  return dayOfMonth(passed ? addMonths(ctx.issued, 1) : ctx.issued, day, ctx);
}

const QUARTER_END: Record<string, number> = { 一: 3, 二: 6, 三: 9, 四: 12, '1': 3, '2': 6, '3': 9, '4': 12 };
const YEAR_WORD = '(明年|今年|20\\d{2}年)';
/** Verbs that make a bare year a deadline ("2027年建成投用"), not a label ("2027年预算"). */
const YEAR_DONE =
  '(?=(?:要|将|力争|确保)?(?:全面|基本|全部|如期)?(?:完成|建成|完工|竣工|投用|投产|投入使用|投入运营|通车|实现|办结|销号|到位|开工))';

export const DATE_RULES: Rule[] = [
  {
    re: new RegExp(
      `(20\\d{2})\\s*[年.\\-/]\\s*(\\d{1,2})\\s*[月.\\-/]\\s*(\\d{1,2})\\s*[日号]?${DAY_END}`,
      'g',
    ),
    kind: 'date',
    resolve: (m, ctx) => checkWeekday(upcoming(num(m[2]), num(m[3]), ctx, num(m[1])), m.groups?.wd, m[0]),
  },
  {
    re: /时限[:：]\s*(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/g,
    kind: 'date',
    resolve: (m, ctx) => upcoming(num(m[2]), num(m[3]), ctx, num(m[1])),
  },
  {
    re: new RegExp(`${YEAR_WORD}?(${NUM})月(?:份)?(底|末|上旬|中旬|下旬)(?:前|之前|以前)?`, 'g'),
    kind: 'date',
    resolve: (m, ctx) => {
      const day = m[3] === '上旬' ? 10 : m[3] === '中旬' ? 20 : 'end';
      return upcoming(num(m[2]), day, ctx, yearOf(m[1], ctx));
    },
  },
  {
    re: new RegExp(`(明年|今年)?(${NUM})月(${NUM})[日号]${DAY_END}`, 'g'),
    kind: 'date',
    resolve: (m, ctx) =>
      checkWeekday(upcoming(num(m[2]), num(m[3]), ctx, yearOf(m[1], ctx)), m.groups?.wd, m[0]),
  },
  {
    re: new RegExp(`(本月|下月|下个月)(${NUM})[日号]${DAY_END}`, 'g'),
    kind: 'date',
    resolve: (m, ctx) => {
      const base = m[1] === '本月' ? ctx.issued : addMonths(ctx.issued, 1);
      return checkWeekday(dayOfMonth(base, num(m[2]), ctx), m.groups?.wd, m[0]);
    },
  },
  {
    // No month, no year: the lookbehind keeps "4月20日", "2号楼" and numbers inside numbers out.
    re: new RegExp(`(?<![月\\d〇零一二两三四五六七八九十百年./\\-])(${NUM})[日号]${DAY_END}`, 'g'),
    kind: 'date',
    resolve: (m, ctx) => checkWeekday(dayOnly(num(m[1]), ctx), m.groups?.wd, m[0]),
  },
  {
    re: /(本月|当月|下月|下个月)(?:底|末|内)(?:前|之前|以前)?|(?<![0-9〇零一二两三四五六七八九十])月底前/g,
    kind: 'date',
    resolve: (m, ctx) => {
      const { year, month } = dateParts(m[1]?.startsWith('下') ? addMonths(ctx.issued, 1) : ctx.issued);
      return stated(endOfMonth(year, month), ctx);
    },
  },
  {
    re: /(?:(明年|20\d{2}年)(?:年底|年末|底|末)|(?<![0-9〇零一二两三四五六七八九十百半明去前全])(?:今年|当年|本年度?|年)(?:底|末|内))(?:前|之前|以前)?/g,
    kind: 'date',
    resolve: (m, ctx) => stated(formatDate(yearOf(m[1], ctx) ?? dateParts(ctx.issued).year, 12, 31), ctx),
  },
  {
    // A bare year with the act that is due: 2027年建成投用, 当年完成.
    re: new RegExp(`(?:(?<!\\d)(20\\d{2})年(?:内|度内)?|(今年|当年|本年度?|明年))${YEAR_DONE}`, 'g'),
    kind: 'date',
    resolve: (m, ctx) => {
      const year = m[1] ? Number(m[1]) : (yearOf(m[2], ctx) ?? dateParts(ctx.issued).year);
      return year >= dateParts(ctx.issued).year ? stated(formatDate(year, 12, 31), ctx) : null;
    },
  },
  {
    // A half-year dates the act only when 前/内 or the act follows: "上半年预算执行分析" is a report's subject.
    re: new RegExp(
      `${YEAR_WORD}?(?:(上半年|下半年)(?:(?:末|底)?(?:前|之前|以前|内)|${YEAR_DONE})|第?([一二三四1-4])季度(?:末|底|内)(?:前|之前|以前)?)`,
      'g',
    ),
    kind: 'date',
    resolve: (m, ctx) => {
      const month = m[2] === '下半年' ? 12 : m[2] ? 6 : (QUARTER_END[m[3] ?? ''] ?? 0);
      return upcoming(month, 'end', ctx, yearOf(m[1], ctx));
    },
  },
  {
    re: new RegExp(`(本|下)?(?:周|星期)([${WEEKDAYS}])?(?:内|前|之前)`, 'g'),
    kind: 'date',
    resolve: (m, ctx) => (m[1] || m[2] ? weekDay(m[1], m[2], ctx) : null),
  },
  {
    re: new RegExp(`(?:即日起|起)至(明年|今年)?(${NUM})月(?:(${NUM})[日号]|底|末)?`, 'g'),
    kind: 'date',
    resolve: (m, ctx) => upcoming(num(m[2]), m[3] ? num(m[3]) : 'end', ctx, yearOf(m[1], ctx)),
  },
];
