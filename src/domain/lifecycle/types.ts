import type { ItemState, Role } from '../item.ts';
import type { AnswerCategory, ContactMethod, Satisfaction } from '../proposal.ts';

/** Every action the lifecycle knows, in the order cards list their buttons. */
export const ITEM_ACTIONS = [
  'issue',
  'discard',
  'accept',
  'report',
  'submit',
  'request_extension',
  'request_coordination',
  'decline',
  'approve',
  'return',
  'decide_extension',
  'reassign',
  'answer_coordination',
  'urge',
  'supervise',
  'cancel',
  // 建议提案 only (src/domain/proposal.ts).
  'keep_lead',
  'send_opinion',
  'record_contact',
  'reply',
  'rate',
] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];

/** The verified person acting (from the Feishu event and the directory), never from a card value. */
export type Actor = {
  openId: string;
  roles: readonly Role[];
  /** Units the person belongs to as head or liaison. */
  unitIds: readonly number[];
  /** Units for which the person is the 分管领导. */
  leaderOfUnitIds: readonly number[];
  /** Places lent by delegations running now (委托): the person acts there for `for`. */
  standIns?: readonly StandIn[];
};

/** A delegator's place lent to their deputy for a period: what the delegator may do there. */
export type StandIn = { for: string; roles: readonly Role[]; unitIds: readonly number[] };

/** What the lifecycle needs to know about an item. */
export type ItemFacts = {
  state: ItemState;
  /** Null only for a draft whose lead unit is not chosen yet. */
  leadUnitId: number | null;
  coUnitIds: readonly number[];
  /** open_id of the 交办领导, if known. */
  assigningLeader: string | null;
  /** open_id of whoever created the draft. */
  createdBy: string;
  version: number;
  /** Current deadline (YYYY-MM-DD); lets an extension be checked against it. */
  deadline?: string | null;
  pendingExtension?: boolean;
  pendingCoordination?: boolean;
  /** The unit that asked for coordination; its 分管领导 answers. Defaults to the lead unit. */
  coordinationUnitId?: number | null;
  /** Set for a 建议提案 (kind npc_cppcc): what its own steps depend on. */
  proposal?: ProposalFacts;
};

/** What the lifecycle needs to know about a 建议提案 beside the item. */
export type ProposalFacts = {
  /** Contact with the deputy or member recorded (a reply needs it). */
  contacted: boolean;
  /** Whether 申请调整 is still within its working days of 交办. */
  adjustOpen: boolean;
  /** The 答复函 a reply would carry: the lead unit's latest file on the item; null when none. */
  replyFileId: number | null;
  /** Rated 满意 or 基本满意 since the last reply was sent. */
  rated: boolean;
  /** Today in Beijing (YYYY-MM-DD): a 重办 limit or a follow-up date may not lie before it. */
  today?: string;
};

/** Tenant settings that change who may do what. */
export type LifecycleSettings = {
  /** Who approves extensions besides the office (the office always may). */
  extensionApprover: 'office' | 'leader_in_charge';
};

export const DEFAULT_SETTINGS: LifecycleSettings = { extensionApprover: 'office' };

/**
 * `version` is the item version the person saw (the card's `v`). When given, decisions that
 * judge what the card showed (approve, return, cancel, …) are refused if the item moved on.
 */
type Base = { version?: number };
export type LifecycleCommand = Base &
  (
    | { type: 'issue' }
    | { type: 'discard' }
    | { type: 'accept' }
    | { type: 'report'; text: string }
    | { type: 'submit'; text: string }
    | { type: 'approve'; comment?: string }
    | { type: 'return'; reason: string }
    | { type: 'request_extension'; date: string; reason: string }
    | { type: 'decide_extension'; approve: boolean; comment?: string }
    | { type: 'decline'; reason: string }
    | { type: 'reassign'; leadUnitId: number; reason?: string }
    | { type: 'request_coordination'; text: string }
    | { type: 'answer_coordination'; answer?: string; toTopicMeeting?: boolean }
    | { type: 'cancel'; reason: string }
    | { type: 'urge'; text?: string }
    | { type: 'supervise'; text?: string }
    | { type: 'keep_lead'; reason: string }
    | { type: 'send_opinion'; text: string }
    | { type: 'record_contact'; date: string; method: ContactMethod; note?: string }
    | { type: 'reply'; category: AnswerCategory; summary: string; followupOn?: string }
    | { type: 'rate'; satisfaction: Satisfaction; date?: string; comment?: string }
  );

/** Names of the events written to the item's audit trail (留痕). */
export type ItemEventName =
  | Exclude<ItemAction, 'decide_extension' | 'answer_coordination'>
  | 'extension_approved'
  | 'extension_refused'
  | 'coordination_answered'
  | 'coordination_to_topic_meeting';

export type Transition = {
  from: ItemState;
  to: ItemState;
  event: ItemEventName;
  /** Events implied by this one, recorded before it (a lead unit's first report implies 签收). */
  implied: readonly ItemEventName[];
  /** The delegator whose lent place allowed it (委托), recorded as on_behalf_of; null when the actor's own. */
  onBehalfOf: string | null;
};

export type LifecycleErrorCode = 'FORBIDDEN' | 'ILLEGAL_TRANSITION' | 'INVALID_INPUT' | 'STALE' | 'CONFLICT';
