/**
 * 督查专报: the figures of a period for the leaders' group, and the 通报批评 list that waits as a
 * draft until the office approves it (a human decides before a unit is named in a group).
 */
import type { Db } from '../db/client.ts';
import {
  type BulletinOrigin,
  type BulletinRecord,
  decideBulletinRow,
  findBulletin,
  insertBulletin,
} from '../db/queries/bulletins.ts';
import { criticismFlags, listPeriodItems } from '../db/queries/period-items.ts';
import type { TenantContext } from '../db/queries/tenants.ts';
import { listUnits } from '../db/queries/units.ts';
import { assembleBulletin, type Bulletin } from '../domain/bulletin.ts';
import { addDays, beijingDate } from '../domain/calendar/index.ts';
import type { Period } from '../domain/figures.ts';
import { type Failure, fail, ok, type Result } from '../lib/result.ts';
import { bulletinCharts } from './bulletin-charts.ts';
import { bulletinProposalLine } from './proposals/report.ts';

/** The bulletin's figures for `period` (Beijing dates, inclusive), taken at `now`. */
export async function buildBulletin(
  db: Db,
  ctx: TenantContext,
  period: Period,
  now: Date,
): Promise<Bulletin> {
  const { tenantKey } = ctx;
  const [items, units, flagged] = await Promise.all([
    listPeriodItems(db, tenantKey, { issuedTo: period.to, closedNotBefore: period.from }),
    listUnits(db, tenantKey, { includeRemoved: true }),
    criticismFlags(db, tenantKey, period.from, period.to),
  ]);
  const inScope = new Set(items.map((i) => i.id));
  const outside = [...flagged.keys()].filter((id) => !inScope.has(id));
  const flaggedOutside = outside.length > 0 ? await listPeriodItems(db, tenantKey, { ids: outside }) : [];
  const today = beijingDate(now);
  const bulletin = assembleBulletin({
    period,
    today,
    items,
    flagged,
    flaggedItems: [...items.filter((i) => flagged.has(i.id)), ...flaggedOutside],
    units,
    calendar: ctx.calendar,
    criticiseAfterWorkdays: ctx.settings.followup.criticiseAfterWorkdays,
  });
  const charts = await bulletinCharts(db, ctx, period, today, items, bulletin.overdueNow);
  const proposals = await bulletinProposalLine(db, tenantKey, period);
  return { ...bulletin, charts, ...(proposals ? { proposals } : {}) };
}

/** The week ending today (Beijing): what the weekly bulletin and the 专报 command cover. */
export function bulletinPeriod(now: Date): Period {
  const to = beijingDate(now);
  return { from: addDays(to, -6), to };
}

export type SavedBulletin = { record: BulletinRecord; bulletin: Bulletin; created: boolean };

/**
 * Builds and stores a bulletin. With a criticism list it is a draft awaiting the office; without
 * one there is nothing to approve and it is stored as published. A scheduled bulletin is stored
 * once per period (a retried job gets the first one back, `created: false`).
 */
export async function saveBulletin(
  db: Db,
  ctx: TenantContext,
  period: Period,
  now: Date,
  origin: BulletinOrigin = 'manual',
): Promise<SavedBulletin> {
  const { criticism, ...figures } = await buildBulletin(db, ctx, period, now);
  const pending = criticism.length > 0;
  const { record, created } = await insertBulletin(db, ctx.tenantKey, {
    period,
    origin,
    figures,
    criticism,
    status: pending ? 'draft' : 'published',
    decidedAt: pending ? null : now,
  });
  return { record, bulletin: { ...record.figures, criticism: record.criticism }, created };
}

export type BulletinDecision = 'publish' | 'drop';
export type DecideError = Failure<'not_found' | 'already_decided'>;

/**
 * Records the office's decision on a draft's criticism list. The caller checks that `actor` is
 * office staff (the verified identity, never a card value) and sends the published notice.
 */
export async function decideBulletin(
  db: Db,
  tenantKey: string,
  id: number,
  decision: BulletinDecision,
  actor: string,
  now: Date,
): Promise<Result<BulletinRecord, DecideError>> {
  const status = decision === 'publish' ? 'published' : 'dropped';
  const decided = await decideBulletinRow(db, tenantKey, id, status, actor, now);
  if (decided) return ok(decided);
  const existing = await findBulletin(db, tenantKey, id);
  if (!existing) return fail('not_found', '未找到该督查专报');
  const done = existing.status === 'published' ? '已发布' : '已决定不发布';
  return fail('already_decided', `该通报批评${done}，无需重复处理`);
}
