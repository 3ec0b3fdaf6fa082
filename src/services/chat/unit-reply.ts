import { buildChooseItemCard } from '../../../cards/choose-item.ts';
import { buildConfirmResultCard } from '../../../cards/confirm-result.ts';
import type { Db } from '../../db/client.ts';
import type { ItemRow, NewOutbox } from '../../db/database.ts';
import { openItemsOfUnits } from '../../db/queries/items.ts';
import { findOutboxByMessageId } from '../../db/queries/outbox.ts';
import type { Person } from '../../db/queries/people.ts';
import { readsAsResult } from '../../domain/reply.ts';
import type { IncomingMessage } from '../../lark/message.ts';
import type { Logger } from '../../lib/logger.ts';
import { applyItemActionIn } from '../lifecycle/apply-action.ts';
import { cardMessage, textMessage } from '../outbox-message.ts';

export const NO_OPEN_ITEMS = '您所在单位目前没有在办的督查事项。发送“帮助”可查看可用功能。';

type Env = { trx: Db; person: Person; msg: IncomingMessage; now: Date; logger: Logger };

/** The item a reply points at: the card it replies to names the item (via the outbox row that sent it). */
async function repliedItem(env: Env): Promise<number | null> {
  for (const id of [env.msg.parentId, env.msg.rootId]) {
    if (!id) continue;
    const row = await findOutboxByMessageId(env.trx, env.person.tenantKey, id);
    if (row?.item_id) return row.item_id;
  }
  return null;
}

export const messageText = (msg: IncomingMessage): string =>
  msg.text ||
  msg.attachments.map((a) => (a.kind === 'image' ? '[图片]' : `[文件] ${a.name ?? ''}`.trim())).join(' ');

/**
 * A unit member wrote to the bot: a reply to an item's card, or a plain message with one open item,
 * becomes a progress report; several open items → the bot asks which; a message that reads as done
 * is held and offered as a result to confirm.
 */
export async function handleUnitReply(env: Env): Promise<NewOutbox[]> {
  const { trx, person, msg } = env;
  const open = await openItemsOfUnits(trx, person.tenantKey, person.unitIds);
  const replied = await repliedItem(env);
  const target =
    open.find((i) => i.id === replied) ?? (replied === null && open.length === 1 ? open[0] : undefined);
  const reply = (key: string) => ({
    tenantKey: person.tenantKey,
    to: { type: 'chat_id' as const, id: msg.chatId },
    key: `${key}:${msg.messageId}`,
    replyTo: msg.messageId,
  });
  if (!target) {
    if (open.length === 0) return [textMessage({ ...reply('reply'), purpose: 'note' }, NO_OPEN_ITEMS)];
    const held = await hold(env, null);
    const card = buildChooseItemCard({
      heldId: held,
      messageText: messageText(msg),
      items: open
        .slice(0, 10)
        .map((i) => ({ id: i.id, number: i.number, title: i.title, deadline: i.deadline })),
    });
    return [cardMessage({ ...reply('choose'), purpose: 'choose' }, card)];
  }
  return reportOn(env, target);
}

/** Records the message on `item`, or holds it for confirmation when it reads as a result. */
export async function reportOn(env: Env, item: ItemRow): Promise<NewOutbox[]> {
  const { person, msg } = env;
  const text = messageText(msg);
  const isLead = item.lead_unit_id !== null && person.unitIds.includes(item.lead_unit_id);
  const reply = (key: string) => ({
    tenantKey: person.tenantKey,
    to: { type: 'chat_id' as const, id: msg.chatId },
    key: `${key}:${msg.messageId}`,
    replyTo: msg.messageId,
    itemId: item.id,
  });
  if (isLead && ['issued', 'in_progress'].includes(item.state) && readsAsResult(text)) {
    const held = await hold(env, item.id);
    const card = buildConfirmResultCard({
      heldId: held,
      item: { id: item.id, number: item.number, title: item.title },
      messageText: text,
    });
    return [cardMessage({ ...reply('confirm'), purpose: 'confirm_result' }, card)];
  }
  const res = await applyItemActionIn(
    env.trx,
    { actor: person, now: env.now, logger: env.logger },
    {
      itemId: item.id,
      command: { type: 'report', text },
      clicked: null,
      source: { messageId: msg.messageId, attachments: msg.attachments },
    },
  );
  if (!res.ok) return [textMessage({ ...reply('reply'), purpose: 'note' }, `未能记录：${res.error.message}`)];
  const label = item.number ?? `“${item.title}”`;
  return [
    ...res.value.messages,
    textMessage({ ...reply('reply'), purpose: 'note' }, `已记为${label}的办理进展。`),
  ];
}

async function hold(env: Env, itemId: number | null): Promise<number> {
  const { person, msg } = env;
  const row = await env.trx
    .insertInto('held_replies')
    .values({
      tenant_key: person.tenantKey,
      open_id: person.openId,
      message_id: msg.messageId,
      chat_id: msg.chatId,
      item_id: itemId,
      text: messageText(msg),
      attachments: JSON.stringify(msg.attachments),
    })
    .onConflict((oc) => oc.columns(['tenant_key', 'message_id']).doUpdateSet({ item_id: itemId }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
