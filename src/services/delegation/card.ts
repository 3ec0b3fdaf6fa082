/** The 委托代办 card: built for a person, and its two buttons (委托, 取消委托). */

import { sql } from 'kysely';
import type { DelegationValue } from '../../../cards/actions.ts';
import type { Card } from '../../../cards/components.ts';
import { buildDelegationCard, DEPUTY_FIELD, REASON_FIELD } from '../../../cards/delegation.ts';
import { FIELDS } from '../../../cards/forms.ts';
import type { CallbackResponse } from '../../../cards/toast.ts';
import { toast, toastWithCard } from '../../../cards/toast.ts';
import type { Db } from '../../db/client.ts';
import { runningDelegations } from '../../db/queries/delegations.ts';
import { insertOutbox } from '../../db/queries/outbox.ts';
import type { Person } from '../../db/queries/people.ts';
import { personNames } from '../../db/queries/units.ts';
import type { Deps } from '../../deps.ts';
import { REASONS } from '../../domain/delegation.ts';
import { isIsoDate } from '../../domain/lifecycle/index.ts';
import type { Result } from '../../lib/result.ts';
import { queueMessages } from '../lifecycle/followup-hooks.ts';
import type { Outcome } from './delegate.ts';
import { delegateTo, endOwnDelegation, headedUnits } from './delegate.ts';

/** The usual deputies: the colleagues of the units a head heads; the other office members for the office. */
async function usualDeputies(db: Db, person: Person, unitIds: readonly number[]) {
  const colleagues = unitIds.length
    ? await db
        .selectFrom('unit_members as m')
        .innerJoin('people as p', (j) =>
          j.onRef('p.tenant_key', '=', 'm.tenant_key').onRef('p.open_id', '=', 'm.open_id'),
        )
        .select(['p.open_id', 'p.name'])
        .where('m.tenant_key', '=', person.tenantKey)
        .where('m.unit_id', 'in', [...unitIds])
        .execute()
    : [];
  const office = person.roles.includes('office')
    ? await db
        .selectFrom('people')
        .select(['open_id', 'name'])
        .where('tenant_key', '=', person.tenantKey)
        .where(sql<boolean>`roles @> array['office']::text[]`)
        .execute()
    : [];
  const seen = new Set<string>([person.openId]);
  return [...colleagues, ...office].flatMap((p) => {
    if (seen.has(p.open_id)) return [];
    seen.add(p.open_id);
    return [{ label: p.name, value: p.open_id }];
  });
}

export async function delegationCardFor(
  db: Db,
  person: Person,
  now: Date,
  note: string | null = null,
): Promise<Card> {
  const heads = await headedUnits(db, person.tenantKey, person.openId);
  const office = person.roles.includes('office');
  const running = await runningDelegations(db, person.tenantKey, now, { delegators: [person.openId] });
  const names = await personNames(
    db,
    person.tenantKey,
    running.map((d) => d.deputy),
  );
  const unitName = new Map(heads.map((u) => [u.id, u.name]));
  return buildDelegationCard({
    place:
      heads.length > 0 ? `${heads.map((u) => u.name).join('、')}负责人` : office ? '督查室工作人员' : null,
    running: running.map((d) => ({
      deputyName: names.get(d.deputy) ?? d.deputy,
      place: d.unitId === null ? '督查室' : (unitName.get(d.unitId) ?? ''),
      endsOn: d.endsOn,
      reason: d.reason,
    })),
    deputies: await usualDeputies(
      db,
      person,
      heads.map((u) => u.id),
    ),
    reasons: REASONS,
    head: heads.length > 0,
    note,
  });
}

/** 委托 or 取消委托 pressed on the card: done in one transaction, answered with the card as it is now. */
export async function delegationFromCard(
  deps: Deps,
  person: Person,
  value: DelegationValue,
  formValue: Record<string, unknown>,
): Promise<CallbackResponse> {
  const now = deps.now();
  let request: { deputy: string; endsOn: string; reason: string } | null = null;
  if (value.a === 'delegate') {
    const deputy = formValue[DEPUTY_FIELD];
    const date =
      typeof formValue[FIELDS.date] === 'string' ? String(formValue[FIELDS.date]).trim().split(/\s+/)[0] : '';
    const reason = formValue[REASON_FIELD];
    if (typeof deputy !== 'string' || deputy === '') return toast('error', '请选择被委托人');
    if (!date || !isIsoDate(date)) return toast('error', '请选择委托截止日期');
    request = { deputy, endsOn: date, reason: REASONS.find((r) => r === reason) ?? '' };
  }
  const done = await deps.db
    .transaction()
    .execute(async (trx): Promise<Result<Outcome & { ids: string[] }, string>> => {
      const res = request
        ? await delegateTo(trx, person, request, now)
        : await endOwnDelegation(trx, person, now);
      if (!res.ok) return res;
      return { ok: true, value: { ...res.value, ids: await insertOutbox(trx, res.value.messages) } };
    });
  if (!done.ok) return toast('error', done.error);
  await queueMessages(deps, done.value.ids);
  return toastWithCard(
    'success',
    done.value.reply,
    await delegationCardFor(deps.db, person, now, done.value.reply),
  );
}
