/**
 * Reads a leader's instruction into a draft 督查事项: title, lead and co-units, deadline and source.
 * Pure and deterministic; everything it cannot tell is left null for the office to fill in on the card.
 */
import type { Calendar } from '../calendar/calendar.ts';
import { assertDate, type IsoDate } from '../calendar/date.ts';
import type { DeadlineRule } from '../deadline/deadline.ts';
import type { Source } from '../item.ts';
import { findDeadlinePhrases, type Phrase } from './deadline-phrases.ts';
import { readSource } from './source.ts';
import { maskTitles, normalizeWidth } from './text.ts';
import { readTitle } from './title.ts';
import { type Directory, readUnits } from './units.ts';

export type ReadContext = { directory: Directory; issued: IsoDate; calendar: Calendar };

export type InstructionReading = {
  title: string;
  /** Canonical directory name of the lead unit (牵头单位), or null. */
  lead: string | null;
  /** Canonical names of the co-units (协办单位). */
  co: string[];
  deadline: IsoDate | null;
  deadline_basis: string | null;
  /** True when the deadline was counted over days whose holiday schedule is not yet published. */
  deadline_provisional: boolean;
  /** How a counted deadline was counted (N个工作日内, 7日内), null for a stated date: kept on the draft. */
  deadline_rule: DeadlineRule | null;
  source: Source;
  /** Unit-like names (县…局) assigned work in the text but missing from the directory. */
  unknown_units: string[];
};

type DeadlineReading = Pick<
  InstructionReading,
  'deadline' | 'deadline_basis' | 'deadline_provisional' | 'deadline_rule'
>;

const NONE: DeadlineReading = {
  deadline: null,
  deadline_basis: null,
  deadline_provisional: false,
  deadline_rule: null,
};

/**
 * Several dated phrases: the earliest wins, since it is the first date the office must check; the others are
 * named in the basis. Urgency words (立即) count only when no date is given, and long-term words (持续) only
 * when neither is.
 */
function chooseDeadline(phrases: readonly Phrase[]): DeadlineReading {
  const dated = phrases.filter((p) => p.kind === 'date' && p.date !== null);
  const pick = (p: Phrase, extra = ''): DeadlineReading => ({
    deadline: p.date,
    deadline_basis: `${p.text}（${p.note}）${extra}`,
    deadline_provisional: p.provisional,
    deadline_rule: p.rule,
  });
  if (dated.length > 0) {
    const earliest = dated.reduce((a, b) => ((b.date ?? '') < (a.date ?? '') ? b : a));
    const others = [...new Set(dated.filter((p) => p.date !== earliest.date).map((p) => p.text))];
    return pick(earliest, others.length > 0 ? `；另有时限“${others.join('”“')}”，取最早` : '');
  }
  const urgent = phrases.find((p) => p.kind === 'urgent');
  if (urgent) return pick(urgent);
  if (phrases.some((p) => p.kind === 'long_term')) return { ...NONE, deadline_basis: '长期事项' };
  const unresolved = phrases.find((p) => p.kind === 'date');
  return unresolved ? { ...NONE, deadline_basis: `${unresolved.text}（${unresolved.note}）` } : NONE;
}

export function readInstruction(text: string, ctx: ReadContext): InstructionReading {
  const issued = assertDate(ctx.issued);
  const plain = normalizeWidth(text);
  const masked = maskTitles(plain);
  const units = readUnits(masked, ctx.directory);
  const phrases = findDeadlinePhrases(masked, { issued, calendar: ctx.calendar });
  const source = readSource(plain);
  // Long-term words (持续推进) stay in the title; dates and urgency words do not.
  const cut = phrases.filter((p) => p.kind !== 'long_term');
  const title = readTitle(plain, {
    directory: ctx.directory,
    source,
    phrases: cut,
    firstAssigneeAt: units.firstAt,
  });
  return {
    title,
    lead: units.lead,
    co: units.co,
    ...chooseDeadline(phrases),
    source,
    unknown_units: units.unknown,
  };
}
