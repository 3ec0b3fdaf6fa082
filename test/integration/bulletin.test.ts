import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBulletinCard } from '../../cards/bulletin.ts';
import { loadTenantContext, type TenantContext } from '../../src/db/queries/tenants.ts';
import { buildBulletin, bulletinPeriod } from '../../src/services/bulletin.ts';
import { markdownOf } from '../cards/helpers.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { SAMPLE } from '../support/directory.ts';
import { NOW, type Scenario, seedScenario, WEEK } from '../support/figures-scenario.ts';

let t: TestDb;
let s: Scenario;
let ctx: TenantContext;
beforeAll(async () => {
  t = await createTestDb();
  s = await seedScenario(t.db);
  ctx = await loadTenantContext(t.db, SAMPLE.tenantKey);
});
afterAll(async () => t.drop());

const id = (key: string): number => s.ids[key] ?? 0;
const unit = (name: string): number => s.units[name] ?? 0;
const ref = (key: string, n: number, title: string) => ({
  itemId: id(key),
  number: `督〔2026〕${n}号`,
  title,
});

describe('督查专报 figures', () => {
  it('counts, completions, overdue by unit in working days, rates and the criticism list', async () => {
    // Seven days ending today, so weekly bulletins cover the calendar without gaps or overlaps.
    expect(bulletinPeriod(NOW)).toEqual({ from: '2026-10-17', to: '2026-10-23' });
    const { criticism, rates, charts, ...b } = await buildBulletin(t.db, ctx, WEEK, NOW);
    expect(b).toEqual({
      period: WEEK,
      today: '2026-10-23',
      counts: { issued: 2, in_progress: 4, submitted: 1, reassigning: 0, completed: 3, cancelled: 0 },
      total: 10,
      issuedInPeriod: 1,
      completedInPeriod: 3,
      overdueNow: 4,
      criticiseAfterWorkdays: 5,
      completed: [
        {
          ...ref('B', 2, '城区停车位规划'),
          unitName: '县住房和城乡建设局',
          completedOn: '2026-10-20',
          deadline: '2026-10-16',
          onTime: false,
        },
        {
          ...ref('N', 11, '农村公路养护'),
          unitName: '县交通运输局',
          completedOn: '2026-10-21',
          deadline: '2026-10-22',
          onTime: true,
        },
        {
          ...ref('F', 6, '地质灾害隐患点巡查'),
          unitName: '县自然资源局',
          completedOn: '2026-10-23',
          deadline: '2026-10-22',
          onTime: false,
        },
      ],
      overdueByUnit: [
        {
          unitId: unit('县教育局'),
          unitName: '县教育局',
          items: [
            {
              ...ref('P', 12, '学校食堂检查'),
              state: 'in_progress',
              deadline: '2026-09-22',
              overdueWorkdays: 18,
            },
          ],
        },
        {
          unitId: unit('县财政局'),
          unitName: '县财政局',
          items: [
            // 交办 2026-09-25 (中秋) + 10 working days across 国庆 = 10-15; 6 working days late on 10-23.
            {
              ...ref('D', 4, '财政资金直达'),
              state: 'in_progress',
              deadline: '2026-10-15',
              overdueWorkdays: 6,
            },
            {
              ...ref('E', 5, '政府债务风险排查'),
              state: 'issued',
              deadline: '2026-10-21',
              overdueWorkdays: 2,
            },
          ],
        },
        {
          unitId: unit('县自然资源局'),
          unitName: '县自然资源局',
          items: [
            {
              ...ref('G', 7, '耕地保护督查整改'),
              state: 'submitted',
              deadline: '2026-10-16',
              overdueWorkdays: 5,
            },
          ],
        },
      ],
    });
    expect(
      rates.map((r) => [
        r.unitName,
        r.led,
        r.open,
        r.completed,
        r.completedOnTime,
        r.overdueNow,
        r.onTimeRate,
      ]),
    ).toEqual([
      ['县住房和城乡建设局', 2, 1, 1, 0, 0, 0],
      ['县自然资源局', 2, 1, 1, 0, 1, 0],
      ['县发展和改革局', 1, 1, 0, 0, 0, null],
      ['县财政局', 2, 2, 0, 0, 2, null],
      ['县教育局', 1, 1, 0, 0, 1, null],
      ['县交通运输局', 1, 0, 1, 1, 0, 1],
      ['城关镇人民政府', 1, 1, 0, 0, 0, null],
    ]);
    // G is 5 working days late but waits for the office's review; E's flag is from the week before.
    expect(criticism).toEqual([
      {
        unitId: unit('县教育局'),
        unitName: '县教育局',
        items: [
          {
            ...ref('P', 12, '学校食堂检查'),
            deadline: '2026-09-22',
            overdueWorkdays: 18,
            flagged: false,
            reason: null,
          },
        ],
      },
      {
        unitId: unit('县财政局'),
        unitName: '县财政局',
        items: [
          {
            ...ref('D', 4, '财政资金直达'),
            deadline: '2026-10-15',
            overdueWorkdays: 6,
            flagged: true,
            reason: null,
          },
        ],
      },
      {
        unitId: unit('县住房和城乡建设局'),
        unitName: '县住房和城乡建设局',
        items: [
          {
            ...ref('A', 1, '老旧小区改造方案'),
            deadline: '2026-10-15',
            overdueWorkdays: 0,
            flagged: true,
            reason: '办理质量不高，群众反映强烈',
          },
        ],
      },
      {
        unitId: unit('县发展和改革局'),
        unitName: '县发展和改革局',
        items: [
          {
            ...ref('H', 8, '重点项目前期工作'),
            deadline: '2026-10-29',
            overdueWorkdays: 0,
            flagged: true,
            reason: '推进不力，敷衍应付',
          },
        ],
      },
    ]);
  });

  it('renders a valid bulletin card that names no one for criticism', async () => {
    const b = await buildBulletin(t.db, ctx, WEEK, NOW);
    const text = markdownOf(buildBulletinCard({ figures: b }));
    expect(text).toContain('县财政局');
    expect(text).not.toMatch(/批评|敷衍|群众反映/);
  });
});
