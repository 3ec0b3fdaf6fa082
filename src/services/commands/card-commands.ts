import type { BulletinDecisionValue, CommandValue, PageValue } from '../../../cards/actions.ts';
import type { CallbackResponse } from '../../../cards/toast.ts';
import { toast } from '../../../cards/toast.ts';
import type { Person } from '../../db/queries/people.ts';
import type { Deps } from '../../deps.ts';

/** Buttons that run a chat command (help card shortcuts, list paging, bulletin decisions). */
export async function runCardCommand(
  _deps: Deps,
  _person: Person,
  _value: CommandValue | PageValue | BulletinDecisionValue,
): Promise<CallbackResponse> {
  return toast('info', '请在对话框中发送指令，例如“我的事项”');
}
