import type { Failure } from '../../lib/result.ts';
import { ANSWER_CATEGORIES, isContactMethod, isSatisfaction } from '../proposal.ts';
import type { ItemFacts, LifecycleCommand } from './types.ts';

/** Longest text kept for a report or result (chat messages can be long; cards truncate). */
export const MAX_TEXT = 5000;
/** Longest reason, comment or answer. */
export const MAX_REASON = 1000;

const invalid = (message: string): Failure<'INVALID_INPUT'> => ({ code: 'INVALID_INPUT', message });

/** `YYYY-MM-DD` naming a real calendar day. */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function requireText(
  value: string | undefined,
  max: number,
  missing: string,
): Failure<'INVALID_INPUT'> | null {
  const text = value?.trim() ?? '';
  if (text === '') return invalid(missing);
  if ([...text].length > max) return invalid(`内容过长，最多 ${max} 字`);
  return null;
}

function optionalText(value: string | undefined, max: number): Failure<'INVALID_INPUT'> | null {
  if (value !== undefined && [...value.trim()].length > max) return invalid(`内容过长，最多 ${max} 字`);
  return null;
}

/** Checks what the person supplied with the action; state and permission are checked before. */
export function validateInput(item: ItemFacts, command: LifecycleCommand): Failure<'INVALID_INPUT'> | null {
  switch (command.type) {
    case 'issue':
      return item.leadUnitId === null ? invalid('请先选择牵头单位') : null;
    case 'report':
      return requireText(command.text, MAX_TEXT, '请填写办理进展');
    case 'submit':
      return requireText(command.text, MAX_TEXT, '请填写办理结果');
    case 'return':
      return requireText(command.reason, MAX_REASON, '请填写退回重办的理由');
    case 'decline':
      return requireText(command.reason, MAX_REASON, '请填写申请改派的理由');
    case 'cancel':
      return requireText(command.reason, MAX_REASON, '请填写撤销理由');
    case 'request_coordination':
      return requireText(command.text, MAX_REASON, '请填写需要协调解决的问题');
    case 'request_extension': {
      if (!isIsoDate(command.date)) return invalid('请选择延期后的办理时限');
      if (item.deadline && command.date <= item.deadline) {
        return invalid(`延期后的时限应晚于现办理时限（${item.deadline}）`);
      }
      return requireText(command.reason, MAX_REASON, '请填写延期理由');
    }
    case 'decide_extension':
      return command.approve
        ? optionalText(command.comment, MAX_REASON)
        : requireText(command.comment, MAX_REASON, '请填写不同意延期的理由');
    case 'reassign': {
      if (!Number.isInteger(command.leadUnitId) || command.leadUnitId <= 0)
        return invalid('请选择新的牵头单位');
      if (command.leadUnitId === item.leadUnitId) return invalid('新的牵头单位与原牵头单位相同，请重新选择');
      return optionalText(command.reason, MAX_REASON);
    }
    case 'answer_coordination':
      return command.toTopicMeeting
        ? optionalText(command.answer, MAX_REASON)
        : requireText(command.answer, MAX_REASON, '请填写协调意见');
    case 'approve':
      return optionalText(command.comment, MAX_REASON);
    case 'urge':
    case 'supervise':
      return optionalText(command.text, MAX_REASON);
    case 'discard':
    case 'accept':
      return null;
    case 'keep_lead':
      return requireText(command.reason, MAX_REASON, '请填写不同意调整的理由');
    case 'send_opinion':
      return requireText(command.text, MAX_TEXT, '请填写会办意见');
    case 'record_contact':
      if (!isIsoDate(command.date)) return invalid('请选择沟通日期');
      if (!isContactMethod(command.method)) return invalid('请选择沟通方式');
      return optionalText(command.note, MAX_REASON);
    case 'reply':
      if (!(ANSWER_CATEGORIES as readonly string[]).includes(command.category))
        return invalid('请选择答复类别');
      if (command.category === 'B' && !(command.followupOn && isIsoDate(command.followupOn)))
        return invalid('B类答复请选择跟踪落实日期（承诺事项的办理时间）');
      return requireText(command.summary, MAX_TEXT, '请填写答复内容摘要');
    case 'rate':
      if (!isSatisfaction(command.satisfaction)) return invalid('请选择满意度');
      if (command.satisfaction === 'unsatisfied' && !(command.date && isIsoDate(command.date)))
        return invalid('不满意需重办，请选择重办时限');
      return optionalText(command.comment, MAX_REASON);
  }
}
