/** Rules for deadlines named by a public holiday: 国庆节前, “十一”前, 春节放假前, 节前, 节后第一个工作日. */
import type { Ctx, Resolved, Rule } from './deadline-parts.ts';
import {
  firstWorkdayAfter,
  type HolidayBreak,
  type HolidayName,
  lastWorkdayBefore,
  nextBreak,
} from './holidays.ts';

const NAMES: Record<string, HolidayName> = {
  春节: '春节',
  国庆: '国庆节',
  十一: '国庆节',
  元旦: '元旦',
  五一: '劳动节',
  劳动: '劳动节',
  中秋: '中秋节',
  端午: '端午节',
  清明: '清明节',
};

// 十一 alone is a holiday only when it is not part of a number (二十一, 第十一).
const WORD = '春节|国庆|元旦|五一|劳动|中秋|端午|清明|(?<![一二三四五六七八九十百第])十一';
const OPEN = '[“"‘\']?';
const CLOSE = '[”"’\']?';
/** One holiday, or two written together (中秋国庆, 五一劳动节). */
const NAMED = `${OPEN}(${WORD})${CLOSE}节?(?:[、和及与]?${OPEN}(${WORD})${CLOSE}节?)?`;
const BREAK = '(?:假期|长假|小长假|黄金周|双节|两节|放假)?';
const UNNAMED = '(?:节|节日|假期|长假|小长假|黄金周|放假)';

function describe(br: HolidayBreak, date: string, what: string): Resolved {
  if (!br.provisional) return { date, note: `${date}，${br.name}${what}` };
  return {
    date,
    note: `${br.name}放假安排未公布，暂按预计假日推算为${date}，为暂定时限`,
    provisional: true,
  };
}

function before(words: ReadonlyArray<string | undefined>, ctx: Ctx): Resolved | null {
  const names = words.length > 0 ? words.map((w) => (w ? NAMES[w] : undefined)) : [null];
  let best: Resolved | null = null;
  for (const name of names) {
    if (name === undefined) continue;
    const br = nextBreak(ctx.calendar, name, ctx.issued, false);
    if (!br) continue;
    let date = lastWorkdayBefore(ctx.calendar, br);
    // Said on the weekend just before the break: the deadline cannot be earlier than the day it is given.
    if (date < ctx.issued) date = ctx.issued;
    if (!best?.date || date < best.date) best = describe(br, date, '放假前最后一个工作日');
  }
  return best;
}

function after(word: string | undefined, ctx: Ctx): Resolved | null {
  const name = word ? NAMES[word] : null;
  if (name === undefined) return null;
  const br = nextBreak(ctx.calendar, name, ctx.issued, true);
  return br ? describe(br, firstWorkdayAfter(ctx.calendar, br), '假期后第一个工作日') : null;
}

export const HOLIDAY_RULES: Rule[] = [
  {
    re: new RegExp(
      `(?:${NAMED}${BREAK}|${UNNAMED})后(?:上班|收假|返岗)?的?(?:第一个工作日|第1个工作日|首个工作日|第一天)`,
      'g',
    ),
    kind: 'date',
    resolve: (m, ctx) => after(m[1], ctx),
  },
  {
    re: new RegExp(`${NAMED}${BREAK}(?:前|之前|以前)(?![后夕])`, 'g'),
    kind: 'date',
    resolve: (m, ctx) => before([m[1], m[2]].filter(Boolean), ctx),
  },
  {
    // 节前 with no holiday named is the next one, but only when it dates the act ("于节前", "节前完成"),
    // not when it names a kind of work ("开展节前安全检查").
    re: new RegExp(`(?<=[于在])${UNNAMED}前(?![后夕])|节前(?=完成|报送|上报|反馈|办结)`, 'g'),
    kind: 'date',
    resolve: (_m, ctx) => before([], ctx),
  },
];
