import type { Db } from '../../db/client.ts';
import type { NewOutbox } from '../../db/database.ts';
import type { Person } from '../../db/queries/people.ts';
import type { IncomingMessage } from '../../lark/message.ts';
import { cardMessage, textMessage } from '../outbox-message.ts';
import { parseCommand, runCommand } from './commands.ts';

/** Chat commands (我的事项, 逾期, 事项 <编号>, 统计, 专报, 导出台账). Null when the text is not a command. */
export async function runTextCommand(
  trx: Db,
  person: Person,
  msg: IncomingMessage,
  now: Date,
): Promise<NewOutbox[] | null> {
  const command = parseCommand(msg.text);
  if (!command) return null;
  const spec = {
    tenantKey: person.tenantKey,
    to: { type: 'chat_id' as const, id: msg.chatId },
    key: `reply:${msg.messageId}`,
    replyTo: msg.messageId,
  };
  const res = await runCommand(trx, person, command, now, {
    to: spec.to,
    key: spec.key,
    replyTo: msg.messageId,
  });
  if (!res.ok) return [textMessage({ ...spec, purpose: 'refusal' }, res.error)];
  return 'card' in res.value
    ? [cardMessage({ ...spec, purpose: `command:${command.name}` }, res.value.card)]
    : res.value.messages;
}
