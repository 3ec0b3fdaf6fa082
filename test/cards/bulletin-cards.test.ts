import { describe, expect, it } from 'vitest';
import {
  buildBulletinCard,
  buildCriticismCard,
  buildCriticismNoticeCard,
  buildItemListCard,
  buildStatsCard,
  bulletinDecision,
  CardActionSchema,
  type ItemListEntry,
} from '../../cards/index.ts';
import type { CriticismUnit } from '../../src/domain/bulletin.ts';
import { emptyStateCounts, type UnitFigures } from '../../src/domain/figures.ts';
import { CRITICISM, figures, PERIOD } from './bulletin-fixtures.ts';
import { chars, NASTY } from './fixtures.ts';
import { buttonLabels, buttonsOf, expectValid, markdownOf } from './helpers.ts';

describe('card values', () => {
  it('round-trips the bulletin decision and refuses anything else', () => {
    const value = bulletinDecision('bulletin_publish', 7);
    expect(CardActionSchema.safeParse(JSON.parse(JSON.stringify(value)))).toEqual({
      success: true,
      data: value,
    });
    expect(CardActionSchema.safeParse({ a: 'bulletin_drop', b: '7' }).data).toEqual({
      a: 'bulletin_drop',
      b: 7,
    });
    expect(CardActionSchema.safeParse({ a: 'bulletin_publish', b: 7, by: 'ou_x' }).success).toBe(false);
    expect(CardActionSchema.safeParse({ a: 'bulletin_publish', b: 0 }).success).toBe(false);
  });
});

