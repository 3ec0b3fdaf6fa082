import type { Db } from '../../db/client.ts';
import type { NewOutbox } from '../../db/database.ts';
import type { Person } from '../../db/queries/people.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import type { IncomingMessage } from '../../lark/message.ts';
import { cardMessage, textMessage } from '../outbox-message.ts';
import type { Command } from './commands.ts';
import { parseCommand, runCommand } from './commands.ts';

/** Commands whose answers the leaders' group may see: the county-wide figures meant for leaders. */
const LEADERS_GROUP_COMMANDS: ReadonlySet<Command['name']> = new Set(['stats', 'bulletin']);

/**
 * Whether a command asked in a group is answered in that group. A group's members are not the
 * asker: a unit group must not see another unit's item, the county figures or the ledger, so only
 * the supervision group (the office) and, for the leaders' commands, the leaders' group qualify.
 */
function answersInGroup(command: Command, chatId: string, groups: TenantContext['groups']): boolean {
  if (chatId === groups.supervision) return true;
  return chatId === groups.leaders && LEADERS_GROUP_COMMANDS.has(command.name);
}

/**
 * Chat commands (我的事项, 逾期, 事项 <编号>, 统计, 专报, 导出台账). Null when the text is not a command.
 * Answers go to the asker privately, except in the groups above; a group asked elsewhere gets one
 * short line saying so. A refusal tells nothing about any item and is answered where it was asked.
 */
export async function runTextCommand(
  trx: Db,
  person: Person,
  msg: IncomingMessage,
  now: Date,
  groups: TenantContext['groups'],
): Promise<NewOutbox[] | null> {
  const command = parseCommand(msg.text);
  if (!command) return null;
  const here = {
    tenantKey: person.tenantKey,
    to: { type: 'chat_id' as const, id: msg.chatId },
    key: `reply:${msg.messageId}`,
    replyTo: msg.messageId,
  };
  const inGroup = msg.chatType === 'group' && answersInGroup(command, msg.chatId, groups);
  const privately = msg.chatType === 'group' && !inGroup;
  const where = inGroup
    ? { to: here.to, key: here.key, replyTo: msg.messageId }
    : {
        to: { type: 'open_id' as const, id: person.openId },
        key: privately ? `private:${msg.messageId}` : here.key,
        // In the private chat the answer is a reply; from a group, a reply would land in the group.
        replyTo: privately ? null : msg.messageId,
      };
  const res = await runCommand(trx, person, command, now, where);
  if (!res.ok) return [textMessage({ ...here, purpose: 'refusal' }, res.error)];
  const answer =
    'card' in res.value
      ? [
          cardMessage(
            { tenantKey: person.tenantKey, ...where, purpose: `command:${command.name}` },
            res.value.card,
          ),
        ]
      : res.value.messages;
  if (!privately) return answer;
  return [...answer, textMessage({ ...here, purpose: 'note' }, '已私信发送给您。')];
}
