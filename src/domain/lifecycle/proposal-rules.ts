import type { Failure } from '../../lib/result.ts';
import { fail, type Result } from '../../lib/result.ts';
import type { ItemAction, ItemFacts, LifecycleCommand, LifecycleErrorCode } from './types.ts';

/** Actions that only a 建议提案 has. */
export const PROPOSAL_ACTIONS: readonly ItemAction[] = [
  'keep_lead',
  'send_opinion',
  'record_contact',
  'reply',
  'rate',
];

/**
 * The 建议提案 steps' own conditions, after state and permission: contact before the reply, the reply
 * carries its 答复函, 申请调整 only within its working days, one rating per reply. Null when allowed.
 */
/** Dates the person picked must not lie in the past (a 重办 limit, a B answer's follow-up day). */
export function proposalDateRefusal(
  item: ItemFacts,
  command: LifecycleCommand,
): Failure<'INVALID_INPUT'> | null {
  const today = item.proposal?.today;
  if (!today) return null;
  if (command.type === 'rate' && command.date && command.date < today)
    return { code: 'INVALID_INPUT', message: `重办时限 ${command.date} 早于今天，请重新选择` };
  if (command.type === 'reply' && command.followupOn && command.followupOn < today)
    return { code: 'INVALID_INPUT', message: `跟踪落实日期 ${command.followupOn} 早于今天，请重新选择` };
  return null;
}

export function proposalRefusal(
  item: ItemFacts,
  action: ItemAction,
): Result<never, Failure<LifecycleErrorCode>> | null {
  const p = item.proposal;
  if (!p) {
    return PROPOSAL_ACTIONS.includes(action) ? fail('ILLEGAL_TRANSITION', '该操作仅适用于建议提案') : null;
  }
  switch (action) {
    case 'submit':
      return fail('ILLEGAL_TRANSITION', '建议提案请通过“提交答复”报送答复函和答复类别');
    case 'decline':
      return p.adjustOpen
        ? null
        : fail('CONFLICT', '已超过申请调整的时限，请先签收办理；确有困难请联系督查室');
    case 'reply':
      if (!p.contacted) return fail('CONFLICT', '答复前请先与代表（委员）沟通，并记录沟通日期和方式');
      if (p.replyFileId === null)
        return fail('CONFLICT', '请先将答复函文件回复到本事项的卡片（或发给机器人并选择本事项），再提交答复');
      return null;
    case 'rate':
      return p.rated ? fail('CONFLICT', '本次答复已记录满意度') : null;
    default:
      return null;
  }
}
