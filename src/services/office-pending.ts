/**
 * 督查室待办 (domain/office-pending.ts): the list behind the office's 待办 command, and each working
 * morning, from the send time to the end of office hours, one card to the office of what has waited
 * on it (or a leader) long enough. One card per tenant and day: its key is the day.
 */
import type { Card } from '../../cards/components.ts';
import { buildItemListCard, type ItemListEntry } from '../../cards/item-list.ts';
import type { Db } from '../db/client.ts';
import { listPendingWaits, type PendingItemWait } from '../db/queries/office-pending.ts';
import type { TenantContext } from '../db/queries/tenants.ts';
import type { Deps } from '../deps.ts';
import { beijingDate, beijingInstant } from '../domain/calendar/index.ts';
import {
  PENDING_LABELS,
  type PendingLimits,
  sortWaits,
  type WaitFacts,
  waitsToRemind,
} from '../domain/office-pending.ts';
import type { TenantSettings } from '../domain/settings.ts';
import { beijingStamp } from './item-view.ts';
import { sendOfficeDailyCard } from './office-daily.ts';

const PURPOSE = 'office_pending';

const limitsOf = (settings: TenantSettings): PendingLimits => ({
  afterWorkdays: settings.followup.officePendingAfterWorkdays,
  adjustDecisionWorkdays: settings.proposals.adjustDecisionWorkdays,
});

function entryOf(w: PendingItemWait & WaitFacts): ItemListEntry {
  return {
    id: w.itemId,
    version: w.version,
    number: w.number,
    title: w.title,
    state: 'in_progress',
    leadUnitName: w.leadUnitName,
    deadline: w.deadline,
    waiting: { label: PENDING_LABELS[w.kind], workdays: w.workdays, late: w.late },
  };
}

function pendingCard(
  waits: ReadonlyArray<PendingItemWait & WaitFacts>,
  page: number,
  now: Date,
  lead: string,
): Card {
  const late = waits.filter((w) => w.late).length;
  const summary =
    waits.length === 0
      ? null
      : `${lead}共 ${waits.length} 项${late > 0 ? `，其中 ${late} 项已超时限` : ''}。请及时交办、审核或答复。`;
  return buildItemListCard({
    kind: 'pending',
    items: waits.map(entryOf),
    page,
    now: beijingStamp(now),
    summary,
  });
}

/** Everything waiting now, past-limit first, then the longest wait (the 待办 command and its pages). */
export async function pendingListCard(db: Db, tenant: TenantContext, page: number, now: Date): Promise<Card> {
  const waits = await listPendingWaits(db, tenant.tenantKey);
  const sorted = sortWaits(waits, beijingDate(now), tenant.calendar, limitsOf(tenant.settings));
  return pendingCard(sorted, page, now, '等待督查室或领导处理的事项');
}

/** The tenant's morning card, once per working day, when something has waited long enough; true when written. */
export async function remindOfficePending(
  deps: Pick<Deps, 'db' | 'jobs' | 'logger' | 'now'>,
  ctx: TenantContext,
  now: Date,
): Promise<boolean> {
  const today = beijingDate(now);
  const { sendAt, officeHours } = ctx.settings.followup;
  if (now < beijingInstant(today, sendAt) || now >= beijingInstant(today, officeHours.end)) return false;
  const limits = limitsOf(ctx.settings);
  if (limits.afterWorkdays <= 0 || !ctx.calendar.isWorkday(today)) return false;
  const day = { name: 'office-pending', date: today, purpose: PURPOSE };
  return sendOfficeDailyCard(deps, ctx, day, async () => {
    const waits = waitsToRemind(await listPendingWaits(deps.db, ctx.tenantKey), today, ctx.calendar, limits);
    if (waits.length === 0) return null;
    deps.logger.info({ tenantKey: ctx.tenantKey, waits: waits.length }, 'office pending reminder written');
    return pendingCard(waits, 1, now, `等待满 ${limits.afterWorkdays} 个工作日的事项`);
  });
}
