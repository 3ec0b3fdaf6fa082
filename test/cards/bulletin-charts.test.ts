import { describe, expect, it } from 'vitest';
import type { Chart, Table } from '../../cards/chart-types.ts';
import { averageRate, MAX_CHART_UNITS } from '../../cards/charts.ts';
import {
  buildBulletinCard,
  buildStatsCard,
  cardBytes,
  MAX_CARD_BYTES,
  validateCard,
} from '../../cards/index.ts';
import type { Bulletin } from '../../src/domain/bulletin.ts';
import { emptyStateCounts, type UnitFigures } from '../../src/domain/figures.ts';
import { chars, NASTY } from './fixtures.ts';
import { elementsOf, expectValid, markdownOf } from './helpers.ts';

/** n units with distinct long names and different rates; 300 items of hostile titles in the lists. */
function unitsOf(n: number): UnitFigures[] {
  return Array.from({ length: n }, (_, i) => ({
    unitId: i + 1,
    unitName: `县第${i + 1}综合行政执法和城市管理服务中心`,
    led: 10,
    open: 3,
    completed: 5 + (i % 4),
    completedOnTime: (i * 7) % (5 + (i % 4) + 1),
    overdueNow: i % 3,
    onTimeRate: ((i * 7) % (5 + (i % 4) + 1)) / (5 + (i % 4)),
  }));
}

function bulletinWith(units: number, items = 300): Bulletin {
  const title = `${NASTY}${chars('长', 60)}`;
  return {
    period: { from: '2026-10-17', to: '2026-10-23' },
    today: '2026-10-23',
    counts: { ...emptyStateCounts(), in_progress: items, completed: items },
    total: 2 * items,
    issuedInPeriod: items,
    completedInPeriod: items,
    overdueNow: items,
    criticiseAfterWorkdays: 5,
    completed: Array.from({ length: items }, (_, i) => ({
      itemId: i + 1,
      number: `督〔2026〕${i + 1}号`,
      title,
      unitName: `单位${i}`,
      completedOn: '2026-10-20',
      deadline: '2026-10-21',
      onTime: i % 2 === 0,
    })),
    overdueByUnit: Array.from({ length: units }, (_, u) => ({
      unitId: u + 1,
      unitName: `单位${u}`,
      items: Array.from({ length: Math.ceil(items / units) }, (_, i) => ({
        itemId: 1000 + i,
        number: `督〔2026〕${1000 + i}号`,
        title,
        state: 'in_progress' as const,
        deadline: '2026-10-15',
        overdueWorkdays: 6,
      })),
    })),
    rates: unitsOf(units),
    charts: {
      open: { red: 12, yellow: 5, green: 40 },
      bySource: [
        { source: '领导批示', red: 8, yellow: 3, green: 20 },
        { source: '县政府会议议定事项', red: 4, yellow: 2, green: 15 },
        { source: '人大建议、政协提案', red: 0, yellow: 0, green: 5 },
      ],
      overdueTrend: Array.from({ length: 8 }, (_, i) => ({
        weekEnd: `2026-${i < 4 ? '09' : '10'}-${String(4 + i * 3).padStart(2, '0')}`,
        overdue: 10 - i,
        estimated: i < 3,
      })),
    },
    criticism: [],
  };
}

const charts = (elements: ReturnType<typeof elementsOf>): Chart[] =>
  elements.flatMap((e) => (e.tag === 'chart' ? [e] : []));
const tables = (elements: ReturnType<typeof elementsOf>): Table[] =>
  elements.flatMap((e) => (e.tag === 'table' ? [e] : []));

