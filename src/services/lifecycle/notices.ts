import type { NewOutbox } from '../../db/database.ts';
import type { ItemRecord } from '../../db/queries/items.ts';
import type { Recipient } from '../outbox-message.ts';
import { textMessage } from '../outbox-message.ts';
import { cardsTo, noticePurpose, renderLiveCard } from './cards.ts';
import type { LifecycleContext } from './context.ts';
import { unitPeople, unitRecipients } from './recipients.ts';

/** The lead unit's head and liaisons (or their deputies); nobody when the item has no lead unit. */
export async function leadPeople(ctx: LifecycleContext, rec: ItemRecord): Promise<Recipient[]> {
  return rec.lead_unit_id === null ? [] : unitPeople(ctx.trx, rec.tenant_key, rec.lead_unit_id, ctx.now);
}

/** 督查通知单 for one unit: its head and liaisons privately, and its group. `round` keeps reissues distinct. */
export async function noticesFor(
  ctx: LifecycleContext,
  rec: ItemRecord,
  unitId: number,
  role: 'lead' | 'co',
  round: string,
): Promise<NewOutbox[]> {
  const purpose = noticePurpose(unitId, role);
  const card = await renderLiveCard(ctx.trx, ctx.tenant, rec, purpose, ctx.now);
  if (!card) return [];
  const recipients = await unitRecipients(ctx.trx, rec.tenant_key, unitId, ctx.now);
  return cardsTo(
    recipients,
    { tenantKey: rec.tenant_key, itemId: rec.id, purpose, key: `notice:${rec.id}:${unitId}:${round}` },
    card,
  );
}

export function textsTo(
  recipients: readonly Recipient[],
  rec: Pick<ItemRecord, 'tenant_key' | 'id'>,
  key: string,
  text: string,
): NewOutbox[] {
  return recipients.map((to) =>
    textMessage(
      { tenantKey: rec.tenant_key, to, key: `${key}:${to.type}=${to.id}`, purpose: 'note', itemId: rec.id },
      text,
    ),
  );
}

/** How cards and notes name an item: its number when it has one. */
export const itemLabel = (rec: Pick<ItemRecord, 'number' | 'title'>): string =>
  rec.number ? `${rec.number}“${rec.title}”` : `“${rec.title}”`;
