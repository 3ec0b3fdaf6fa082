import { buildAckCard } from '../../cards/ack.ts';
import { buildHelpCard } from '../../cards/help.ts';
import type { NewOutbox } from '../db/database.ts';
import { findPerson } from '../db/queries/people.ts';
import { loadTenantContext } from '../db/queries/tenants.ts';
import { readIncomingMessage } from '../lark/message.ts';
import { handleUnitReply } from './chat/unit-reply.ts';
import { runTextCommand } from './commands/text-commands.ts';
import { runDelegationCommand } from './delegation/command.ts';
import type { EventHandler } from './event-handlers.ts';
import { FORWARD_AS_REPORT, unsupportedTypeLine } from './intake/answers.ts';
import { draftInstruction } from './intake/draft-instruction.ts';
import { intentOf } from './intake/intake.ts';
import { cardMessage, textMessage } from './outbox-message.ts';
import { proposalSheetFromChat } from './proposals/chat-import.ts';

export const STRANGER_REPLY =
  '您好，您不在本县督查督办名录中，暂时无法使用督查督办助手。如需开通，请联系县政府督查室。';

const HELP_WORDS = new Set(['帮助', 'help', '?', '？', '菜单']);
/** Shorter than this, a leader's message is a remark ("好的"), not an instruction to draft. */
const MIN_INSTRUCTION_CHARS = 6;
/** Forms an instruction can come in besides text: read by the intake stage before this transaction. */
const INTAKE_TYPES = new Set(['merge_forward', 'file', 'image']);

/**
 * A person in the directory who writes to the bot: a leader or the office sends an instruction (→ a
 * draft, however it came: text, merged forward, document, photo), a unit member reports (→ progress
 * on their item). Any other kind of message gets one line saying what the bot takes; a stranger gets
 * a short refusal. In a group the bot answers only when @-mentioned. Every answer replies to the
 * message it answers.
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
  const sheet = await proposalSheetFromChat(trx, person, msg, ctx.now);
  if (sheet) return sheet;
  const intent = intentOf(person, msg);
  const unsupported = unsupportedTypeLine(msg.messageType, intent);
  if (unsupported) return [textMessage({ ...spec, purpose: 'note' }, unsupported)];
  if (msg.text === '' && msg.attachments.length === 0 && msg.messageType !== 'merge_forward') return [];
  if (HELP_WORDS.has(msg.text.toLowerCase())) {
    return [cardMessage({ ...spec, purpose: 'help' }, buildHelpCard({ roles: person.roles }))];
  }
  const tenant = await loadTenantContext(trx, ctx.tenantKey, ctx.logger);
  const delegation = await runDelegationCommand(trx, person, msg, ctx.now, tenant);
  if (delegation) return delegation;
  const command = await runTextCommand(trx, person, msg, ctx.now, tenant.groups);
  if (command) return command;

  if (intent === 'report') {
    if (msg.messageType === 'merge_forward')
      return [textMessage({ ...spec, purpose: 'note' }, FORWARD_AS_REPORT)];
    return handleUnitReply({ trx, person, msg, now: ctx.now, logger: ctx.logger });
  }
  if (
    intent === 'instruction' &&
    (INTAKE_TYPES.has(msg.messageType) || msg.text.length >= MIN_INSTRUCTION_CHARS)
  )
    return draftInstruction(trx, person, msg, ctx.now, ctx.logger);
  const quoted = msg.text || '[附件]';
  return [
    cardMessage(
      { ...spec, purpose: 'ack' },
      buildAckCard({
        text: quoted,
        senderName: person.name,
        note: '如需交办事项，请发送完整的批示或工作要求；发送“帮助”查看可用功能。',
      }),
    ),
  ];
};
