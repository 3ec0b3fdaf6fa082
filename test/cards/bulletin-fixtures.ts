/** Bulletin figures for the card tests: a small criticism list and n-sized lists of everything. */
import type { Bulletin, CriticismUnit } from '../../src/domain/bulletin.ts';
import { emptyStateCounts, type UnitFigures } from '../../src/domain/figures.ts';
import { NASTY } from './fixtures.ts';

export const PERIOD = { from: '2026-10-19', to: '2026-10-23' };

export const CRITICISM: CriticismUnit[] = [
  {
    unitId: 5,
    unitName: '县教育局',
    items: [
      {
        itemId: 12,
        number: '督〔2026〕12号',
        title: '学校食堂检查',
        deadline: '2026-09-22',
        overdueWorkdays: 18,
        flagged: false,
        reason: null,
      },
    ],
  },
  {
    unitId: 3,
    unitName: '县发展和改革局',
    items: [
      {
        itemId: 8,
        number: '督〔2026〕8号',
        title: '重点项目前期工作',
        deadline: '2026-10-29',
        overdueWorkdays: 0,
        flagged: true,
        reason: `推进不力${NASTY}`,
      },
    ],
  },
];

export function figures(n: number, title = '事项'): Bulletin {
  const unit = (i: number) => `单位${i % 30}`;
  const rate = (i: number): UnitFigures => ({
    unitId: i,
    unitName: unit(i),
    led: 3,
    open: 1,
    completed: 2,
    completedOnTime: 1,
    overdueNow: 1,
    onTimeRate: 0.5,
  });
  return {
    period: PERIOD,
    today: '2026-10-23',
    counts: { ...emptyStateCounts(), in_progress: n, completed: n },
    total: 2 * n,
    issuedInPeriod: n,
    completedInPeriod: n,
    overdueNow: n,
    criticiseAfterWorkdays: 5,
    completed: Array.from({ length: n }, (_, i) => ({
      itemId: i + 1,
      number: `督〔2026〕${i + 1}号`,
      title,
      unitName: unit(i),
      completedOn: '2026-10-20',
      deadline: '2026-10-21',
      onTime: i % 2 === 0,
    })),
    overdueByUnit: Array.from({ length: Math.min(n, 30) }, (_, u) => ({
      unitId: u,
      unitName: unit(u),
      items: Array.from({ length: Math.ceil(n / 30) }, (_, i) => ({
        itemId: 1000 + i,
        number: `督〔2026〕${1000 + i}号`,
        title,
        state: 'in_progress' as const,
        deadline: '2026-10-15',
        overdueWorkdays: 6,
      })),
    })),
    rates: Array.from({ length: Math.min(n, 40) }, (_, i) => rate(i)),
    criticism: CRITICISM,
  };
}
