import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import { unitMembers } from '../../db/queries/units.ts';
import { redirect, unitStandIns } from '../delegation/receivers.ts';
import type { Recipient } from '../outbox-message.ts';

/**
 * Who answers for a unit now: its head first, then its liaisons, each privately; while one of them is
 * away on a 委托, their deputy instead (marked 代X接收). Every notice, reminder, @-mention, 加急 and
 * delivery fallback asks this, so who that is is decided in one place.
 */
async function responsiblePeople(db: Db, tenantKey: string, unitId: number, now: Date): Promise<Recipient[]> {
  const members = await unitMembers(db, tenantKey, unitId);
  const people = members.map((id): Recipient => ({ type: 'open_id', id }));
  return redirect(people, await unitStandIns(db, tenantKey, unitId, members, now));
}

/** The open_ids of `responsiblePeople`. */
export async function responsibleFor(
  db: Db,
  tenantKey: string,
  unitId: number,
  now: Date,
): Promise<string[]> {
  return (await responsiblePeople(db, tenantKey, unitId, now)).map((r) => r.id);
}

/**
 * A unit's responsible people privately, and the unit's group when it has one; a card to the group
 * @-mentions them, so in a busy group they are notified.
 */
export async function unitRecipients(
  db: Db,
  tenantKey: string,
  unitId: number,
  now: Date,
): Promise<Recipient[]> {
  const [people, unit] = await Promise.all([
    responsiblePeople(db, tenantKey, unitId, now),
    db
      .selectFrom('units')
      .select('chat_id')
      .where('tenant_key', '=', tenantKey)
      .where('id', '=', unitId)
      .executeTakeFirst(),
  ]);
  const out = [...people];
  if (unit?.chat_id) out.push({ type: 'chat_id', id: unit.chat_id, mention: people.map((p) => p.id) });
  return out;
}

/** The unit's head and liaisons only: for text notes that should not be repeated in the unit group. */
export async function unitPeople(db: Db, tenantKey: string, unitId: number, now: Date): Promise<Recipient[]> {
  return responsiblePeople(db, tenantKey, unitId, now);
}

/** The supervision group, or every office member privately when the tenant has no group. */
export async function officeRecipients(
  db: Db,
  tenantKey: string,
  supervisionChat: string | null,
): Promise<Recipient[]> {
  if (supervisionChat) return [{ type: 'chat_id', id: supervisionChat }];
  const rows = await db
    .selectFrom('people')
    .select('open_id')
    .where('tenant_key', '=', tenantKey)
    // A bare array would be sent as a list of values, not as one text[].
    .where(sql<boolean>`roles @> array['office']::text[]`)
    .orderBy('open_id')
    .execute();
  return rows.map((r) => ({ type: 'open_id', id: r.open_id }));
}

export async function leaderInChargeOf(
  db: Db,
  tenantKey: string,
  unitId: number | null,
): Promise<string | null> {
  if (unitId === null) return null;
  const row = await db
    .selectFrom('units')
    .select('leader_in_charge')
    .where('tenant_key', '=', tenantKey)
    .where('id', '=', unitId)
    .executeTakeFirst();
  return row?.leader_in_charge ?? null;
}
