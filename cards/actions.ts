/**
 * The `value` a button sends back. It names the item and the action only: the operator is the
 * verified identity in the callback, never something a card carries (a card can be forwarded).
 */
import { z } from 'zod';

/** Actions on one item; `v` is the item version the card showed. */
export const ITEM_CARD_ACTIONS = [
  'issue',
  'discard',
  'accept',
  'decline',
  'report',
  'submit',
  'request_extension',
  'request_coordination',
  'approve',
  'return',
  'approve_extension',
  'refuse_extension',
  'reassign',
  'answer_coordination',
  'to_topic_meeting',
  'urge',
  'supervise',
  'cancel',
  'detail',
  // 建议提案 (src/domain/proposal.ts).
  'keep_lead',
  'send_opinion',
  'record_contact',
  'reply',
  'rate',
] as const;
export type ItemCardAction = (typeof ITEM_CARD_ACTIONS)[number];

/** What to do with a chat message the bot is holding until the sender says which item or kind it is. */
export const REPLY_DECISIONS = ['reply_result', 'reply_progress', 'reply_drop'] as const;
export type ReplyDecision = (typeof REPLY_DECISIONS)[number];

export const LIST_KINDS = ['mine', 'overdue', 'open', 'review', 'proposals', 'pending'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export const COMMANDS = ['mine', 'overdue', 'stats', 'bulletin', 'help', 'export'] as const;
export type Command = (typeof COMMANDS)[number];

// Card values round-trip as JSON numbers; a digit string is accepted too, defensively.
const positiveId = z.union([
  z.number().int().positive().max(2_147_483_647),
  z
    .string()
    .regex(/^[1-9]\d{0,9}$/)
    .transform(Number)
    .pipe(z.number().max(2_147_483_647)),
]);
const version = z.union([
  z.number().int().nonnegative().max(2_147_483_647),
  z
    .string()
    .regex(/^\d{1,10}$/)
    .transform(Number)
    .pipe(z.number().max(2_147_483_647)),
]);

export const ItemActionValueSchema = z
  .object({ a: z.enum(ITEM_CARD_ACTIONS), i: positiveId, v: version })
  .strict();
export type ItemActionValue = z.infer<typeof ItemActionValueSchema>;

/** choose-item: the held message `r` belongs to item `i`. */
export const ReplyToValueSchema = z
  .object({ a: z.literal('reply_to'), r: positiveId, i: positiveId })
  .strict();
export type ReplyToValue = z.infer<typeof ReplyToValueSchema>;

/** confirm-result and choose-item's "none of these": what to do with held message `r`. */
export const ReplyDecisionValueSchema = z.object({ a: z.enum(REPLY_DECISIONS), r: positiveId }).strict();
export type ReplyDecisionValue = z.infer<typeof ReplyDecisionValueSchema>;

export const PageValueSchema = z
  .object({ a: z.literal('page'), k: z.enum(LIST_KINDS), p: z.number().int().min(1).max(10_000) })
  .strict();
export type PageValue = z.infer<typeof PageValueSchema>;

/** Quick commands on the help card (same as typing them). */
export const CommandValueSchema = z.object({ a: z.literal('cmd'), c: z.enum(COMMANDS) }).strict();
export type CommandValue = z.infer<typeof CommandValueSchema>;

/** The office's decision on a 通报批评 draft; `b` is the bulletin id. */
export const BULLETIN_DECISIONS = ['bulletin_publish', 'bulletin_drop'] as const;
export type BulletinDecisionAction = (typeof BULLETIN_DECISIONS)[number];
export const BulletinDecisionValueSchema = z
  .object({ a: z.enum(BULLETIN_DECISIONS), b: positiveId })
  .strict();
export type BulletinDecisionValue = z.infer<typeof BulletinDecisionValueSchema>;

/** 获取附件: the bot sends stored file `f` of item `i` privately to the clicker. */
export const FileValueSchema = z.object({ a: z.literal('file'), i: positiveId, f: positiveId }).strict();
export type FileValue = z.infer<typeof FileValueSchema>;

/** 并入上一事项: a matter drafted from minutes joins the previous matter's draft. */
export const MergeDraftValueSchema = z
  .object({ a: z.literal('merge_draft'), i: positiveId, v: version })
  .strict();
export type MergeDraftValue = z.infer<typeof MergeDraftValueSchema>;

/** 设置 card: save the form; `v` is the settings version the card showed (a stale form is refused). */
export const SettingsSaveValueSchema = z.object({ a: z.literal('settings_save'), v: version }).strict();
export type SettingsSaveValue = z.infer<typeof SettingsSaveValueSchema>;

/** 绑定群: what the group of bot_chats row `g` serves; the choice arrives in form_value. */
export const BindChatValueSchema = z.object({ a: z.literal('bind_chat'), g: positiveId }).strict();
export type BindChatValue = z.infer<typeof BindChatValueSchema>;

/** 委托 card: name a deputy (deputy, date and reason arrive in form_value), or end one's delegation early. */
export const DELEGATION_ACTIONS = ['delegate', 'delegate_end'] as const;
export const DelegationValueSchema = z.object({ a: z.enum(DELEGATION_ACTIONS) }).strict();
export type DelegationValue = z.infer<typeof DelegationValueSchema>;

/** 加急 on the detail card (office only): the item's responsible people are 加急 now. */
export const UrgentValueSchema = z.object({ a: z.literal('urgent'), i: positiveId }).strict();
export type UrgentValue = z.infer<typeof UrgentValueSchema>;

/** 标记为已处理 on a delivery-problem card (office only); `p` is the problem id. */
export const ProblemDoneValueSchema = z.object({ a: z.literal('problem_done'), p: positiveId }).strict();
export type ProblemDoneValue = z.infer<typeof ProblemDoneValueSchema>;

/** 批量交办 on the 建议提案清单 card (office only): issue every draft of import batch `b`. */
export const ProposalBatchValueSchema = z
  .object({ a: z.literal('proposal_batch'), b: z.string().regex(/^\d{4}-[0-9a-f]{6}$/) })
  .strict();
export type ProposalBatchValue = z.infer<typeof ProposalBatchValueSchema>;

/** Parses the untrusted `event.action.value` of a card callback. Extra keys are refused. */
export const CardActionSchema = z.discriminatedUnion('a', [
  ItemActionValueSchema,
  ReplyToValueSchema,
  ReplyDecisionValueSchema,
  PageValueSchema,
  CommandValueSchema,
  BulletinDecisionValueSchema,
  FileValueSchema,
  MergeDraftValueSchema,
  SettingsSaveValueSchema,
  BindChatValueSchema,
  DelegationValueSchema,
  UrgentValueSchema,
  ProblemDoneValueSchema,
  ProposalBatchValueSchema,
]);
export type CardAction = z.infer<typeof CardActionSchema>;

export const itemAction = (a: ItemCardAction, item: { id: number; version: number }): ItemActionValue => ({
  a,
  i: item.id,
  v: item.version,
});
export const replyTo = (heldId: number, itemId: number): ReplyToValue => ({
  a: 'reply_to',
  r: heldId,
  i: itemId,
});
export const replyDecision = (a: ReplyDecision, heldId: number): ReplyDecisionValue => ({ a, r: heldId });
export const pageAction = (k: ListKind, p: number): PageValue => ({ a: 'page', k, p });
export const commandAction = (c: Command): CommandValue => ({ a: 'cmd', c });
export const bulletinDecision = (a: BulletinDecisionAction, bulletinId: number): BulletinDecisionValue => ({
  a,
  b: bulletinId,
});
