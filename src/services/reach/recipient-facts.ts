/** What a chat or person is in the directory: how the office reads their name, and their place on the route. */
import type { Db } from '../../db/client.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import type { RecipientRole } from '../../domain/reach/route.ts';
import type { Recipient } from '../outbox-message.ts';

export type RecipientFacts = { name: string; role: RecipientRole };

const MEMBER_ROLES: Readonly<Record<string, string>> = { head: '负责人', liaison: '联络员' };

export async function recipientFacts(
  db: Db,
  ctx: Pick<TenantContext, 'tenantKey' | 'groups'>,
  to: Pick<Recipient, 'type' | 'id'>,
): Promise<RecipientFacts> {
  const { tenantKey, groups } = ctx;
  if (to.type === 'chat_id') {
    if (to.id === groups.supervision) return { name: '督查室工作群', role: { kind: 'office_group' } };
    if (to.id === groups.leaders) return { name: '县领导群', role: { kind: 'other' } };
    const unit = await db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('tenant_key', '=', tenantKey)
      .where('chat_id', '=', to.id)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    return unit
      ? { name: `${unit.name}工作群`, role: { kind: 'unit_group', unitId: unit.id } }
      : { name: `未登记的群（${to.id}）`, role: { kind: 'other' } };
  }
  const [person, membership] = await Promise.all([
    db
      .selectFrom('people')
      .select(['name', 'roles'])
      .where('tenant_key', '=', tenantKey)
      .where('open_id', '=', to.id)
      .executeTakeFirst(),
    db
      .selectFrom('unit_members as m')
      .innerJoin('units as u', (j) =>
        j.onRef('u.tenant_key', '=', 'm.tenant_key').onRef('u.id', '=', 'm.unit_id'),
      )
      .select(['u.id', 'u.name', 'm.role'])
      .where('m.tenant_key', '=', tenantKey)
      .where('m.open_id', '=', to.id)
      .where('u.removed_at', 'is', null)
      .orderBy('m.role')
      .orderBy('u.id')
      .executeTakeFirst(),
  ]);
  const name = person?.name ?? `未登记人员（${to.id}）`;
  if (membership)
    return {
      name: `${name}（${membership.name}${MEMBER_ROLES[membership.role] ?? ''}）`,
      role: { kind: 'unit_person', unitId: membership.id },
    };
  if (person?.roles.includes('office')) return { name: `${name}（督查室）`, role: { kind: 'office_person' } };
  if (person?.roles.includes('leader')) return { name: `${name}（县领导）`, role: { kind: 'other' } };
  return { name, role: { kind: 'other' } };
}
