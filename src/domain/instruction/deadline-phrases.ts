/**
 * Deadline phrases in an instruction, each resolved to a Beijing civil date relative to the 交办 date.
 * Stated dates (11月30日前, 6月底前, 年底前) are kept as written even on a holiday; counted periods of
 * calendar days or months (7日内, 3个月内) end on the next working day when they end on a day off (民法典 §203).
 */
import type { Calendar } from '../calendar/calendar.ts';
import {
  addDays,
  addMonths,
  dateParts,
  daysInMonth,
  endOfMonth,
  formatDate,
  type IsoDate,
  isoWeekday,
} from '../calendar/date.ts';
import type { DeadlineRule } from '../deadline/deadline.ts';
import { NUM, parseNumber } from './text.ts';

export type PhraseKind = 'date' | 'urgent' | 'long_term';
export type Phrase = {
  kind: PhraseKind;
  start: number;
  end: number;
  text: string;
  date: IsoDate | null;
  note: string;
  /** The date was counted over days whose holiday schedule is not published yet. */
  provisional: boolean;
  /** How a counted date was counted (null for a stated one), so a new calendar recounts it. */
  rule: DeadlineRule | null;
};

type Ctx = { issued: IsoDate; calendar: Calendar };
type Rule = { re: RegExp; kind: PhraseKind; resolve: (m: RegExpExecArray, ctx: Ctx) => Resolved | null };
type Resolved = { date: IsoDate | null; note: string; provisional?: boolean; rule?: DeadlineRule };

const BEFORE = '(?:[上下]?午|下班|\\d{1,2}[时点:：]\\d{0,2}分?)?(?:前|之前|以前|止|为限)';
const DONE = '(?=完成|办结|完工|报送|上报|反馈|答复|回复)';
const WEEKDAYS = '一二三四五六日天';

const num = (raw: string | undefined): number => parseNumber(raw ?? '') ?? Number.NaN;

function stated(date: IsoDate, ctx: Ctx): Resolved {
  const info = ctx.calendar.dayInfo(date);
  if (info.workday) return { date, note: date };
  const name = info.name ?? (isoWeekday(date) === 6 ? '星期六' : '星期日');
  return { date, note: `${date}，${name}，非工作日，按所定日期` };
}

