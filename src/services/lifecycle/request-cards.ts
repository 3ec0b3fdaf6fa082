import type { Card } from '../../../cards/components.ts';
import { buildCoordinationCard } from '../../../cards/coordination.ts';
import { buildExtensionCard } from '../../../cards/extension.ts';
import { buildReviewCard } from '../../../cards/review.ts';
import type { ItemView } from '../../../cards/types.ts';
import type { Db } from '../../db/client.ts';
import type { ItemRecord } from '../../db/queries/items.ts';
import { latestResultReport } from '../../db/queries/items.ts';
import { beijingStamp } from '../item-view.ts';

/**
 * A decision card (review, extension, coordination) drawn afresh from the item: what a stale click
 * is answered with. Null when there is nothing left to decide on that card.
 */
export async function renderRequestCard(
  db: Db,
  rec: ItemRecord,
  view: ItemView,
  kind: string,
): Promise<Card | null> {
  if (kind === 'review') {
    const result = await latestResultReport(db, rec.tenant_key, rec.id);
    if (!result) return null;
    return buildReviewCard({
      item: view,
      submission: { text: result.text, by: result.name ?? '', at: beijingStamp(result.created_at) },
    });
  }
  if (kind === 'extension' && view.pendingExtension)
    return buildExtensionCard({ item: view, request: view.pendingExtension });
  if (kind === 'coordination' && view.pendingCoordination) {
    return buildCoordinationCard({
      item: view,
      request: view.pendingCoordination,
      requestingUnitId: rec.pending_coordination?.unitId ?? null,
    });
  }
  return null;
}
