import type { Db } from '../../db/client.ts';
import { unitMembers } from '../../db/queries/units.ts';
import type { StandInReceiver } from '../delegation/receivers.ts';
import { deputiesOutside, redirect, unitStandIns } from '../delegation/receivers.ts';
import type { Recipient } from '../outbox-message.ts';

export type UnitContacts = {
  name: string | null;
  chatId: string | null;
  /** Head first, then liaisons. */
  members: string[];
  leaderInCharge: { openId: string; name: string } | null;
  /** Deputies of members away on a delegation running now (委托). */
  standIns: StandInReceiver[];
};

export async function unitContacts(
  db: Db,
  tenantKey: string,
  unitId: number,
  now: Date,
): Promise<UnitContacts> {
  const [unit, members] = await Promise.all([
    db
      .selectFrom('units as u')
      .leftJoin('people as p', (j) =>
        j.onRef('p.tenant_key', '=', 'u.tenant_key').onRef('p.open_id', '=', 'u.leader_in_charge'),
      )
      .select(['u.name', 'u.chat_id', 'u.leader_in_charge', 'p.name as leader_name'])
      .where('u.tenant_key', '=', tenantKey)
      .where('u.id', '=', unitId)
      .executeTakeFirst(),
    unitMembers(db, tenantKey, unitId),
  ]);
  const leader = unit?.leader_in_charge;
  return {
    name: unit?.name ?? null,
    chatId: unit?.chat_id ?? null,
    members,
    leaderInCharge: leader ? { openId: leader, name: unit?.leader_name ?? '' } : null,
    standIns: await unitStandIns(db, tenantKey, unitId, members, now),
  };
}

/**
 * Where a unit's reminders go: its group when it has one (one message the whole unit sees, which
 * @-mentions its responsible people), else its head and liaisons privately. Never both: the same
 * reminder twice is noise (减负). A head away on a delegation: their deputy instead, and privately too
 * when the deputy is not in the unit (not in its group).
 */
export function unitReminderRecipients(contacts: UnitContacts): Recipient[] {
  const people = redirect(
    contacts.members.map((id) => ({ type: 'open_id', id })),
    contacts.standIns,
  );
  if (contacts.chatId)
    return [
      { type: 'chat_id', id: contacts.chatId, mention: people.map((p) => p.id) },
      ...deputiesOutside(contacts.standIns, contacts.members),
    ];
  return people;
}