describe('督查专报 charts', () => {
  it.each([8, 26, 60])('%i units: valid under the strict schema and within 30 KB', (n) => {
    const card = expectValid(buildBulletinCard({ figures: bulletinWith(n), now: '2026-10-23 16:00' }));
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    const kinds = charts(elementsOf(card)).map((c) => c.chart_spec.type);
    // The ring, the source bars and the trend always; the unit bar only while it can be read.
    expect(kinds).toEqual(n > MAX_CHART_UNITS ? ['pie', 'bar', 'line'] : ['pie', 'bar', 'line', 'bar']);
    expect(tables(elementsOf(card))).toHaveLength(n > MAX_CHART_UNITS ? 1 : 0);
  });

  it('draws every unit sorted by rate, with the county average line', () => {
    const units = unitsOf(8);
    const card = expectValid(buildBulletinCard({ figures: bulletinWith(8) }));
    const bar = charts(elementsOf(card)).at(-1)?.chart_spec;
    if (bar?.type !== 'bar') throw new Error('no unit bar chart');
    const rates = bar.data.values.map((v) => v.rate);
    expect(rates).toEqual([...rates].sort((a, b) => Number(b) - Number(a)));
    expect(bar.data.values).toHaveLength(8);
    const expected = Math.round((averageRate(units) ?? 0) * 100);
    const total =
      units.reduce((n, u) => n + u.completedOnTime, 0) / units.reduce((n, u) => n + u.completed, 0);
    expect(expected).toBe(Math.round(total * 100));
    expect(bar.markLine).toEqual([{ x: expected, label: { visible: true, text: `全县平均 ${expected}%` } }]);
    expect(bar.title.text).toBe('各单位按时办结率（%）');
    expect(bar.data.values.map((v) => v.unit)).toContain('县第1综合行政执法和城市管理服务中心');
  });

  it('past 25 units lists them all in a paged table instead', () => {
    const card = expectValid(buildBulletinCard({ figures: bulletinWith(60) }));
    const [table] = tables(elementsOf(card));
    expect(table?.rows).toHaveLength(60);
    expect(table?.page_size).toBe(10);
    expect(table?.columns.map((c) => c.display_name)).toEqual([
      '单位',
      '牵头',
      '办结',
      '按时',
      '按时办结率',
      '逾期',
    ]);
    const rates = (table?.rows ?? []).map((r) => Number.parseInt(String(r.rate), 10));
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    expect(markdownOf(card)).toContain('共 60 个单位');
  });

  it('colours the ring red, yellow, green and notes the estimated weeks', () => {
    const card = expectValid(buildBulletinCard({ figures: bulletinWith(8) }));
    const [ring, sources, trend] = charts(elementsOf(card)).map((c) => c.chart_spec);
    expect(ring).toMatchObject({
      type: 'pie',
      data: {
        values: [
          { colour: '红灯（已逾期）', count: 12 },
          { colour: '黄灯（临期或久未反馈）', count: 5 },
          { colour: '绿灯（正常推进）', count: 40 },
        ],
      },
      color: ['#F54A45', '#FFC60A', '#34C724'],
    });
    if (sources?.type !== 'bar') throw new Error('no source chart');
    expect(sources.data.values.slice(0, 3).map((v) => v.colour)).toEqual([
      '红灯（已逾期）',
      '黄灯（临期或久未反馈）',
      '绿灯（正常推进）',
    ]);
    expect(trend).toMatchObject({
      type: 'line',
      data: { values: expect.arrayContaining([{ week: '09-04', overdue: 10 }]) },
    });
    expect(markdownOf(card)).toContain('其中 3 周无专报留存');
  });

  it('a bulletin stored before charts existed still renders, as text', () => {
    const { charts: _, ...old } = bulletinWith(8);
    const card = expectValid(buildBulletinCard({ figures: old }));
    expect(charts(elementsOf(card)).map((c) => c.chart_spec.type)).toEqual(['bar']);
  });
});

describe('统计 card chart', () => {
  it('carries the same per-unit bar as the 专报', () => {
    const units = unitsOf(8);
    const stats = expectValid(
      buildStatsCard({
        units,
        counts: emptyStateCounts(),
        totals: { led: 80, open: 24, completed: 50, completedOnTime: 20, overdueNow: 8, onTimeRate: 0.4 },
        today: '2026-10-23',
      }),
    );
    const bulletin = buildBulletinCard({ figures: bulletinWith(8) });
    expect(charts(elementsOf(stats))).toEqual(charts(elementsOf(bulletin)).slice(-1));
    const wide = expectValid(
      buildStatsCard({
        units: unitsOf(40),
        counts: emptyStateCounts(),
        totals: {
          led: 400,
          open: 120,
          completed: 260,
          completedOnTime: 100,
          overdueNow: 40,
          onTimeRate: 0.4,
        },
        today: '2026-10-23',
      }),
    );
    expect(tables(elementsOf(wide))[0]?.rows).toHaveLength(40);
  });
});

describe('strict chart schema', () => {
  const card = (element: unknown) => ({
    schema: '2.0',
    config: { update_multi: true },
    body: { elements: [element] },
  });
  const bar = {
    tag: 'chart',
    chart_spec: {
      type: 'bar',
      title: { visible: true, text: '测试' },
      data: { values: [{ unit: '县财政局', rate: 50 }] },
      xField: 'rate',
      yField: 'unit',
    },
  };

  it('accepts the fields the builders use and nothing else', () => {
    expect(validateCard(card(bar)).ok).toBe(true);
    const withFormatter = {
      ...bar,
      chart_spec: { ...bar.chart_spec, label: { visible: true, formatMethod: 'x' } },
    };
    expect(validateCard(card(withFormatter)).ok).toBe(false);
    const withTooltip = { ...bar, chart_spec: { ...bar.chart_spec, tooltip: { visible: true } } };
    expect(validateCard(card(withTooltip)).ok).toBe(false);
    const withObject = {
      ...bar,
      chart_spec: { ...bar.chart_spec, data: { values: [{ unit: { toString: 'function () {}' } }] } },
    };
    expect(validateCard(card(withObject)).ok).toBe(false);
    expect(validateCard(card({ ...bar, height: '1200px' })).ok).toBe(false);
  });

  it('refuses a table inside a column and more than five charts', () => {
    const table = {
      tag: 'table',
      columns: [{ name: 'unit', display_name: '单位', data_type: 'text' }],
      rows: [{ unit: '县财政局' }],
    };
    expect(validateCard(card(table)).ok).toBe(true);
    const nested = {
      tag: 'column_set',
      columns: [{ tag: 'column', elements: [table] }],
    };
    const refused = validateCard(card(nested));
    expect(refused.ok ? '' : refused.error.message).toContain('表格只能放在卡片根节点');
    const six = { ...card(bar), body: { elements: Array.from({ length: 6 }, () => bar) } };
    const tooMany = validateCard(six);
    expect(tooMany.ok ? '' : tooMany.error.message).toContain('图表 6 个');
  });
});
