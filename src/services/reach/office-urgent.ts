/**
 * 加急 from the detail card (issue #12): the office sends the lead unit's responsible people a 加急通知
 * privately and 加急s it for each, at any hour (a person chose to). One click, one 加急: the click is
 * recorded under the item's lock, and another within a few minutes is refused rather than repeated.
 */
import { sql } from 'kysely';
import type { UrgentValue } from '../../../cards/actions.ts';
import { buildUrgeCard } from '../../../cards/reminder.ts';
import type { CallbackResponse } from '../../../cards/toast.ts';
import { toast } from '../../../cards/toast.ts';
import { insertItemEvent, lockItem } from '../../db/queries/items.ts';
import { insertToSend } from '../../db/queries/outbox.ts';
import type { Person } from '../../db/queries/people.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import { personNames } from '../../db/queries/units.ts';
import type { Deps } from '../../deps.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import { overdueWorkdays } from '../../domain/warning.ts';
import { beijingStamp, buildItemView } from '../item-view.ts';
import { afterCommit } from '../lifecycle/followup-hooks.ts';
import { itemLabel } from '../lifecycle/notices.ts';
import { responsibleFor } from '../lifecycle/recipients.ts';
import { cardMessage } from '../outbox-message.ts';
import { unreadUrgents } from './urgent.ts';
import { OFFICE_URGENT_PURPOSE, urgentsFor } from './urgent-rows.ts';

/** A second 加急 of the same item within this long is taken for a repeated click. */
const REPEAT_WINDOW_MINUTES = 10;
const URGED_STATES = ['issued', 'in_progress'];

export async function officeUrgent(
  deps: Deps,
  person: Person,
  value: UrgentValue,
): Promise<CallbackResponse> {
  if (!person.roles.includes('office')) return toast('error', '只有督查室可以加急');
  const now = deps.now();
  const ctx = await loadTenantContext(deps.db, person.tenantKey, deps.logger);
  const res = await deps.db.transaction().execute(async (trx) => {
    const rec = await lockItem(trx, person.tenantKey, value.i);
    if (!rec) return toast('error', '事项不存在');
    if (!URGED_STATES.includes(rec.state) || rec.lead_unit_id === null)
      return toast('warning', '该事项不在办理中，无需加急');
    const earlier = await trx
      .selectFrom('item_events')
      .select('created_at')
      .where('tenant_key', '=', rec.tenant_key)
      .where('item_id', '=', rec.id)
      .where('action', '=', 'urgent')
      // The database's clock, which wrote created_at.
      .where('created_at', '>', sql<Date>`now() - make_interval(mins => ${REPEAT_WINDOW_MINUTES})`)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (earlier)
      return toast(
        'warning',
        `该事项已于 ${beijingStamp(earlier.created_at).slice(11)} 加急，${REPEAT_WINDOW_MINUTES} 分钟内不再重复加急`,
      );
    const people = await responsibleFor(trx, rec.tenant_key, rec.lead_unit_id, now);
    if (people.length === 0) return toast('error', '牵头单位未登记负责人或联络员，无法加急');
    const count = await trx
      .selectFrom('item_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_key', '=', rec.tenant_key)
      .where('item_id', '=', rec.id)
      .where('action', '=', 'urgent')
      .executeTakeFirstOrThrow();
    const round = Number(count.n) + 1;
    const overdue = overdueWorkdays(rec.deadline, beijingDate(now), ctx.calendar);
    const card = buildUrgeCard({
      item: await buildItemView(trx, rec, ctx, now),
      kind: 'urgent',
      by: person.name,
      overdueWorkdays: overdue > 0 ? overdue : null,
    });
    const messages = people.map((id) =>
      cardMessage(
        {
          tenantKey: rec.tenant_key,
          to: { type: 'open_id', id },
          key: `office-urgent:${rec.id}:${round}:${id}`,
          purpose: OFFICE_URGENT_PURPOSE,
          itemId: rec.id,
        },
        card,
      ),
    );
    const urgents = urgentsFor(messages, people, { channel: ctx.settings.urgent.channel, manual: true });
    const names = await personNames(trx, rec.tenant_key, people);
    const full: string[] = [];
    for (const id of people)
      if ((await unreadUrgents(trx, rec.tenant_key, id, now)) >= ctx.settings.urgent.unreadLimit)
        full.push(names.get(id) ?? id);
    await insertItemEvent(trx, rec.tenant_key, rec.id, person.openId, 'urgent', {
      text: `督查室加急${itemLabel(rec)}`,
      to: people,
      channel: ctx.settings.urgent.channel,
    });
    const sends = await insertToSend(trx, [...messages, ...urgents]);
    const named = people.map((id) => names.get(id) ?? id).join('、');
    const limited = full.length > 0 ? `；${full.join('、')}未读加急已达上限，仅发送通知，未加急` : '';
    return { sends, answer: toast('success', `已加急：${named}${limited}`) };
  });
  if ('answer' in res) {
    await afterCommit(deps, res.sends, null);
    return res.answer;
  }
  return res;
}
