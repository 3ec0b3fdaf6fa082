/** Pieces shared by the statistics, bulletin and criticism cards. */
import type { CountedState, StateCounts } from '../src/domain/figures.ts';
import { STATE_LABELS } from '../src/domain/item.ts';
import { md, oneLine, type TrustedMarkdown, trusted } from './escape.ts';

/** Longest title shown in a list line; the ledger has the full text. */
export const TITLE_MAX = 40;

const SUMMARY_STATES: readonly CountedState[] = [
  'issued',
  'in_progress',
  'submitted',
  'reassigning',
  'completed',
  'cancelled',
];

/** '待签收 1 件、办理中 3 件…', skipping states with none (safe markdown). */
export function stateBreakdown(
  counts: StateCounts,
  states: readonly CountedState[] = SUMMARY_STATES,
): string {
  const parts = states.filter((s) => counts[s] > 0).map((s) => `${STATE_LABELS[s]} ${counts[s]} 件`);
  return parts.length > 0 ? parts.join('、') : '无';
}

/** '督〔2026〕3号 标题…' as safe markdown, the title cut to one line. */
export function itemLabel(item: { number: string | null; title: string }): string {
  return md`${item.number ?? '（无编号）'} ${oneLine(item.title, TITLE_MAX)}`;
}

/** Coloured words the code writes itself (never user text). */
export const coloured = (colour: 'red' | 'green' | 'orange' | 'grey', text: string): TrustedMarkdown =>
  trusted(`<font color='${colour}'>${text}</font>`);

/** 'YYYY-MM-DD 至 YYYY-MM-DD' */
export const periodText = (p: { from: string; to: string }): string => `${p.from} 至 ${p.to}`;

/** Keeps the first `max` lines and says how many were left out. */
export function capped(lines: readonly string[], max: number, unit = '项'): string[] {
  if (lines.length <= max) return [...lines];
  return [...lines.slice(0, max), `……另有 ${lines.length - max} ${unit}未列出，详见督查台账`];
}