/** A month-day with no year: this year unless that day has passed, then next year. 'end' is the month's last day. */
function upcoming(month: number, day: number | 'end', ctx: Ctx, year?: number): Resolved | null {
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

const yearOf = (word: string | undefined, ctx: Ctx): number | undefined => {
  const y = dateParts(ctx.issued).year;
  if (word === '明年') return y + 1;
  if (word === '今年' || word === '本年') return y;
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

const HOLIDAYS: Record<string, { name: string; fixed?: string }> = {
  春节: { name: '春节' },
  国庆: { name: '国庆节', fixed: '10-01' },
  元旦: { name: '元旦', fixed: '01-01' },
  五一: { name: '劳动节', fixed: '05-01' },
  劳动: { name: '劳动节', fixed: '05-01' },
  中秋: { name: '中秋节' },
  端午: { name: '端午节' },
  清明: { name: '清明节' },
};

function beforeHoliday(word: string, ctx: Ctx): Resolved | null {
  const h = HOLIDAYS[word];
  if (!h) return null;
  const start = ctx.calendar.nextHolidayStart(h.name, ctx.issued);
  if (start) return stated(addDays(start, -1), ctx);
  if (!h.fixed) return { date: null, note: `${h.name}放假安排未公布，无法确定日期` };
  const r = upcoming(Number(h.fixed.slice(0, 2)), Number(h.fixed.slice(3)), ctx);
  return r?.date ? stated(addDays(r.date, -1), ctx) : null;
}

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

const QUARTER_END: Record<string, number> = { 一: 3, 二: 6, 三: 9, 四: 12, '1': 3, '2': 6, '3': 9, '4': 12 };

const RULES: Rule[] = [
  {
    re: new RegExp(
      `(20\\d{2})\\s*[年.\\-/]\\s*(\\d{1,2})\\s*[月.\\-/]\\s*(\\d{1,2})\\s*[日号]?(?:${BEFORE}|${DONE})`,
      'g',
    ),
    kind: 'date',
    resolve: (m, ctx) => upcoming(num(m[2]), num(m[3]), ctx, num(m[1])),
  },
  {
    re: /时限[:：]\s*(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/g,
    kind: 'date',
    resolve: (m, ctx) => upcoming(num(m[2]), num(m[3]), ctx, num(m[1])),
  },
  {
    re: new RegExp(`(明年|今年|20\\d{2}年)?(${NUM})月(?:份)?(底|末|上旬|中旬|下旬)(?:前|之前|以前)?`, 'g'),
    kind: 'date',
    resolve: (m, ctx) => {
      const day = m[3] === '上旬' ? 10 : m[3] === '中旬' ? 20 : 'end';
      return upcoming(num(m[2]), day, ctx, yearOf(m[1], ctx));
    },
  },
  {
    re: new RegExp(`(明年|今年)?(${NUM})月(${NUM})[日号](?:${BEFORE}|${DONE})`, 'g'),
    kind: 'date',
    resolve: (m, ctx) => upcoming(num(m[2]), num(m[3]), ctx, yearOf(m[1], ctx)),
  },
  {
    re: new RegExp(`(本月|下月|下个月)(${NUM})[日号](?:${BEFORE}|${DONE})`, 'g'),
    kind: 'date',
    resolve: (m, ctx) => {
      const base = m[1] === '本月' ? ctx.issued : addMonths(ctx.issued, 1);
      const { year, month } = dateParts(base);
      const day = num(m[2]);
      if (!(Number.isInteger(day) && day >= 1 && day <= daysInMonth(year, month))) return null;
      return stated(formatDate(year, month, day), ctx);
    },
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
    re: /(?:(明年|20\d{2}年)(?:年底|年末|底|末)|(?<![0-9〇零一二两三四五六七八九十百半明去前全])(?:今年|本年度?|年)(?:底|末|内))(?:前|之前|以前)?/g,
    kind: 'date',
    resolve: (m, ctx) => stated(formatDate(yearOf(m[1], ctx) ?? dateParts(ctx.issued).year, 12, 31), ctx),
  },
  {
    re: /(?:(上半年|下半年)|第?([一二三四1-4])季度(?:末|底|内))(?:前|之前|以前|内)?/g,
    kind: 'date',
    resolve: (m, ctx) => {
      const month = m[1] === '下半年' ? 12 : m[1] ? 6 : (QUARTER_END[m[2] ?? ''] ?? 0);
      return upcoming(month, 'end', ctx);
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
  {
    re: /(春节|国庆|元旦|五一|劳动|中秋|端午|清明)节?前(?!后|夕)/g,
    kind: 'date',
    resolve: (m, ctx) => beforeHoliday(m[1] ?? '', ctx),
  },
  {
    re: new RegExp(`(?<!第)(${NUM})个?工作日(?:内|以内|之内)`, 'g'),
    kind: 'date',
    resolve: (m, ctx) => {
      const n = num(m[1]);
      if (!(n >= 1 && n <= 250)) return null;
      const due = ctx.calendar.addWorkdays(ctx.issued, n);
      const tail = due.provisional ? '；节假日安排未公布，暂按预计假日推算' : '';
      return {
        date: due.date,
        note: `自${ctx.issued}起算，至${due.date}${tail}`,
        provisional: due.provisional,
        rule: { count: 'workdays', from: ctx.issued, days: n },
      };
    },
  },
  {
    re: new RegExp(`(?<![月\\d])(${NUM}|半)个?(月|周|星期|日|天|自然日|小时|年)(?:内|以内|之内)`, 'g'),
    kind: 'date',
    resolve: (m, ctx) => {
      const n = m[1] === '半' ? 0.5 : num(m[1]);
      if (!(n > 0 && n <= 1000)) return null;
      const unit = m[2] ?? '';
      if (unit === '月' && n === 0.5) return period(addDays(ctx.issued, 15), ctx);
      if (unit === '月' || unit === '年')
        return period(addMonths(ctx.issued, Math.round(n * (unit === '年' ? 12 : 1))), ctx);
      const days = unit === '小时' ? Math.ceil(n / 24) : unit === '周' || unit === '星期' ? n * 7 : n;
      return period(addDays(ctx.issued, Math.round(days)), ctx);
    },
  },
  {
    re: /立即|马上|即刻|立刻|当即/g,
    kind: 'urgent',
    resolve: (_m, ctx) => {
      const next = ctx.calendar.addWorkdays(ctx.issued, 1);
      return {
        date: next.date,
        note: `按次一工作日${next.date}反馈`,
        provisional: next.provisional,
        rule: { count: 'workdays', from: ctx.issued, days: 1 },
      };
    },
  },
  {
    re: /(?<!超)长期(?!以来|存在|未|没有|困扰|拖欠|闲置|失修|积累|得不到)|持续(?!多|了|数|近|时间|[0-9一二两三四五六七八九十几])|常态化/g,
    kind: 'long_term',
    resolve: () => ({ date: null, note: '长期事项' }),
  },
];

// "每月5日前", "每季度末": recurring report dates, not the item's deadline.
const PERIODIC = /[每按](?:月|季度?|周|年|半月|旬)?$/;

/** All deadline phrases, earliest position first; overlapping matches keep the one found first by rule order. */
export function findDeadlinePhrases(text: string, ctx: Ctx): Phrase[] {
  const taken: Array<[number, number]> = [];
  const out: Phrase[] = [];
  for (const rule of RULES) {
    for (const m of text.matchAll(rule.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      if (PERIODIC.test(text.slice(Math.max(0, start - 3), start))) continue;
      const r = rule.resolve(m as RegExpExecArray, ctx);
      if (!r) continue;
      taken.push([start, end]);
      out.push({
        kind: rule.kind,
        start,
        end,
        text: m[0],
        date: r.date,
        note: r.note,
        provisional: r.provisional ?? false,
        rule: r.rule ?? null,
      });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
