/**
 * Naming a deputy (委托) and ending it early (取消委托), for the chat command and the card alike. Inside
 * the caller's transaction; returns the line for the delegator and the messages to commit with it.
 */
import type { Db } from '../../db/client.ts';
import type { NewOutbox } from '../../db/database.ts';
import type { Delegation } from '../../db/queries/delegations.ts';
import { endDelegations, insertDelegation } from '../../db/queries/delegations.ts';
import type { Person } from '../../db/queries/people.ts';
import { findPerson } from '../../db/queries/people.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import type { IsoDate } from '../../domain/calendar/index.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import { delegationEndsAt, planDelegation } from '../../domain/delegation.ts';
import type { Result } from '../../lib/result.ts';
import { err, ok } from '../../lib/result.ts';
import { officeRecipients } from '../lifecycle/recipients.ts';
import type { Recipient } from '../outbox-message.ts';
import { textMessage } from '../outbox-message.ts';

export type Outcome = { reply: string; messages: NewOutbox[] };
export type DelegateRequest = { deputy: string; endsOn: IsoDate; reason: string };

/** The units a person heads, by id and name (a delegation lends the place of head). */
export async function headedUnits(db: Db, tenantKey: string, openId: string) {
  return db
    .selectFrom('unit_members as m')
    .innerJoin('units as u', (j) =>
      j.onRef('u.tenant_key', '=', 'm.tenant_key').onRef('u.id', '=', 'm.unit_id'),
    )
    .select(['u.id', 'u.name'])
    .where('m.tenant_key', '=', tenantKey)
    .where('m.open_id', '=', openId)
    .where('m.role', '=', 'head')
    .where('u.removed_at', 'is', null)
    .orderBy('u.id')
    .execute();
}

/** What a delegation covers, in words: the units' names, or 督查室. */
export async function placeWords(
  db: Db,
  tenantKey: string,
  delegations: readonly Delegation[],
): Promise<string> {
  const ids = delegations.flatMap((d) => (d.unitId === null ? [] : [d.unitId]));
  const units = ids.length
    ? await db
        .selectFrom('units')
        .select('name')
        .where('tenant_key', '=', tenantKey)
        .where('id', 'in', ids)
        .execute()
    : [];
  const office = delegations.some((d) => d.scope === 'office') ? ['督查室'] : [];
  return [...units.map((u) => u.name), ...office].join('、');
}

const privately = (id: string): Recipient => ({ type: 'open_id', id });

export async function delegateTo(
  trx: Db,
  delegator: Person,
  req: DelegateRequest,
  now: Date,
): Promise<Result<Outcome, string>> {
  const tenantKey = delegator.tenantKey;
  const [tenant, deputy, heads] = await Promise.all([
    loadTenantContext(trx, tenantKey),
    findPerson(trx, tenantKey, req.deputy),
    headedUnits(trx, tenantKey, delegator.openId),
  ]);
  const plan = planDelegation(
    { openId: delegator.openId, roles: delegator.roles, headOf: heads.map((u) => u.id) },
    deputy ?? null,
    req.endsOn,
    beijingDate(now),
  );
  if (!plan.ok) return err(plan.error.message);
  if (!deputy) return err('被委托人不在督查督办名录中');
  // One delegator's changes one at a time; a new delegation replaces the running one.
  await trx
    .selectFrom('people')
    .select('open_id')
    .where('tenant_key', '=', tenantKey)
    .where('open_id', '=', delegator.openId)
    .forUpdate()
    .execute();
  const replaced = await endDelegations(trx, tenantKey, delegator.openId, now, delegator.openId);
  const endsAt = delegationEndsAt(req.endsOn, tenant.calendar, tenant.settings.followup.officeHours.start);
  const made: Delegation[] = [];
  for (const place of plan.value.places) {
    const row = {
      delegator: delegator.openId,
      deputy: deputy.openId,
      scope: place.scope,
      unitId: place.scope === 'unit' ? place.unitId : null,
      reason: req.reason,
      endsOn: req.endsOn,
      endsAt,
    };
    const id = await insertDelegation(trx, {
      tenant_key: tenantKey,
      delegator: row.delegator,
      deputy: row.deputy,
      scope: row.scope,
      unit_id: row.unitId,
      reason: row.reason,
      starts_at: now,
      ends_on: row.endsOn,
      ends_at: endsAt,
      created_by: delegator.openId,
    });
    made.push({ id, ...row });
  }
  const place = await placeWords(trx, tenantKey, made);
  const back = beijingDate(endsAt);
  const why = req.reason ? `${req.reason}，` : '';
  const key = `delegation:${made[0]?.id ?? 0}`;
  const note = (to: Recipient, suffix: string, text: string) =>
    textMessage({ tenantKey, to, key: `${key}:${suffix}:${to.type}=${to.id}`, purpose: 'delegation' }, text);
  const outside = plan.value.outsideUnit ? `（${deputy.name}非本单位人员）` : '';
  const messages = [
    note(
      privately(deputy.openId),
      'deputy',
      `${delegator.name}${why}委托您代为办理${place}的督查事项，至 ${req.endsOn}（${back} 起恢复由其本人办理）。期间发给${delegator.name}的通知和提醒将发给您（注明“代${delegator.name}接收”），您可在卡片上代为签收、反馈、报结等，办理记录注明代办。`,
    ),
    ...(await officeRecipients(trx, tenantKey, tenant.groups.supervision)).map((to) =>
      note(
        to,
        'office',
        `【委托代办】${place}：${delegator.name}${why}至 ${req.endsOn} 委托${deputy.name}代办${outside}。`,
      ),
    ),
    ...replaced
      .filter((d) => d.deputy !== deputy.openId)
      .map((d) =>
        note(
          privately(d.deputy),
          `replaced:${d.id}`,
          `${delegator.name}的委托已改由${deputy.name}代办，您的代办至此结束。`,
        ),
      ),
  ];
  return ok({
    reply: `已委托${deputy.name}代为办理${place}的督查事项，至 ${req.endsOn}；${back} 起通知和提醒恢复发给您本人。`,
    messages,
  });
}

/** 取消委托: the delegator ends their running delegations now, and their deputies are told. */
export async function endOwnDelegation(
  trx: Db,
  delegator: Person,
  now: Date,
): Promise<Result<Outcome, string>> {
  const tenantKey = delegator.tenantKey;
  const ended = await endDelegations(trx, tenantKey, delegator.openId, now, delegator.openId);
  if (ended.length === 0) return err('您目前没有进行中的委托');
  const place = await placeWords(trx, tenantKey, ended);
  const deputies = [...new Set(ended.map((d) => d.deputy))];
  return ok({
    reply: `已取消委托，${place}的通知和提醒即日起恢复发给您本人。`,
    messages: deputies.map((id) =>
      textMessage(
        {
          tenantKey,
          to: privately(id),
          key: `delegation:${ended[0]?.id ?? 0}:ended-early:${id}`,
          purpose: 'delegation',
        },
        `${delegator.name}已取消委托，自即日起您不再代为办理${place}的督查事项。`,
      ),
    ),
  });
}
