/**
 * Charts for the 督查专报 and 统计 cards. Labels are Chinese and the data arrays short, so a card with
 * four charts stays far below 30 KB; past MAX_CHART_UNITS bars a chart is unreadable on a phone and
 * the figures go into a paged table instead.
 */
import type { BulletinCharts, ColourCounts, TrendPoint } from '../src/domain/bulletin-charts.ts';
import { onTimeRate, type UnitFigures } from '../src/domain/figures.ts';
import type { Chart, ChartDatum, Table, TableColumn } from './chart-types.ts';
import type { CardElement } from './components.ts';
import { oneLine } from './escape.ts';
import { notation } from './ui.ts';

export const MAX_CHART_UNITS = 25;

/** Feishu's red, yellow and green, in the order of COLOURS. */
const COLOUR_HEX = ['#F54A45', '#FFC60A', '#34C724'];
const COLOURS: readonly { key: keyof ColourCounts; label: string }[] = [
  { key: 'red', label: '红灯（已逾期）' },
  { key: 'yellow', label: '黄灯（临期或久未反馈）' },
  { key: 'green', label: '绿灯（正常推进）' },
];

const percent = (rate: number): number => Math.round(rate * 100);
const unitLabel = (name: string): string => oneLine(name, 30);
/** One bar per row, plus room for the title and the axis. */
const barHeight = (rows: number): string => `${Math.min(999, 90 + 30 * rows)}px`;

/** Units with a rate, best first (then the busiest, then directory order). */
export function rankedRates(units: readonly UnitFigures[]): UnitFigures[] {
  return units
    .filter((u) => u.onTimeRate !== null)
    .sort(
      (a, b) => (b.onTimeRate ?? 0) - (a.onTimeRate ?? 0) || b.completed - a.completed || a.unitId - b.unitId,
    );
}

/** Completed on time over completed, summed over the units (not a mean of their rates). */
export function averageRate(units: readonly UnitFigures[]): number | null {
  const completed = units.reduce((n, u) => n + u.completed, 0);
  return onTimeRate(
    units.reduce((n, u) => n + u.completedOnTime, 0),
    completed,
  );
}

function rateChart(ranked: readonly UnitFigures[], average: number): Chart {
  const avg = percent(average);
  return {
    tag: 'chart',
    height: barHeight(ranked.length),
    chart_spec: {
      type: 'bar',
      direction: 'horizontal',
      title: { visible: true, text: '各单位按时办结率（%）' },
      data: {
        values: ranked.map((u) => ({ unit: unitLabel(u.unitName), rate: percent(u.onTimeRate ?? 0) })),
      },
      xField: 'rate',
      yField: 'unit',
      label: { visible: true },
      axes: [
        { orient: 'bottom', type: 'linear', min: 0, max: 100 },
        { orient: 'left', type: 'band' },
      ],
      markLine: [{ x: avg, label: { visible: true, text: `全县平均 ${avg}%` } }],
    },
  };
}

const COUNT: Pick<TableColumn, 'data_type' | 'horizontal_align' | 'format'> = {
  data_type: 'number',
  horizontal_align: 'right',
  format: { precision: 0 },
};

function rateTable(ranked: readonly UnitFigures[]): Table {
  return {
    tag: 'table',
    page_size: 10,
    row_height: 'low',
    freeze_first_column: true,
    header_style: { background_style: 'grey', bold: true },
    columns: [
      { name: 'unit', display_name: '单位', data_type: 'text', width: 'auto' },
      { name: 'led', display_name: '牵头', ...COUNT },
      { name: 'completed', display_name: '办结', ...COUNT },
      { name: 'onTime', display_name: '按时', ...COUNT },
      { name: 'rate', display_name: '按时办结率', data_type: 'text', horizontal_align: 'right' },
      { name: 'overdue', display_name: '逾期', ...COUNT },
    ],
    rows: ranked.map((u) => ({
      unit: unitLabel(u.unitName),
      led: u.led,
      completed: u.completed,
      onTime: u.completedOnTime,
      rate: `${percent(u.onTimeRate ?? 0)}%`,
      overdue: u.overdueNow,
    })),
  };
}

