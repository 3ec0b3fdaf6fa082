/**
 * 建议提案 time limits the item's own follow-up plan does not cover (the reply deadline is the item's
 * deadline, so its reminders, urges and escalation already apply): the 会办 opinion deadline for each
 * co-unit that has not sent one, and a B answer's follow-up day. Run by the sweep with the engine's
 * clock, after the tenant's send time on working days; each reminder goes once (recorded as an item event).
 */
import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { NewOutbox } from '../../db/database.ts';
import { insertItemEvent } from '../../db/queries/items.ts';
import { insertOutbox } from '../../db/queries/outbox.ts';
import { updateProposal } from '../../db/queries/proposals.ts';
import { loadTenantContext, type TenantContext } from '../../db/queries/tenants.ts';
import type { Deps } from '../../deps.ts';
import { beijingTime, parseClock } from '../../domain/calendar/index.ts';
import { followupDue, type OpinionReminder, opinionReminder, proposalNumber } from '../../domain/proposal.ts';
import { queueMessages } from '../lifecycle/followup-hooks.ts';
import { itemLabel, textsTo } from '../lifecycle/notices.ts';
import { officeRecipients, unitPeople } from '../lifecycle/recipients.ts';

const BATCH = 500;
type Item = { id: number; tenant_key: string; number: string | null; title: string; version: number };

export async function remindProposals(deps: Pick<Deps, 'db' | 'jobs' | 'logger' | 'now'>): Promise<number> {
  const now = deps.now();
  const ids = await deps.db.transaction().execute(async (trx) => {
    const tenants = await trx
      .selectFrom('proposals')
      .select('tenant_key')
      .distinct()
      .where((eb) => eb.or([eb('opinions_due_on', 'is not', null), eb('followup_on', 'is not', null)]))
      .execute();
    const out: string[] = [];
    for (const { tenant_key } of tenants) {
      const tenant = await loadTenantContext(trx, tenant_key, deps.logger);
      const t = beijingTime(now);
      const send = parseClock(tenant.settings.followup.sendAt);
      if (!send.ok || t.hour * 60 + t.minute < send.value.hour * 60 + send.value.minute) continue;
      out.push(
        ...(await opinionReminders(trx, tenant, t.date, now)),
        ...(await followups(trx, tenant, t.date, now)),
      );
    }
    return out;
  });
  await queueMessages(deps, ids);
  if (ids.length > 0) deps.logger.info({ messages: ids.length }, 'proposal reminders queued');
  return ids.length;
}

const OPINION_WORDS: Record<OpinionReminder, string> = {
  before: '【会办提醒】',
  due: '【会办提醒·今日到期】',
  overdue: '【会办逾期】',
};

/**
 * The co-units owing an opinion that a reminder is due for today and that have not had it. A sent step
 * is recorded as the item's `opinion_remind` event (unit, step, due date), so each row is read once per
 * step and the batch never fills with rows already reminded or not yet due; a moved due date plans new
 * steps.
 */
