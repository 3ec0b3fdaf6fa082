/**
 * Reads a leader's instruction into a draft 督查事项: title, lead and co-units, deadline and source.
 * Pure and deterministic; everything it cannot tell is left null for the office to fill in on the card.
 */
import type { Calendar } from '../calendar/calendar.ts';
import { assertDate, type IsoDate } from '../calendar/date.ts';
import type { DeadlineRule } from '../deadline/deadline.ts';
import type { Source } from '../item.ts';
import { chooseDeadline } from './choose-deadline.ts';
import { findDeadlinePhrases } from './deadline-phrases.ts';
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
  /**
   * True when the deadline rests on a holiday schedule not yet published: counted over such days, or placed
   * before or after a holiday whose dates are estimated.
   */
  deadline_provisional: boolean;
  /** How a counted deadline was counted (N个工作日内, 7日内), null for a stated date: kept on the draft. */
  deadline_rule: DeadlineRule | null;
  source: Source;
  /** Unit-like names (县…局) assigned work in the text but missing from the directory. */
  unknown_units: string[];
  /**
   * Remarks for the office on the draft: other dates the text sets (steps before the deadline), a weekday
   * that contradicts its date. Empty when there is nothing to check.
   */
  notes: string[];
};

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
    ...chooseDeadline(masked, phrases),
    source,
    unknown_units: units.unknown,
  };
}
