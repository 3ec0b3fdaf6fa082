import { buildDetailCard } from '../../../cards/detail.ts';
import type { CallbackResponse } from '../../../cards/toast.ts';
import { toast } from '../../../cards/toast.ts';
import type { Db } from '../../db/client.ts';
import type { NewOutbox } from '../../db/database.ts';
import type { ItemRecord } from '../../db/queries/items.ts';
import { findItem } from '../../db/queries/items.ts';
import { insertOutbox } from '../../db/queries/outbox.ts';
import type { Person } from '../../db/queries/people.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import type { Deps } from '../../deps.ts';
import { allowedActions } from '../../domain/lifecycle/index.ts';
import { beijingStamp, buildItemView, itemFacts, timelineEntries } from '../item-view.ts';
import { queueMessages } from '../lifecycle/followup-hooks.ts';
import type { Recipient } from '../outbox-message.ts';
import { cardMessage } from '../outbox-message.ts';

/**
 * Who may see an item: the office and the county leaders (all items: they assign and oversee them);
 * members of its lead unit and of its co-units (they work on it together and see each other's
 * reports). Anyone else, a unit the item was moved away from included, may not.
 */
export function maySee(person: Person, rec: ItemRecord): boolean {
  if (person.roles.includes('office') || person.roles.includes('leader')) return true;
  const units = [rec.lead_unit_id, ...rec.coUnitIds].filter((u): u is number => u !== null);
  return units.some((u) => person.unitIds.includes(u) || person.leaderOfUnitIds.includes(u));
}

/** The detail card (with its timeline and the viewer's own buttons) as a message to `to`. */
export async function detailMessage(
  db: Db,
  person: Person,
  rec: ItemRecord,
  to: Recipient,
  key: string,
  now: Date,
  replyTo: string | null = null,
): Promise<NewOutbox> {
  const tenant = await loadTenantContext(db, person.tenantKey);
  const unit = unitOf(person, rec);
  const card = buildDetailCard({
    item: await buildItemView(db, rec, tenant, now),
    timeline: await timelineEntries(db, person.tenantKey, rec.id),
    viewerActions: allowedActions(itemFacts(rec), person, {
      extensionApprover: tenant.settings.extensionApprover,
    }),
    unitAudience: unit?.role ?? null,
    now: beijingStamp(now),
  });
  // A unit member's detail carries the unit's buttons and is kept current like the notice.
  const purpose = unit ? unitDetailPurpose(unit.role, unit.unitId) : 'detail';
  return cardMessage({ tenantKey: person.tenantKey, to, key, replyTo, purpose, itemId: rec.id }, card);
}

export const unitDetailPurpose = (role: 'lead' | 'co', unitId: number): string =>
  `unit_detail:${role}:${unitId}`;

/** The viewer's unit on the item, when they are not the office (whose buttons the card shows instead). */
function unitOf(person: Person, rec: ItemRecord): { role: 'lead' | 'co'; unitId: number } | null {
  if (person.roles.includes('office')) return null;
  if (rec.lead_unit_id !== null && person.unitIds.includes(rec.lead_unit_id))
    return { role: 'lead', unitId: rec.lead_unit_id };
  const co = rec.coUnitIds.find((u) => person.unitIds.includes(u));
  return co === undefined ? null : { role: 'co', unitId: co };
}

/** 查看详情 on a shared card: the detail goes to the clicker privately, so the shared card stays as it is. */
export async function sendItemDetail(deps: Deps, person: Person, itemId: number): Promise<CallbackResponse> {
  const rec = await findItem(deps.db, person.tenantKey, itemId);
  if (!rec || !maySee(person, rec)) return toast('error', '事项不存在，或您无权查看');
  const now = deps.now();
  const msg = await detailMessage(
    deps.db,
    person,
    rec,
    { type: 'open_id', id: person.openId },
    // One detail per person and item version: the card is updated in place as the item changes.
    `detail:${rec.id}:${person.openId}:v${rec.version}`,
    now,
  );
  const ids = await insertOutbox(deps.db, [msg]);
  await queueMessages(deps, ids);
  return toast('success', '已将事项详情私信发送给您');
}
