import type { ItemState } from '../item.ts';
import { actionLabel } from './table.ts';
import type { ItemAction, ItemEventName } from './types.ts';

/** Refusals that read better than the generic sentence for the state. */
const SPECIFIC: Partial<Record<ItemAction, Partial<Record<ItemState, string>>>> = {
  accept: {
    in_progress: '该事项已签收，无需重复签收',
    submitted: '该事项已签收并报结，无需再签收',
  },
  decline: {
    in_progress: '该事项已签收办理，不能再申请改派；如确有困难，请申请协调',
    reassigning: '已申请改派，请等待督查室重新交办',
  },
  submit: {
    submitted: '该事项已报结，正在等待督查室审核',
    reassigning: '该事项正在申请改派，不能报结',
  },
  approve: {
    issued: '该事项尚未报结，不能办结',
    in_progress: '该事项尚未报结，不能办结',
  },
  return: {
    issued: '该事项尚未报结，不能退回重办',
    in_progress: '该事项尚未报结，不能退回重办',
  },
  issue: {
    issued: '该事项已交办，无需重复交办',
    in_progress: '该事项已交办，无需重复交办',
  },
};

/** Why `action` cannot be taken while the item is in `state`. */
export function stateRefusal(state: ItemState, action: ItemAction): string {
  const specific = SPECIFIC[action]?.[state];
  if (specific) return specific;
  const label = actionLabel(action);
  switch (state) {
    case 'draft':
      return `该事项尚未交办，不能${label}`;
    case 'issued':
      return `该事项尚未签收，不能${label}`;
    case 'in_progress':
      return `该事项正在办理中，不能${label}`;
    case 'submitted':
      return `该事项已报结，正在等待督查室审核，不能${label}`;
    case 'reassigning':
      return `该事项正在申请改派，等待督查室重新交办，不能${label}`;
    case 'completed':
      return `该事项已办结，不能再${label}`;
    case 'cancelled':
      return `该事项已撤销，不能再${label}`;
    case 'discarded':
      return `该拟办事项已作废，不能再${label}`;
  }
}

/** How each recorded event reads in a timeline (留痕). */
export const EVENT_LABELS: Readonly<Record<ItemEventName, string>> = {
  issue: '交办',
  discard: '作废',
  accept: '签收',
  report: '反馈进展',
  submit: '报结',
  request_extension: '申请延期',
  request_coordination: '申请协调',
  decline: '申请改派',
  approve: '办结',
  return: '退回重办',
  extension_approved: '同意延期',
  extension_refused: '不同意延期',
  reassign: '改派',
  coordination_answered: '答复协调',
  coordination_to_topic_meeting: '提交专题会议',
  urge: '催办',
  supervise: '督办',
  cancel: '撤销',
  keep_lead: '不同意调整',
  send_opinion: '会办意见',
  record_contact: '沟通代表委员',
  reply: '提交答复',
  rate: '满意度',
};
