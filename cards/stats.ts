/**
 * 统计: each unit's on-time rate as a bar chart against the county average (a paged table past 25
 * units), then the figures per lead unit as a small table (one column_set per row), the units
 * needing attention first, cut to the top N with a note: the full table is the ledger export.
 */
import {
  byAttention,
  rateText,
  type StateCounts,
  type Totals,
  type UnitFigures,
} from '../src/domain/figures.ts';
import { unitRateElements } from './charts.ts';
import type { Card, CardElement, ColumnSet, Markdown } from './components.ts';
import { md, oneLine } from './escape.ts';
import { coloured, stateBreakdown } from './figure-parts.ts';
import { card, markdown, notation } from './ui.ts';

export type StatsCardInput = {
  /** e.g. '2026-09-01 至 2026-10-31 交办的事项'; null for all items. */
  rangeLabel?: string | null;
  units: readonly UnitFigures[];
  counts: StateCounts;
  totals: Totals;
  /** Beijing date the figures were taken on. */
  today: string;
  /** Rows to show (default 10, at most 12: each row costs 13 of the card's 200 components). */
  topN?: number;
};

export const STATS_TOP_DEFAULT = 10;
export const STATS_TOP_MAX = 12;

const HEADERS = ['单位', '牵头', '在办', '办结', '逾期', '按时率'] as const;

const cell = (content: string, header: boolean): Markdown => ({
  tag: 'markdown',
  content: header ? `**${content}**` : content,
  text_size: header ? 'notation' : 'normal',
  text_align: 'left',
});

function row(cells: readonly string[], header = false): ColumnSet {
  return {
    tag: 'column_set',
    flex_mode: 'none',
    horizontal_spacing: 'small',
    columns: cells.map((content, i) => ({
      tag: 'column',
      width: 'weighted',
      // The unit name gets the room; the numbers are short.
      weight: i === 0 ? 3 : 1,
      vertical_align: 'center',
      elements: [cell(content, header)],
    })),
  };
}

function unitRow(u: UnitFigures): ColumnSet {
  const overdue = u.overdueNow > 0 ? md`${coloured('red', String(u.overdueNow))}` : String(u.overdueNow);
  return row([
    md`${oneLine(u.unitName, 16)}`,
    String(u.led),
    String(u.open),
    String(u.completed),
    overdue,
    rateText(u.onTimeRate),
  ]);
}

export function buildStatsCard(input: StatsCardInput): Card {
  const top = Math.max(1, Math.min(STATS_TOP_MAX, input.topN ?? STATS_TOP_DEFAULT));
  const active = input.units.filter((u) => u.led > 0).sort(byAttention);
  const shown = active.slice(0, top);
  const t = input.totals;
  const elements: CardElement[] = [
    markdown(
      [
        md`**${input.rangeLabel ?? '全部督查事项'}**：共 **${t.led}** 件，${stateBreakdown(input.counts)}。`,
        md`办结 ${t.completed} 件，其中按时 ${t.completedOnTime} 件，按时办结率 **${rateText(t.onTimeRate)}**；当前逾期 **${t.overdueNow}** 件。`,
      ].join('\n'),
    ),
  ];
  if (shown.length === 0) {
    elements.push(markdown('该范围内没有牵头单位的督查事项。'));
  } else {
    elements.push(...unitRateElements(active), row(HEADERS, true), ...shown.map(unitRow));
  }
  const notes = ['按当前逾期件数、牵头件数排序', '按时率 = 按时办结 ÷ 办结'];
  if (active.length > shown.length) notes.push(`仅显示前 ${shown.length} 个单位（共 ${active.length} 个）`);
  const idle = input.units.length - active.length;
  if (idle > 0) notes.push(`另有 ${idle} 个单位无牵头事项`);
  elements.push(notation(md`${notes.join('；')}。完整数据请导出督查台账。数据截至 ${input.today}。`));
  return card(
    { title: '督查事项统计', subtitle: input.rangeLabel ?? '全部督查事项', template: 'blue' },
    `督查事项统计：共 ${t.led} 件，逾期 ${t.overdueNow} 件`,
    elements,
  );
}
