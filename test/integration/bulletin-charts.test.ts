import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBulletinCard } from '../../cards/bulletin.ts';
import { insertBulletin } from '../../src/db/queries/bulletins.ts';
import { loadTenantContext, type TenantContext } from '../../src/db/queries/tenants.ts';
import { buildBulletin } from '../../src/services/bulletin.ts';
import { elementsOf, expectValid } from '../cards/helpers.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { SAMPLE } from '../support/directory.ts';
import { NOW, seedScenario, WEEK } from '../support/figures-scenario.ts';

let t: TestDb;
let ctx: TenantContext;
beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db);
  ctx = await loadTenantContext(t.db, SAMPLE.tenantKey);
});
afterAll(async () => t.drop());

describe('督查专报 chart figures', () => {
  it('counts today’s open items by warning colour and by source', async () => {
    const { charts } = await buildBulletin(t.db, ctx, WEEK, NOW);
    // Red: past the deadline (D, E, G, P). Yellow: quiet for 5+ working days (C, H). Green: M.
    expect(charts?.open).toEqual({ red: 4, yellow: 2, green: 1 });
    expect(charts?.bySource).toEqual([{ source: '领导批示', red: 4, yellow: 2, green: 1 }]);
  });

  it('estimates weeks without a stored 专报 from the items’ dates, and prefers what was reported', async () => {
    const before = await buildBulletin(t.db, ctx, WEEK, NOW);
    expect(before.charts?.overdueTrend).toEqual([
      // 防汛物资储备 (due 09-03, 办结 09-10) is overdue on 09-04 only; 学校食堂检查 from 09-23 on;
      // 财政资金直达 from 10-16; the last point is today's figure.
      { weekEnd: '2026-09-04', overdue: 1, estimated: true },
      { weekEnd: '2026-09-11', overdue: 0, estimated: true },
      { weekEnd: '2026-09-18', overdue: 0, estimated: true },
      { weekEnd: '2026-09-25', overdue: 1, estimated: true },
      { weekEnd: '2026-10-02', overdue: 1, estimated: true },
      { weekEnd: '2026-10-09', overdue: 1, estimated: true },
      { weekEnd: '2026-10-16', overdue: 2, estimated: true },
      { weekEnd: '2026-10-23', overdue: 4, estimated: false },
    ]);
    // The 专报 of the week ending Thursday 10-15 reported 3: that figure stands for its week.
    const { criticism, ...figures } = before;
    await insertBulletin(t.db, SAMPLE.tenantKey, {
      period: { from: '2026-10-09', to: '2026-10-15' },
      origin: 'scheduled',
      figures: { ...figures, overdueNow: 3 },
      criticism,
      status: 'published',
      decidedAt: NOW,
    });
    const after = await buildBulletin(t.db, ctx, WEEK, NOW);
    expect(after.charts?.overdueTrend[6]).toEqual({ weekEnd: '2026-10-16', overdue: 3, estimated: false });
    expect(after.charts?.overdueTrend.slice(0, 6)).toEqual(before.charts?.overdueTrend.slice(0, 6));
    const card = expectValid(buildBulletinCard({ figures: after }));
    const charts = elementsOf(card).flatMap((e) => (e.tag === 'chart' ? [e.chart_spec.type] : []));
    expect(charts).toEqual(['pie', 'bar', 'line', 'bar']);
  });
});
