/** 委托 in chat: 委托 (the card), 委托 @某人 至12月20日 [请假], 取消委托. Answers where it was asked. */
import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { NewOutbox } from '../../db/database.ts';
import type { Person } from '../../db/queries/people.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import { readDelegationCommand, readDelegationEnd, splitDelegation } from '../../domain/delegation.ts';
import type { IncomingMessage } from '../../lark/message.ts';
import { cardMessage, textMessage } from '../outbox-message.ts';
import { delegationCardFor } from './card.ts';
import { delegateTo, endOwnDelegation } from './delegate.ts';

const USAGE = '请写成：委托 @被委托人 至12月20日（可加事由，如“请假”“出差”）；发送“委托”可打开委托卡片。';

/** Null when the message is not about delegation (委托书已收到 names nobody known: not a command). */
export async function runDelegationCommand(
  trx: Db,
  person: Person,
  msg: IncomingMessage,
  now: Date,
  tenant: TenantContext,
): Promise<NewOutbox[] | null> {
  const command = readDelegationCommand(msg.text);
  if (!command) return null;
  const spec = {
    tenantKey: person.tenantKey,
    to: { type: 'chat_id' as const, id: msg.chatId },
    key: `reply:${msg.messageId}`,
    replyTo: msg.messageId,
    purpose: 'delegation',
  };
  const say = (text: string) => [textMessage(spec, text)];
  if (command.kind === 'card') return [cardMessage(spec, await delegationCardFor(trx, person, now))];
  let outcome: Awaited<ReturnType<typeof endOwnDelegation>>;
  if (command.kind === 'cancel') {
    outcome = await endOwnDelegation(trx, person, now);
  } else {
    // The mention says who is meant; without one, a name from the directory (one person of that name).
    const people = msg.mentions.length > 0 ? msg.mentions : await directoryNames(trx, person.tenantKey);
    const words = splitDelegation(
      command.rest,
      people.map((p) => p.name),
    );
    if (!words) return msg.mentions.length > 0 ? say(USAGE) : null;
    // Without an @-mention, only 委托 <name> 至/到 … is a delegation: a report that begins "委托钱文负责…"
    // (a reply to a card, or a plain message) must stay a report.
    if (msg.mentions.length === 0 && (msg.parentId || !/^(?:至|到|直到|截至)/.test(words.until))) return null;
    const named = people.filter((p) => p.name === words.deputy);
    if (named.length > 1) return say(`名录中有多位“${words.deputy}”，请用 @ 选择被委托人。`);
    const endsOn = readDelegationEnd(words.until, beijingDate(now), tenant.calendar);
    if (!endsOn) return say(`未能识别委托截止日期。${USAGE}`);
    outcome = await delegateTo(
      trx,
      person,
      { deputy: named[0]?.openId ?? '', endsOn, reason: words.reason },
      now,
    );
  }
  if (!outcome.ok) return say(outcome.error);
  return [...say(outcome.value.reply), ...outcome.value.messages];
}

async function directoryNames(db: Db, tenantKey: string): Promise<Array<{ openId: string; name: string }>> {
  const rows = await db
    .selectFrom('people')
    .select(['open_id', 'name'])
    .where('tenant_key', '=', tenantKey)
    .where(sql<boolean>`roles <> '{}'`)
    .execute();
  return rows.map((r) => ({ openId: r.open_id, name: r.name }));
}
