/**
 * Who receives for a person now: while a delegation runs, the private notices and reminders of the
 * delegator's place go to the deputy, marked 代X接收. The recipient lists (lifecycle/recipients.ts,
 * followup/recipients.ts) pass through here; nothing else changes where a message goes.
 */
import type { Db } from '../../db/client.ts';
import { runningDelegations } from '../../db/queries/delegations.ts';
import { personNames } from '../../db/queries/units.ts';
import type { Recipient } from '../outbox-message.ts';

export type StandInReceiver = { delegator: string; delegatorName: string; deputy: string };

/** Running delegations of `people` for the unit's place (a head's 委托), at `now`. */
export async function unitStandIns(
  db: Db,
  tenantKey: string,
  unitId: number,
  people: readonly string[],
  now: Date,
): Promise<StandInReceiver[]> {
  const running = (await runningDelegations(db, tenantKey, now, { delegators: people })).filter(
    (d) => d.scope === 'unit' && d.unitId === unitId,
  );
  if (running.length === 0) return [];
  const names = await personNames(
    db,
    tenantKey,
    running.map((d) => d.delegator),
  );
  return running.map((d) => ({
    delegator: d.delegator,
    delegatorName: names.get(d.delegator) ?? '',
    deputy: d.deputy,
  }));
}

/** Each delegator's private copy goes to their deputy instead; a deputy who receives already keeps one copy. */
export function redirect(
  recipients: readonly Recipient[],
  standIns: readonly StandInReceiver[],
): Recipient[] {
  const out: Recipient[] = [];
  const has = (r: Recipient) => out.some((o) => o.type === r.type && o.id === r.id);
  for (const r of recipients) {
    const s = r.type === 'open_id' ? standIns.find((x) => x.delegator === r.id) : undefined;
    const to: Recipient = s ? { type: 'open_id', id: s.deputy, onBehalfOf: s.delegatorName } : r;
    if (recipients.some((o) => o !== r && o.type === to.type && o.id === to.id) || has(to)) continue;
    out.push(to);
  }
  return out;
}

/** Deputies who are not among `members`: a message to the unit's group does not reach them. */
export const deputiesOutside = (
  standIns: readonly StandInReceiver[],
  members: readonly string[],
): Recipient[] =>
  standIns
    .filter((s) => !members.includes(s.deputy))
    .map((s) => ({ type: 'open_id' as const, id: s.deputy, onBehalfOf: s.delegatorName }));
