/**
 * 人大代表建议、政协委员提案 (issue #13): the vocabulary shared by the lifecycle, the database
 * (proposals, proposal_opinions), imports, reports and cards. Items of this kind have
 * kind = source = 'npc_cppcc'; the proposal's own sub-stage lives beside items.state.
 */
import type { Calendar } from './calendar/calendar.ts';
import { addMonths, type IsoDate } from './calendar/date.ts';
import type { ItemState } from './item.ts';

export const PROPOSAL_KIND = 'npc_cppcc' as const;

export const PROPOSAL_CATEGORIES = ['npc_suggestion', 'cppcc_proposal'] as const;
export type ProposalCategory = (typeof PROPOSAL_CATEGORIES)[number];

/** What a single one is called: 建议 (人大代表) or 提案 (政协委员). */
export const CATEGORY_NOUNS: Record<ProposalCategory, string> = {
  npc_suggestion: '建议',
  cppcc_proposal: '提案',
};

export const CATEGORY_LABELS: Record<ProposalCategory, string> = {
  npc_suggestion: '人大代表建议',
  cppcc_proposal: '政协委员提案',
};

/** Who makes one, and what their group is called (代表团 / 界别). */
export const PROPOSER_LABELS: Record<ProposalCategory, { person: string; group: string }> = {
  npc_suggestion: { person: '代表', group: '代表团' },
  cppcc_proposal: { person: '委员', group: '界别' },
};

/**
 * The proposal's sub-stage. items.state drives the shared lifecycle; the stage says where in the
 * proposal's own flow it is (a 办理中 item may be waiting for opinions, contact or its reply).
 * - draft: imported or drafted, not issued (items.state 'draft')
 * - assigned: 交办, waiting for 签收 ('issued')
 * - adjusting: 申请调整, waiting for the office ('reassigning')
 * - handling: 签收, 办理中 (and after 重办: redo_count > 0) ('in_progress')
 * - checking: 答复函 submitted, the office checks it ('submitted')
 * - replied: checked and sent (已答复), waiting for the satisfaction rating ('completed')
 * - closed: rated 满意 or 基本满意 ('completed')
 * - cancelled: 撤销 ('cancelled' / 'discarded')
 */
export const PROPOSAL_STAGES = [
  'draft',
  'assigned',
  'adjusting',
  'handling',
  'checking',
  'replied',
  'closed',
  'cancelled',
] as const;
export type ProposalStage = (typeof PROPOSAL_STAGES)[number];

export const STAGE_LABELS: Record<ProposalStage, string> = {
  draft: '待交办',
  assigned: '待签收',
  adjusting: '申请调整',
  handling: '办理中',
  checking: '答复待审核',
  replied: '已答复',
  closed: '已办结',
  cancelled: '已撤销',
};

/** 答复类别. */
export const ANSWER_CATEGORIES = ['A', 'B', 'C'] as const;
export type AnswerCategory = (typeof ANSWER_CATEGORIES)[number];

export const ANSWER_LABELS: Record<AnswerCategory, string> = {
  A: 'A类（已解决或采纳）',
  B: 'B类（正在解决或列入计划解决）',
  C: 'C类（因条件限制或其他原因留作参考）',
};

export const SATISFACTIONS = ['satisfied', 'basically', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  satisfied: '满意',
  basically: '基本满意',
  unsatisfied: '不满意',
};

