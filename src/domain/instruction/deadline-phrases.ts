/**
 * Deadline phrases in an instruction, each resolved to a Beijing civil date relative to the 交办 date. The
 * rules live by family in date-rules.ts, holiday-rules.ts and period-rules.ts; their order here settles
 * overlaps (the first rule to claim a span keeps it).
 */
import type { IsoDate } from '../calendar/date.ts';
import type { DeadlineRule } from '../deadline/deadline.ts';
import { DATE_RULES } from './date-rules.ts';
import type { Ctx, PhraseKind, Rule } from './deadline-parts.ts';
import { HOLIDAY_RULES } from './holiday-rules.ts';
import { PERIOD_RULES } from './period-rules.ts';

export type { PhraseKind } from './deadline-parts.ts';

export type Phrase = {
  kind: PhraseKind;
  start: number;
  end: number;
  text: string;
  date: IsoDate | null;
  note: string;
  /** The date rests on a holiday schedule not published yet (counted over it, or an estimated holiday). */
  provisional: boolean;
  /** How a counted date was counted (null for a stated one), so a new calendar recounts it. */
  rule: DeadlineRule | null;
  /** A remark for the office, e.g. a weekday that contradicts the date. */
  warning: string | null;
};

const RULES: Rule[] = [...DATE_RULES, ...HOLIDAY_RULES, ...PERIOD_RULES];

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
        warning: r.warning ?? null,
      });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
