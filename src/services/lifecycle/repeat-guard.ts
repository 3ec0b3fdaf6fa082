import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { Person } from '../../db/queries/people.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import type { LifecycleCommand } from '../../domain/lifecycle/index.ts';
import { actionLabel } from '../../domain/lifecycle/index.ts';
import type { Failure } from '../../lib/result.ts';

/** Recorded on 催办/督办 events: the Beijing day by the engine's clock, which the guard compares. */
export const urgeDay = (now: Date): { day: string } => ({ day: beijingDate(now) });

/** Recorded on every event a card click made: the item version the card showed. */
export const cardVersion = (command: LifecycleCommand): { cardVersion?: number } =>
  command.version === undefined ? {} : { cardVersion: command.version };

/** Additive actions kept to one per person and card version, and what a repeat is told. */
const ONE_PER_CARD: Partial<Record<LifecycleCommand['type'], string>> = {
  report: '这条办理进展已记录，请勿重复提交',
  // 建议提案: a 会办意见 or a contact record from the same card is the same one.
  send_opinion: '会办意见已提交，请勿重复提交',
  record_contact: '沟通情况已记录，请勿重复提交',
};

/**
 * Additive actions carry no version check (an older card still names the right item), so a second
 * click would act twice. This catches the repeats; it runs under the item's row lock, so concurrent
 * clicks see each other's event.
 * - 反馈进展: one report per person and card version (the clicked card is redrawn after a report, so
 *   a new report comes from a new version; another person's report from the same card still counts).
 * - 催办/督办: one of each per item and Beijing day, whoever presses (their buttons sit on cards that
 *   are not redrawn, like 逾期通报): the unit is told once.
 * The other additive actions are one-off by their state (签收, 报结, 申请改派) or by their pending
 * request (申请延期, 申请协调).
 */
export async function repeatRefusal(
  trx: Db,
  rec: { tenant_key: string; id: number },
  actor: Person,
  command: LifecycleCommand,
  now: Date,
): Promise<Failure<'CONFLICT'> | null> {
  const base = trx
    .selectFrom('item_events')
    .select('id')
    .where('tenant_key', '=', rec.tenant_key)
    .where('item_id', '=', rec.id)
    .where('action', '=', command.type);
  const once = ONE_PER_CARD[command.type];
  if (once && command.version !== undefined) {
    const earlier = await base
      .where('actor', '=', actor.openId)
      .where(sql<string>`data->>'cardVersion'`, '=', String(command.version))
      .executeTakeFirst();
    return earlier ? { code: 'CONFLICT', message: once } : null;
  }
  if (command.type !== 'urge' && command.type !== 'supervise') return null;
  const earlier = await base.where(sql<string>`data->>'day'`, '=', urgeDay(now).day).executeTakeFirst();
  if (!earlier) return null;
  const label = actionLabel(command.type);
  return { code: 'CONFLICT', message: `今天已${label}过该事项，不再重复${label}` };
}
