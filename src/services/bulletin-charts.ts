/** The 督查专报's chart figures (src/domain/bulletin-charts.ts) for a period, read from the database. */
import type { Db } from '../db/client.ts';
import { overdueSnapshots } from '../db/queries/bulletins.ts';
import { listPeriodItems } from '../db/queries/period-items.ts';
import type { TenantContext } from '../db/queries/tenants.ts';
import {
  type BulletinCharts,
  type ChartItem,
  openByColour,
  overdueTrend,
  trendWeekEnds,
} from '../domain/bulletin-charts.ts';
import { addDays, type IsoDate } from '../domain/calendar/index.ts';
import type { Period } from '../domain/figures.ts';

/** `scope` are the bulletin's items; `overdueNow` its current overdue count (the trend's last point). */
export async function bulletinCharts(
  db: Db,
  ctx: TenantContext,
  period: Period,
  today: IsoDate,
  scope: readonly ChartItem[],
  overdueNow: number,
): Promise<BulletinCharts> {
  const weekEnds = trendWeekEnds(period.to);
  const oldest = weekEnds[0] ?? period.to;
  const [snapshots, history] = await Promise.all([
    overdueSnapshots(db, ctx.tenantKey, addDays(oldest, -6), addDays(period.to, -1)),
    listPeriodItems(db, ctx.tenantKey, { issuedTo: period.to, closedNotBefore: oldest }),
  ]);
  return {
    ...openByColour(scope, today, ctx.calendar, ctx.settings.warning),
    overdueTrend: overdueTrend(weekEnds, overdueNow, snapshots, history),
  };
}
