/**
 * Which of several deadline phrases is the item's deadline. An instruction often sets steps ("5月15日前召开
 * 论证会，5月29日前形成方案报县政府办"): the date by which the work reaches the county government, the
 * assigning leader or the supervision office is the one the office tracks; the other dates are steps,
 * listed for the office. Without such a date the earliest wins, since it is the first the office must check.
 */
import type { IsoDate } from '../calendar/date.ts';
import type { DeadlineRule } from '../deadline/deadline.ts';
import type { Phrase } from './deadline-phrases.ts';

export type DeadlineReading = {
  deadline: IsoDate | null;
  deadline_basis: string | null;
  deadline_provisional: boolean;
  /** How a counted deadline was counted (N个工作日内, 7日内), null for a stated date: kept on the draft. */
  deadline_rule: DeadlineRule | null;
  /** Remarks for the office: other dates set in the text, a weekday that contradicts its date. */
  notes: string[];
};

const NONE: DeadlineReading = {
  deadline: null,
  deadline_basis: null,
  deadline_provisional: false,
  deadline_rule: null,
  notes: [],
};

/** Handing the work to the county government, its office or the leader: 报县政府办, 报送县政府, 报督查室, 报我. */
const TO_COUNTY =
  /(?:报|报送|上报|呈报|提交|提请|报告|送)(?:至|给|到)?(?:县委县政府|县委、县政府|县人民政府|县政府|县委|两办|督查室|我(?![县们市省])|[\u4e00-\u9fa5]{1,3}?县长)/;
const SENTENCE_END = /[。；;！!？?\n]/;
const CLAUSE_START = /[，,。；;：:！!？?\n][^，,。；;：:！!？?\n]*$/;
const CLAUSE_END = /[，,。；;：:！!？?\n]/;
const MAX_STEP_TEXT = 30;

/** The words a dated phrase governs: from the start of its clause to the next dated phrase or sentence end. */
function scope(text: string, p: Phrase, next: Phrase | undefined): string {
  const head = CLAUSE_START.exec(text.slice(0, p.start));
  return text.slice(head ? head.index + 1 : 0, end(text, p, next, SENTENCE_END));
}

function end(text: string, p: Phrase, next: Phrase | undefined, stop: RegExp): number {
  const at = text.slice(p.end).search(stop);
  const to = at < 0 ? text.length : p.end + at;
  return next && next.start < to ? next.start : to;
}

/** A step for the office's eye: the phrase and what it dates, up to the end of its clause. */
function step(text: string, p: Phrase, next: Phrase | undefined): string {
  const words = text.slice(p.start, end(text, p, next, CLAUSE_END));
  const clipped = words.length > MAX_STEP_TEXT ? `${words.slice(0, MAX_STEP_TEXT - 1)}…` : words;
  return `另有时限：${clipped}（${p.date}）`;
}

export function chooseDeadline(text: string, phrases: readonly Phrase[]): DeadlineReading {
  const dated = phrases.filter((p) => p.kind === 'date' && p.date !== null);
  const warnings = phrases.flatMap((p) => (p.warning ? [p.warning] : []));
  const pick = (p: Phrase, extra = '', notes: string[] = []): DeadlineReading => ({
    deadline: p.date,
    deadline_basis: `${p.text}（${p.note}）${extra}`,
    deadline_provisional: p.provisional,
    deadline_rule: p.rule,
    notes: [...warnings, ...notes],
  });
  if (dated.length > 0) {
    const scopes = dated.map((p, i) => scope(text, p, dated[i + 1]));
    const reaching = dated.filter((_, i) => TO_COUNTY.test(scopes[i] ?? ''));
    const pool = reaching.length > 0 ? reaching : dated;
    const chosen = pool.reduce((a, b) => ((b.date ?? '') < (a.date ?? '') ? b : a));
    const others = dated.filter((p) => p.date !== chosen.date);
    if (others.length === 0) return pick(chosen);
    const quoted = [...new Set(others.map((p) => p.text))].join('”“');
    const steps = others.map((p) => step(text, p, dated[dated.indexOf(p) + 1]));
    const why = reaching.length > 0 ? '以报送县政府（办）、领导或督查室的时限为准' : '取最早';
    return pick(chosen, `；另有时限“${quoted}”，${why}`, steps);
  }
  const urgent = phrases.find((p) => p.kind === 'urgent');
  if (urgent) return pick(urgent);
  if (phrases.some((p) => p.kind === 'long_term'))
    return { ...NONE, deadline_basis: '长期事项', notes: warnings };
  const unresolved = phrases.find((p) => p.kind === 'date');
  return unresolved
    ? { ...NONE, deadline_basis: `${unresolved.text}（${unresolved.note}）`, notes: warnings }
    : { ...NONE, notes: warnings };
}