/**
 * 各单位按时办结率: a sorted bar chart with the county average line, or a table past
 * MAX_CHART_UNITS units, with a note. Empty when no unit completed anything.
 */
export function unitRateElements(units: readonly UnitFigures[]): CardElement[] {
  const ranked = rankedRates(units);
  const average = averageRate(ranked);
  if (average === null) return [];
  const notes = [`全县平均按时办结率 ${percent(average)}%`];
  const idle = units.length - ranked.length;
  if (idle > 0) notes.push(`另有 ${idle} 个单位尚无办结事项，未列入`);
  if (ranked.length > MAX_CHART_UNITS) {
    notes.push(`共 ${ranked.length} 个单位，按按时办结率排序，表格可翻页`);
    return [rateTable(ranked), notation(`${notes.join('；')}。`)];
  }
  return [rateChart(ranked, average), notation(`${notes.join('；')}。`)];
}

/** Open items by warning colour (a ring), null when nothing is open. */
export function colourChart(open: ColourCounts): Chart | null {
  const shown = COLOURS.map((c, i) => ({ ...c, hex: COLOUR_HEX[i] ?? '#8F959E' })).filter(
    (c) => open[c.key] > 0,
  );
  if (shown.length === 0) return null;
  return {
    tag: 'chart',
    aspect_ratio: '4:3',
    chart_spec: {
      type: 'pie',
      title: { visible: true, text: '在办事项预警情况（件）' },
      data: { values: shown.map((c) => ({ colour: c.label, count: open[c.key] })) },
      valueField: 'count',
      categoryField: 'colour',
      innerRadius: 0.5,
      outerRadius: 0.85,
      label: { visible: true },
      legends: { visible: true, orient: 'bottom' },
      color: shown.map((c) => c.hex),
    },
  };
}

/** Open items per source, stacked by colour; every colour listed for every source keeps the palette in step. */
export function sourceChart(bySource: BulletinCharts['bySource']): Chart | null {
  if (bySource.length === 0) return null;
  const values: ChartDatum[] = bySource.flatMap((row) =>
    COLOURS.map((c) => ({ source: row.source, colour: c.label, count: row[c.key] })),
  );
  return {
    tag: 'chart',
    height: barHeight(bySource.length + 1),
    chart_spec: {
      type: 'bar',
      direction: 'horizontal',
      title: { visible: true, text: '在办事项来源分布（件）' },
      data: { values },
      xField: 'count',
      yField: 'source',
      seriesField: 'colour',
      stack: true,
      legends: { visible: true, orient: 'bottom' },
      color: COLOUR_HEX,
    },
  };
}

/** Overdue items at the end of each week (MM-DD), with a note on estimated weeks. */
export function trendElements(points: readonly TrendPoint[]): CardElement[] {
  if (points.length < 2) return [];
  const chart: Chart = {
    tag: 'chart',
    aspect_ratio: '2:1',
    chart_spec: {
      type: 'line',
      title: { visible: true, text: `近 ${points.length} 周逾期事项（件，每周末）` },
      data: { values: points.map((p) => ({ week: p.weekEnd.slice(5), overdue: p.overdue })) },
      xField: 'week',
      yField: 'overdue',
      label: { visible: true },
      point: { visible: true },
      axes: [
        { orient: 'bottom', type: 'band' },
        { orient: 'left', type: 'linear', min: 0 },
      ],
    },
  };
  const estimated = points.filter((p) => p.estimated).length;
  if (estimated === 0) return [chart];
  return [chart, notation(`其中 ${estimated} 周无专报留存，按事项交办、办结日期和现行办理时限推算。`)];
}