/** How the 主办 unit reached the deputy or member (沟通方式). */
export const CONTACT_METHODS = ['visit', 'meeting', 'phone', 'inspection', 'other'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export const CONTACT_METHOD_LABELS: Record<ContactMethod, string> = {
  visit: '登门走访',
  meeting: '座谈会商',
  phone: '电话沟通',
  inspection: '邀请视察',
  other: '其他方式',
};

/** 重点 / 一般. */
export const keyLabel = (keyItem: boolean): string => (keyItem ? '重点' : '一般');

/** 第12号建议 / 第3号提案. */
export function proposalNumber(category: ProposalCategory, seq: number): string {
  return `第${seq}号${CATEGORY_NOUNS[category]}`;
}

/** 2027年第12号建议: unique within a tenant. */
export function proposalFullNumber(year: number, category: ProposalCategory, seq: number): string {
  return `${year}年${proposalNumber(category, seq)}`;
}

/** Reads a category from a typed word (建议/提案, 人大/政协) or its code; null when unknown. */
export function parseCategory(text: string): ProposalCategory | null {
  const t = text.trim();
  if ((PROPOSAL_CATEGORIES as readonly string[]).includes(t)) return t as ProposalCategory;
  if (/建议|人大|代表/.test(t)) return 'npc_suggestion';
  if (/提案|政协|委员/.test(t)) return 'cppcc_proposal';
  return null;
}

/** Reads A/B/C (also Ａ/a and "A类"); null when none. */
export function parseAnswerCategory(text: string): AnswerCategory | null {
  const m = /^\s*([AaＡａBbＢｂCcＣｃ])/.exec(text);
  if (!m?.[1]) return null;
  const c = m[1].normalize('NFKC').toUpperCase();
  return c === 'A' || c === 'B' || c === 'C' ? c : null;
}

export const isProposalStage = (v: unknown): v is ProposalStage =>
  typeof v === 'string' && (PROPOSAL_STAGES as readonly string[]).includes(v);

export const isSatisfaction = (v: unknown): v is Satisfaction =>
  typeof v === 'string' && (SATISFACTIONS as readonly string[]).includes(v);

export const isContactMethod = (v: unknown): v is ContactMethod =>
  typeof v === 'string' && (CONTACT_METHODS as readonly string[]).includes(v);

/** 满意 or 基本满意 closes the item; 不满意 sends it back for 重办. */
export const closesItem = (s: Satisfaction): boolean => s !== 'unsatisfied';

/** The stage an item's state (and the last rating) puts a 建议提案 in. */
export function stageFor(state: ItemState, satisfaction: Satisfaction | null): ProposalStage {
  switch (state) {
    case 'draft':
      return 'draft';
    case 'issued':
      return 'assigned';
    case 'reassigning':
      return 'adjusting';
    case 'in_progress':
      return 'handling';
    case 'submitted':
      return 'checking';
    case 'completed':
      return satisfaction !== null && closesItem(satisfaction) ? 'closed' : 'replied';
    case 'cancelled':
    case 'discarded':
      return 'cancelled';
  }
}

export type ProposalLimits = { opinionMonths: number; adjustWorkdays: number };

/** 会办意见 due: `opinionMonths` calendar months after 交办, moved off a day off (as the reply limit). */
export function opinionsDueOn(issuedOn: IsoDate, limits: ProposalLimits, calendar: Calendar): IsoDate {
  return calendar.onOrNextWorkday(addMonths(issuedOn, limits.opinionMonths)).date;
}

/** The last day 申请调整 is accepted: the `adjustWorkdays`-th working day after 交办. */
export function adjustLastDay(issuedOn: IsoDate, limits: ProposalLimits, calendar: Calendar): IsoDate {
  return calendar.addWorkdays(issuedOn, limits.adjustWorkdays).date;
}

/** Which 会办 reminder a co-unit without an opinion gets today: before, on, or once after the due day. */
export type OpinionReminder = 'before' | 'due' | 'overdue';

/**
 * On working days only: 'before' within the largest of `remindWorkdaysBefore` working days of the due
 * day, 'due' on it, 'overdue' after it. Each is sent once per co-unit (the outbox key dedupes).
 */
export function opinionReminder(
  today: IsoDate,
  due: IsoDate,
  remindWorkdaysBefore: readonly number[],
  calendar: Calendar,
): OpinionReminder | null {
  if (!calendar.isWorkday(today)) return null;
  if (today > due) return 'overdue';
  if (today === due) return 'due';
  const lead = Math.max(0, ...remindWorkdaysBefore);
  return lead > 0 && calendar.workdaysBetween(today, due) <= lead ? 'before' : null;
}

/** A B answer's promised work is checked on its follow-up day (or the first working day after). */
export const followupDue = (today: IsoDate, followupOn: IsoDate, calendar: Calendar): boolean =>
  calendar.isWorkday(today) && today >= followupOn;

/** The regulations' outer limit for a reply: 6 months after 交办 (moved off a day off). */
export const REPLY_MAX_MONTHS = 6;
export const latestReplyDate = (issuedOn: IsoDate, calendar: Calendar): IsoDate =>
  calendar.onOrNextWorkday(addMonths(issuedOn, REPLY_MAX_MONTHS)).date;
