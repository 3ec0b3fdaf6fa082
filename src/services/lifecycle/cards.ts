import type { Card } from '../../../cards/components.ts';
import { buildDetailCard } from '../../../cards/detail.ts';
import { buildNoticeCard } from '../../../cards/notice.ts';
import { buildRatingCard } from '../../../cards/proposal-parts.ts';
import type { ItemView } from '../../../cards/types.ts';
import type { Db } from '../../db/client.ts';
import type { NewOutbox } from '../../db/database.ts';
import type { ItemRecord } from '../../db/queries/items.ts';
import { markCardReplaced } from '../../db/queries/outbox.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import { STEP_AUDIENCE, STEP_KINDS, stepPurpose } from '../../domain/followup/index.ts';
import { SATISFACTION_LABELS } from '../../domain/proposal.ts';
import type { ItemReads } from '../item-view.ts';
import { beijingStamp, itemReads } from '../item-view.ts';
import type { Recipient } from '../outbox-message.ts';
import { cardMessage } from '../outbox-message.ts';
import { OFFICE_URGENT_PURPOSE } from '../reach/urgent-rows.ts';
import { renderDraftCard } from './draft-card.ts';
import { buildRefresh } from './refresh-cards.ts';
import { renderRequestCard } from './request-cards.ts';

/** Outbox purposes of cards that show an item's live state; the unit they were sent for follows the colon. */
export const noticePurpose = (unitId: number, role: 'lead' | 'co'): string =>
  `${role === 'lead' ? 'notice' : 'co_notice'}:${unitId}`;
export const LIVE_PURPOSES = ['notice:', 'co_notice:', 'detail', 'unit_detail:', 'draft'];

/**
 * Cards to a lead unit about the item whose buttons are the notice's (all built by buildUrgeCard): the
 * unit's follow-up steps, the office's 催办 and 督办 (purpose: the command) and its 加急.
 */
const UNIT_URGE_PURPOSES: ReadonlySet<string> = new Set([
  ...STEP_KINDS.filter((k) => STEP_AUDIENCE[k] === 'unit').map(stepPurpose),
  'urge',
  'supervise',
  OFFICE_URGENT_PURPOSE,
]);

/** The card a live-state message should show now, for the unit it was sent to. */
export async function renderLiveCard(
  db: Db,
  tenant: TenantContext,
  rec: ItemRecord,
  purpose: string,
  now: Date,
  reads: ItemReads = itemReads(db, rec, tenant, now),
): Promise<Card | null> {
  if (purpose === 'draft') return renderDraftCard(db, tenant, rec);
  const view = await reads.view();
  const [kind, unit] = purpose.split(':');
  if (kind === 'notice' || kind === 'co_notice') {
    const unitId = Number(unit);
    if (unitId === rec.lead_unit_id) return buildNoticeCard({ item: view, audience: 'lead' });
    if (rec.coUnitIds.includes(unitId)) return buildNoticeCard({ item: view, audience: 'co' });
  }
  if (kind === 'rating' && view.proposal) return buildRatingCard(view, ratingOutcome(view));
  // A reminder, urge or 督办 clicked: it carries the notice's buttons, and after the click shows the notice.
  if (UNIT_URGE_PURPOSES.has(purpose) && rec.lead_unit_id !== null)
    return buildNoticeCard({ item: view, audience: 'lead' });
  if (kind === 'review' || kind === 'extension' || kind === 'coordination')
    return renderRequestCard(db, rec, view, kind);
  if (kind === 'unit_detail') {
    // A unit member's detail (事项 N): the unit's buttons while the unit is still on the item.
    const [, role, unitId] = purpose.split(':');
    const still =
      (role === 'lead' && Number(unitId) === rec.lead_unit_id) ||
      (role === 'co' && rec.coUnitIds.includes(Number(unitId)));
    return buildDetailCard({
      item: view,
      timeline: await reads.timeline(),
      unitAudience: still && (role === 'lead' || role === 'co') ? role : null,
      now: beijingStamp(now),
    });
  }
  if (kind === 'notice' || kind === 'co_notice' || kind === 'detail') {
    // A unit taken off the item (改派) keeps a read-only record of where it went.
    return buildDetailCard({
      item: view,
      timeline: await reads.timeline(),
      now: beijingStamp(now),
    });
  }
  return null;
}

/** The 满意度 card's outcome once rated (or the item moved on); null while it waits for the rating. */
function ratingOutcome(view: ItemView): string | null {
  const p = view.proposal;
  if (!p) return null;
  if (p.satisfaction === 'unsatisfied' || view.state !== 'completed')
    return `已记录：不满意，已交主办单位重办（时限 ${view.deadline ?? ''}）。`;
  return p.satisfaction ? `已记录满意度：${SATISFACTION_LABELS[p.satisfaction]}。` : null;
}

/**
 * Card updates for every live-state card of the item, except the one the person clicked (the callback
 * answer updates that), written inside the caller's transaction; ageing shared cards are re-sent
 * (refresh-cards.ts). Clicks defer this to the refresh job instead (apply-action.ts).
 */
export async function refreshLiveCards(
  db: Db,
  tenant: TenantContext,
  rec: ItemRecord,
  now: Date,
  exceptMessageId: string | null,
): Promise<NewOutbox[]> {
  const built = await buildRefresh(db, tenant, rec, now, exceptMessageId);
  for (const r of built.replaced) await markCardReplaced(db, r.old, r.by);
  return built.rows;
}

/** One card to each recipient, keyed so producing it twice sends it once. */
export function cardsTo(
  recipients: readonly Recipient[],
  base: { tenantKey: string; itemId: number; purpose: string; key: string },
  card: Card,
): NewOutbox[] {
  return recipients.map((to) =>
    cardMessage(
      {
        tenantKey: base.tenantKey,
        to,
        key: `${base.key}:${to.type}=${to.id}`,
        purpose: base.purpose,
        itemId: base.itemId,
      },
      card,
    ),
  );
}

/** A card asking for a decision on the item's current version (review, extension, reassignment, coordination). */
export function decisionCardTo(
  recipients: readonly Recipient[],
  after: ItemRecord,
  purpose: string,
  card: Card,
): NewOutbox[] {
  return cardsTo(
    recipients,
    {
      tenantKey: after.tenant_key,
      itemId: after.id,
      purpose,
      key: `${purpose}:${after.id}:v${after.version}`,
    },
    card,
  );
}
