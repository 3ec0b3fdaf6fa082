import type { ItemState } from '../item.ts';
import type { ItemAction } from './types.ts';

/** Who may take an action; the predicates live in guards.ts. */
export type Who =
  | 'office'
  | 'draft_owner'
  | 'lead_member'
  | 'unit_member'
  | 'extension_approver'
  | 'coordination_leader'
  | 'co_member';

export type Rule = {
  /** The Chinese verb shown to people (按钮、留痕、提示). */
  label: string;
  who: Who;
  /** from → to. A state that is not a key refuses the action. */
  moves: Partial<Record<ItemState, ItemState>>;
  /**
   * Decisions about what a card showed (办结 a result, 撤销, 审批延期…) are refused when the item
   * has moved on since, so nobody approves a result they did not see. Additive actions
   * (反馈, 催办, requests) are not: an older card still names the right item. Their repeats are
   * caught otherwise (one-off by state or pending request, or services/lifecycle/repeat-guard.ts).
   */
  checkVersion: boolean;
  /** Refusal when the actor is not `who`. */
  forbidden: string;
};

const same = <S extends ItemState>(...states: S[]): Partial<Record<ItemState, ItemState>> =>
  Object.fromEntries(states.map((s) => [s, s]));

/** The lifecycle, one row per action. Anything not here is refused. */
export const TRANSITIONS: Readonly<Record<ItemAction, Rule>> = {
  issue: {
    label: '交办',
    who: 'office',
    moves: { draft: 'issued' },
    checkVersion: true,
    forbidden: '只有督查室可以交办事项',
  },
  discard: {
    label: '作废',
    who: 'draft_owner',
    moves: { draft: 'discarded' },
    checkVersion: true,
    forbidden: '只有督查室或拟办领导本人可以作废拟办事项',
  },
  accept: {
    label: '签收',
    who: 'lead_member',
    moves: { issued: 'in_progress' },
    checkVersion: false,
    forbidden: '只有牵头单位可以签收事项',
  },
  // A lead unit's report before 签收 implies 签收 (交必办: it plainly has the item); a co-unit's
  // report leaves the state alone, since only the lead unit accepts. See decide.ts.
  report: {
    label: '反馈进展',
    who: 'unit_member',
    moves: { issued: 'in_progress', ...same('in_progress', 'submitted') },
    checkVersion: false,
    forbidden: '只有承办单位（牵头或协办）可以反馈进展',
  },
  submit: {
    label: '报结',
    who: 'lead_member',
    moves: { issued: 'submitted', in_progress: 'submitted' },
    checkVersion: false,
    forbidden: '只有牵头单位可以报结',
  },
  request_extension: {
    label: '申请延期',
    who: 'lead_member',
    moves: same('issued', 'in_progress'),
    checkVersion: false,
    forbidden: '只有牵头单位可以申请延期',
  },
  request_coordination: {
    label: '申请协调',
    who: 'unit_member',
    moves: same('issued', 'in_progress'),
    checkVersion: false,
    forbidden: '只有承办单位（牵头或协办）可以申请协调',
  },
  decline: {
    label: '申请改派',
    who: 'lead_member',
    moves: { issued: 'reassigning' },
    checkVersion: false,
    forbidden: '只有牵头单位可以申请改派',
  },
  approve: {
    label: '办结',
    who: 'office',
    moves: { submitted: 'completed' },
    checkVersion: true,
    forbidden: '只有督查室可以办结事项',
  },
  return: {
    label: '退回重办',
    who: 'office',
    moves: { submitted: 'in_progress' },
    checkVersion: true,
    forbidden: '只有督查室可以退回重办',
  },
  decide_extension: {
    label: '审批延期',
    who: 'extension_approver',
    moves: same('issued', 'in_progress', 'submitted'),
    checkVersion: true,
    forbidden: '只有督查室或分管领导可以审批延期申请',
  },
  reassign: {
    label: '改派',
    who: 'office',
    moves: { issued: 'issued', in_progress: 'issued', reassigning: 'issued' },
    checkVersion: true,
    forbidden: '只有督查室可以改派事项',
  },
  answer_coordination: {
    label: '答复协调',
    who: 'coordination_leader',
    moves: same('issued', 'in_progress', 'submitted'),
    checkVersion: true,
    forbidden: '只有申请单位的分管领导可以答复协调申请',
  },
  urge: {
    label: '催办',
    who: 'office',
    moves: same('issued', 'in_progress'),
    checkVersion: false,
    forbidden: '只有督查室可以催办',
  },
  supervise: {
    label: '督办',
    who: 'office',
    moves: same('issued', 'in_progress'),
    checkVersion: false,
    forbidden: '只有督查室可以督办',
  },
  cancel: {
    label: '撤销',
    who: 'office',
    moves: {
      issued: 'cancelled',
      in_progress: 'cancelled',
      submitted: 'cancelled',
      reassigning: 'cancelled',
    },
    checkVersion: true,
    forbidden: '只有督查室可以撤销事项',
  },
  // 建议提案 (issue #13). 申请调整 is `decline`, its approval `reassign`; 答复函审核 is approve/return.
  keep_lead: {
    label: '不同意调整',
    who: 'office',
    moves: { reassigning: 'issued' },
    checkVersion: true,
    forbidden: '只有督查室可以处理调整申请',
  },
  send_opinion: {
    label: '提交会办意见',
    who: 'co_member',
    moves: same('issued', 'in_progress', 'submitted'),
    checkVersion: false,
    forbidden: '只有会办单位可以提交会办意见',
  },
  record_contact: {
    label: '记录沟通情况',
    who: 'lead_member',
    moves: same('in_progress', 'submitted'),
    checkVersion: false,
    forbidden: '只有主办单位可以记录与代表委员的沟通情况',
  },
  reply: {
    label: '提交答复',
    who: 'lead_member',
    moves: { in_progress: 'submitted' },
    checkVersion: false,
    forbidden: '只有主办单位可以提交答复',
  },
  // 满意/基本满意 keep it 已办结; 不满意 sends it back to 办理中 (重办), see decide.ts.
  rate: {
    label: '记录满意度',
    who: 'office',
    moves: { completed: 'completed' },
    checkVersion: true,
    forbidden: '只有督查室可以记录满意度',
  },
};

export const actionLabel = (action: ItemAction): string => TRANSITIONS[action].label;