async function opinionReminders(trx: Db, tenant: TenantContext, today: string, now: Date): Promise<string[]> {
  const { calendar } = tenant;
  if (!calendar.isWorkday(today)) return [];
  const lead = Math.max(0, ...tenant.settings.followup.remindWorkdaysBefore);
  // opinionReminder's 'before' holds while at most `lead` working days remain: the due date comes before
  // the (lead + 1)-th working day from today.
  const horizon =
    lead > 0
      ? sql`p.opinions_due_on < ${calendar.addWorkdays(today, lead + 1).date}::date`
      : sql`p.opinions_due_on <= ${today}::date`;
  const stepOf = sql`CASE WHEN p.opinions_due_on < ${today}::date THEN 'overdue'
    WHEN p.opinions_due_on = ${today}::date THEN 'due' ELSE 'before' END`;
  const rows = await trx
    .selectFrom('proposals as p')
    .innerJoin('items as i', (j) =>
      j.onRef('i.tenant_key', '=', 'p.tenant_key').onRef('i.id', '=', 'p.item_id'),
    )
    .innerJoin('item_co_units as c', (j) =>
      j.onRef('c.tenant_key', '=', 'i.tenant_key').onRef('c.item_id', '=', 'i.id'),
    )
    .innerJoin('units as u', (j) =>
      j.onRef('u.tenant_key', '=', 'c.tenant_key').onRef('u.id', '=', 'c.unit_id'),
    )
    .leftJoin('proposal_opinions as o', (j) =>
      j
        .onRef('o.tenant_key', '=', 'c.tenant_key')
        .onRef('o.item_id', '=', 'c.item_id')
        .onRef('o.unit_id', '=', 'c.unit_id'),
    )
    .select(['i.id', 'i.tenant_key', 'i.number', 'i.title', 'i.version', 'c.unit_id', 'u.name as unitName'])
    .select(['p.opinions_due_on', 'p.category', 'p.seq'])
    .where('p.tenant_key', '=', tenant.tenantKey)
    .where('i.state', 'in', ['issued', 'in_progress'])
    .where('p.opinions_due_on', 'is not', null)
    .where('o.id', 'is', null)
    .where(sql<boolean>`${horizon}`)
    .where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM item_events e
        WHERE e.tenant_key = c.tenant_key AND e.item_id = c.item_id AND e.action = 'opinion_remind'
          AND e.data->>'unitId' = c.unit_id::text AND e.data->>'step' = ${stepOf}
          AND e.data->>'due' = p.opinions_due_on::text)`,
    )
    .orderBy('i.id')
    .orderBy('c.unit_id')
    .limit(BATCH)
    .execute();
  const out: string[] = [];
  for (const r of rows) {
    const due = r.opinions_due_on;
    if (!due) continue;
    const step = opinionReminder(today, due, tenant.settings.followup.remindWorkdaysBefore, calendar);
    if (!step) continue;
    const item: Item = r;
    const label = `${proposalNumber(r.category, r.seq)}${itemLabel(item)}`;
    const key = `opinion-remind:${r.id}:${r.unit_id}:${step}:${due}`;
    const messages: NewOutbox[] = textsTo(
      await unitPeople(trx, r.tenant_key, r.unit_id, now),
      item,
      key,
      `${OPINION_WORDS[step]}请于${due}前就${label}向主办单位提交会办意见（在督查通知单（协办）上填写）。`,
    );
    if (step === 'overdue')
      messages.push(
        ...textsTo(
          await officeRecipients(trx, r.tenant_key, tenant.groups.supervision),
          item,
          `${key}:office`,
          `【会办逾期】${r.unitName}尚未就${label}提交会办意见（时限${due}）。`,
        ),
      );
    const inserted = await insertOutbox(trx, messages);
    // Recorded even when nobody could be told (a unit without people): the step is done either way.
    await insertItemEvent(trx, r.tenant_key, r.id, 'system', 'opinion_remind', {
      unitId: r.unit_id,
      step,
      due,
      messages: inserted.length,
    });
    out.push(...inserted);
  }
  return out;
}

async function followups(trx: Db, tenant: TenantContext, today: string, now: Date): Promise<string[]> {
  const rows = await trx
    .selectFrom('proposals as p')
    .innerJoin('items as i', (j) =>
      j.onRef('i.tenant_key', '=', 'p.tenant_key').onRef('i.id', '=', 'p.item_id'),
    )
    .select(['i.id', 'i.tenant_key', 'i.number', 'i.title', 'i.version', 'i.lead_unit_id'])
    .select(['p.followup_on', 'p.category', 'p.seq'])
    .where('p.tenant_key', '=', tenant.tenantKey)
    .where('p.answer_category', '=', 'B')
    .where('p.followup_on', '<=', today)
    .where('p.followup_told_at', 'is', null)
    .where('i.state', '=', 'completed')
    .orderBy('i.id')
    .limit(BATCH)
    .execute();
  const out: string[] = [];
  for (const r of rows) {
    if (!r.followup_on || !followupDue(today, r.followup_on, tenant.calendar)) continue;
    const item = r;
    const label = `${proposalNumber(r.category, r.seq)}${itemLabel(r)}`;
    const text = `【B类答复跟踪】${label}答复时承诺于${r.followup_on}前落实，请将落实情况报督查室，并告知代表（委员）。`;
    const people = r.lead_unit_id === null ? [] : await unitPeople(trx, r.tenant_key, r.lead_unit_id, now);
    const office = await officeRecipients(trx, r.tenant_key, tenant.groups.supervision);
    out.push(
      ...(await insertOutbox(trx, [
        ...textsTo(people, item, `proposal-followup:${r.id}:${r.followup_on}`, text),
        ...textsTo(office, item, `proposal-followup:${r.id}:${r.followup_on}:office`, text),
      ])),
    );
    await updateProposal(trx, r.tenant_key, r.id, { followup_told_at: now }, now);
    await insertItemEvent(trx, r.tenant_key, r.id, 'system', 'proposal_followup', {
      followupOn: r.followup_on,
    });
  }
  return out;
}
