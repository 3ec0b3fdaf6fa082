import type { Db } from '../../db/client.ts';
import type { NewOutbox } from '../../db/database.ts';
import type { Person } from '../../db/queries/people.ts';
import type { IncomingMessage } from '../../lark/message.ts';

/** Chat commands (我的事项, 逾期, 事项 <编号>, 统计, 专报). Null when the text is not a command. */
export async function runTextCommand(
  _trx: Db,
  _person: Person,
  _msg: IncomingMessage,
  _now: Date,
): Promise<NewOutbox[] | null> {
  return null;
}
