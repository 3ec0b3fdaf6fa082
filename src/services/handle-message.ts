import { buildAckCard } from '../../cards/ack.ts';
import { buildHelpCard } from '../../cards/help.ts';
import type { NewOutbox } from '../db/database.ts';
import { findPerson } from '../db/queries/people.ts';
import { readIncomingMessage } from '../lark/message.ts';
import type { EventHandler } from './event-handlers.ts';
import { cardMessage, textMessage } from './outbox-message.ts';

export const STRANGER_REPLY =
  '您好，您不在本县督查督办名录中，暂时无法使用督查督办助手。如需开通，请联系县政府督查室。';

const HELP_WORDS = new Set(['帮助', 'help', '?', '？', '菜单']);

/**
 * A person in the directory who writes to the bot gets a card; a stranger gets a short refusal. In a
 * group the bot answers only when @-mentioned. Every answer is a reply to the message it answers.
 */
export const handleMessage: EventHandler = async (trx, ctx): Promise<NewOutbox[]> => {
  const msg = readIncomingMessage(ctx.event, ctx.botOpenId);
  if (!msg) return [];
  if (msg.chatType === 'group' && !msg.mentionsBot) return [];
  const spec = {
    tenantKey: ctx.tenantKey,
    to: { type: 'chat_id' as const, id: msg.chatId },
    key: `reply:${msg.messageId}`,
    replyTo: msg.messageId,
  };
  const person = await findPerson(trx, ctx.tenantKey, msg.senderOpenId);
  if (!person || person.roles.length === 0) {
    ctx.logger.info({ openId: msg.senderOpenId }, 'message from someone outside the directory');
    return [textMessage({ ...spec, purpose: 'refusal' }, STRANGER_REPLY)];
  }
  if (msg.text === '' && msg.attachments.length === 0) return [];
  if (HELP_WORDS.has(msg.text.toLowerCase())) {
    return [cardMessage({ ...spec, purpose: 'help' }, buildHelpCard({ roles: person.roles }))];
  }
  const quoted =
    msg.text ||
    msg.attachments.map((a) => (a.kind === 'image' ? '[图片]' : `[文件] ${a.name ?? ''}`)).join(' ');
  return [cardMessage({ ...spec, purpose: 'ack' }, buildAckCard({ text: quoted, senderName: person.name }))];
};
