/**
 * When the holiday calendar grows (a new notice in the snapshot, a county override, a year declared
 * entered), every provisional deadline is counted again by the rule it was counted with, the lead unit
 * is told of each one that moved, and every open item's reminders are planned again: their days
 * depend on the calendar too. One transaction per tenant.
 */
import { buildDeadlineMovedCard } from '../../cards/deadline-moved.ts';
import { validateCard } from '../../cards/schema.ts';
import type { Db } from '../db/client.ts';
import type { NewOutbox } from '../db/database.ts';
import { insertItemEvent, lockItem } from '../db/queries/items.ts';
import { insertToSend } from '../db/queries/outbox.ts';
import type { TenantContext } from '../db/queries/tenants.ts';
import { loadTenantContext } from '../db/queries/tenants.ts';
import { computeDeadline, parseDeadlineRule } from '../domain/deadline/deadline.ts';
import type { ItemKind } from '../domain/item.ts';
import type { Send } from '../jobs/catalog.ts';
import { unitContacts, unitReminderRecipients } from './followup/recipients.ts';
import { rescheduleItem } from './followup/reschedule.ts';
import { buildItemView } from './item-view.ts';
import { refreshLiveCards } from './lifecycle/cards.ts';
import { cardMessage } from './outbox-message.ts';

const OPEN = ['issued', 'in_progress', 'submitted', 'reassigning'];

/** `sends`: the lead units' notices and the open items' card redraws, to queue after commit. */
export type RecountResult = { recomputed: number; replanned: number; sends: Send[] };

/**
 * The item's cards updated in place (the deadline and 暂定 they show), and when the date moved (from
 * `from`), a card to the lead unit.
 */
async function tellUnit(
  trx: Db,
  ctx: TenantContext,
  itemId: number,
  from: string,
  reason: string,
  now: Date,
): Promise<NewOutbox[]> {
  const rec = await lockItem(trx, ctx.tenantKey, itemId);
  if (!rec?.deadline) return [];
  const live = await refreshLiveCards(trx, ctx, rec, now, null);
  if (rec.deadline === from || rec.lead_unit_id === null) return live;
  const [view, contacts] = await Promise.all([
    buildItemView(trx, rec, ctx, now),
    unitContacts(trx, ctx.tenantKey, rec.lead_unit_id, now),
  ]);
  const checked = validateCard(buildDeadlineMovedCard({ item: view, from, reason }));
  if (!checked.ok) throw new Error(`deadline-moved card invalid: ${checked.error.message}`);
  const cards = unitReminderRecipients(contacts).map((to) =>
    cardMessage(
      {
        tenantKey: ctx.tenantKey,
        to,
        // One card per move: the same recount run twice is the same message.
        key: `deadline-moved:${rec.id}:${from}:${rec.deadline}:${to.type}=${to.id}`,
        purpose: 'deadline-moved',
        itemId: rec.id,
      },
      checked.value,
    ),
  );
  return [...cards, ...live];
}

/** Recounts one tenant inside `trx` (the caller's transaction, e.g. the one that changed an override). */
export async function recountDeadlines(
  trx: Db,
  tenantKey: string,
  reason: string,
  now: Date,
): Promise<RecountResult> {
  const ctx = await loadTenantContext(trx, tenantKey);
  const items = await trx
    .selectFrom('items')
    .select([
      'id',
      'kind',
      'issued_on',
      'deadline',
      'deadline_explicit',
      'deadline_rule',
      'deadline_provisional',
    ])
    .where('tenant_key', '=', tenantKey)
    .where('state', 'in', OPEN)
    .orderBy('id')
    .forUpdate()
    .execute();
  const messages: NewOutbox[] = [];
  let recomputed = 0;
  for (const item of items) {
    if (!item.deadline_provisional || !item.issued_on || !item.kind || !item.deadline) continue;
    const d = computeDeadline({
      issued: item.issued_on,
      kind: item.kind as ItemKind,
      explicit: item.deadline_explicit,
      rule: parseDeadlineRule(item.deadline_rule),
      policy: ctx.settings.deadlines,
      calendar: ctx.calendar,
    });
    if (!d.ok) continue;
    if (d.value.date === item.deadline && d.value.provisional === item.deadline_provisional) continue;
    await trx
      .updateTable('items')
      .set({
        deadline: d.value.date,
        deadline_provisional: d.value.provisional,
        deadline_basis: d.value.basis,
        version: (eb) => eb('version', '+', 1),
        updated_at: now,
      })
      .where('tenant_key', '=', tenantKey)
      .where('id', '=', item.id)
      .execute();
    await insertItemEvent(trx, tenantKey, item.id, 'system', 'deadline_recomputed', {
      from: item.deadline,
      to: d.value.date,
      provisional: d.value.provisional,
      text: `${reason}：办理时限${item.deadline === d.value.date ? '确定为' : `由${item.deadline}调整为`}${d.value.date}`,
    });
    recomputed++;
    messages.push(...(await tellUnit(trx, ctx, item.id, item.deadline, reason, now)));
  }
  let replanned = 0;
  for (const item of items) if (await rescheduleItem(trx, ctx, item.id, now)) replanned++;
  return { recomputed, replanned, sends: await insertToSend(trx, messages) };
}