describe('通报批评', () => {
  const input = { bulletinId: 7, period: PERIOD, criticism: CRITICISM, criticiseAfterWorkdays: 5 };

  it('the draft asks the office: 同意发布 / 不发布', () => {
    const card = expectValid(buildCriticismCard(input));
    expect(buttonsOf(card).map((b) => [b.label, b.value])).toEqual([
      ['同意发布', { a: 'bulletin_publish', b: 7 }],
      ['不发布', { a: 'bulletin_drop', b: 7 }],
    ]);
    const text = markdownOf(card);
    expect(text).toContain('县教育局');
    expect(text).toContain('逾期 18 个工作日');
    expect(text).toContain('督查室列入通报：推进不力');
    expect(text).not.toContain('<at');
    expect(card.header?.title.content).toBe('通报批评名单（待审核）');
  });

  it('once decided, shows the outcome instead of the buttons', () => {
    const published = expectValid(
      buildCriticismCard({ ...input, decision: { status: 'published', by: '周敏', at: '2026-10-23 17:00' } }),
    );
    expect(buttonLabels(published)).toEqual([]);
    expect(markdownOf(published)).toMatch(/周敏 于 2026-10-23 17&#58;00 决定：.*同意发布/);
    const dropped = expectValid(
      buildCriticismCard({ ...input, decision: { status: 'dropped', by: '周敏', at: '2026-10-23 17:00' } }),
    );
    expect(dropped.header?.title.content).toBe('通报批评名单（不发布）');
  });

  it('the published notice names the units, with no buttons', () => {
    const card = expectValid(buildCriticismNoticeCard({ ...input, publishedAt: '2026-10-23 17:00' }));
    expect(buttonLabels(card)).toEqual([]);
    expect(markdownOf(card)).toContain('县发展和改革局');
    expect(card.header?.title.content).toBe('督查专报 · 通报批评');
  });

  it('fits 30 KB however long the list', () => {
    const entry = { itemId: 1, number: '督〔2026〕1号', deadline: null, overdueWorkdays: 9, flagged: true };
    const many: CriticismUnit[] = Array.from({ length: 40 }, (_, u) => ({
      unitId: u,
      unitName: `单位${u}`,
      items: Array.from({ length: 10 }, () => ({ ...entry, title: chars('长', 200), reason: NASTY })),
    }));
    expect(markdownOf(expectValid(buildCriticismCard({ ...input, criticism: many })))).toContain('未列出');
    expectValid(buildCriticismNoticeCard({ ...input, criticism: many }));
  });
});

describe('督查专报 card', () => {
  it('carries no named criticism, even when handed a whole bulletin', () => {
    const card = expectValid(buildBulletinCard({ figures: figures(3), now: '2026-10-23 16:00' }));
    const text = markdownOf(card);
    expect(text).not.toMatch(/批评|县发展和改革局|县教育局|推进不力/);
    expect(buttonLabels(card)).toEqual([]);
    expect(text).toContain('已逾期 6 个工作日');
    expect(text).toContain('按时办结率');
  });

  it('stays under 30 KB with 300 items of hostile titles', () => {
    const card = expectValid(buildBulletinCard({ figures: figures(300, `${NASTY}${chars('长', 80)}`) }));
    const text = markdownOf(card);
    expect(text).toContain('未列出');
    expect(text).not.toContain('<at');
  });
});

describe('统计 card', () => {
  const units: UnitFigures[] = Array.from({ length: 20 }, (_, i) => ({
    unitId: i + 1,
    unitName: `单位${i + 1}`,
    led: i,
    open: 1,
    completed: 2,
    completedOnTime: 1,
    overdueNow: i % 4,
    onTimeRate: i === 0 ? null : 0.5,
  }));
  const input = {
    units,
    counts: { ...emptyStateCounts(), in_progress: 5 },
    totals: { led: 190, open: 20, completed: 40, completedOnTime: 20, overdueNow: 28, onTimeRate: 0.5 },
    today: '2026-10-23',
  };

  it('shows the top N units, those with overdue items first, with a note', () => {
    const card = expectValid(buildStatsCard(input));
    const rows = card.body.elements.filter((e) => e.tag === 'column_set');
    expect(rows).toHaveLength(11);
    const text = markdownOf(card);
    expect(text).toContain('仅显示前 10 个单位（共 19 个）');
    expect(text).toContain('另有 1 个单位无牵头事项');
    const firstRow = rows[1];
    const firstCell = firstRow?.tag === 'column_set' ? firstRow.columns[0]?.elements[0] : undefined;
    expect(firstCell).toMatchObject({ content: '单位20' });
    expect(
      buildStatsCard({ ...input, topN: 50 }).body.elements.filter((e) => e.tag === 'column_set'),
    ).toHaveLength(13);
  });
});

describe('item list card', () => {
  const items: ItemListEntry[] = Array.from({ length: 300 }, (_, i) => ({
    id: i + 1,
    version: 2,
    number: `督〔2026〕${i + 1}号`,
    title: `${NASTY}${chars('事', 100)}`,
    state: 'in_progress',
    leadUnitName: '县住房和城乡建设局',
    deadline: '2026-10-15',
    colour: 'red',
    overdueWorkdays: i % 3,
  }));

  it('shows one page of 10 with 查看 and paging, under 30 KB', () => {
    const card = expectValid(
      buildItemListCard({ kind: 'overdue', items, page: 15, now: '2026-10-23 16:00' }),
    );
    const buttons = buttonsOf(card);
    expect(buttons.filter((b) => b.label === '查看').map((b) => b.value)).toEqual(
      Array.from({ length: 10 }, (_, i) => ({ a: 'detail', i: 141 + i, v: 2 })),
    );
    expect(buttons.filter((b) => b.label !== '查看').map((b) => [b.label, b.value])).toEqual([
      ['上一页', { a: 'page', k: 'overdue', p: 14 }],
      ['下一页', { a: 'page', k: 'overdue', p: 16 }],
    ]);
    expect(markdownOf(card)).toContain('第 15/30 页，共 300 项');
    expect(card.header?.title.content).toBe('逾期事项');
  });

  it('clamps the page and drops the buttons that lead nowhere', () => {
    expect(
      buttonLabels(buildItemListCard({ kind: 'mine', items, page: 1 })).filter((l) => l !== '查看'),
    ).toEqual(['下一页']);
    const last = expectValid(buildItemListCard({ kind: 'mine', items, page: 999 }));
    expect(buttonLabels(last).filter((l) => l !== '查看')).toEqual(['上一页']);
    expect(markdownOf(last)).toContain('第 30/30 页');
    const empty = expectValid(buildItemListCard({ kind: 'mine', items: [], page: 1 }));
    expect(buttonLabels(empty)).toEqual([]);
    expect(markdownOf(empty)).toContain('没有在办');
  });
});
