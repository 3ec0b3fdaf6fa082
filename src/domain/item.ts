/** The vocabulary of a 督查事项, shared by the state machine, the database and the cards. */

export const ITEM_STATES = [
  'draft', // 拟办
  'issued', // 已交办, waiting for the lead unit to accept (签收)
  'in_progress', // 办理中 (accepted; progress reports)
  'submitted', // 已报结, waiting for the office's review
  'completed', // 已办结
  'reassigning', // 申请改派: the lead unit declined, the office must reassign
  'cancelled', // 已撤销
  'discarded', // a draft that was never issued
] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export const STATE_LABELS: Record<ItemState, string> = {
  draft: '拟办',
  issued: '待签收',
  in_progress: '办理中',
  submitted: '待审核',
  completed: '已办结',
  reassigning: '待改派',
  cancelled: '已撤销',
  discarded: '已作废',
};

export const OPEN_STATES: readonly ItemState[] = ['issued', 'in_progress', 'submitted', 'reassigning'];
/** Ended for good: nothing about them is pending or still updated. */
export const CLOSED_STATES: readonly ItemState[] = ['completed', 'cancelled', 'discarded'];

/** §二 督查内容: where an item comes from. */
export const SOURCES = [
  'central_policy',
  'superior_decision',
  'work_report',
  'county_meeting',
  'leader_instruction',
  'npc_cppcc',
  'other',
] as const;
export type Source = (typeof SOURCES)[number];

export const SOURCE_LABELS: Record<Source, string> = {
  central_policy: '党中央、国务院方针政策',
  superior_decision: '省市重大决策部署',
  work_report: '政府工作报告目标任务',
  county_meeting: '县政府会议议定事项',
  leader_instruction: '领导批示',
  npc_cppcc: '人大建议、政协提案',
  other: '其他重要事项',
};

/** §五 办理时限: which default deadline applies. */
export const ITEM_KINDS = ['office', 'forwarded', 'co_handled', 'npc_cppcc'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const KIND_LABELS: Record<ItemKind, string> = {
  office: '自办件',
  forwarded: '转办件',
  co_handled: '协办件',
  npc_cppcc: '建议提案',
};

export const PRIORITIES = ['normal', 'important', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const PRIORITY_LABELS: Record<Priority, string> = {
  normal: '一般',
  important: '重要',
  urgent: '紧急',
};

/** Roles a person holds in a tenant's directory. */
export const ROLES = ['office', 'leader', 'unit_head', 'liaison'] as const;
export type Role = (typeof ROLES)[number];
