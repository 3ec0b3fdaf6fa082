export { type AckCardInput, buildAckCard } from './ack.ts';
export {
  BULLETIN_DECISIONS,
  type BulletinDecisionAction,
  type BulletinDecisionValue,
  bulletinDecision,
  type CardAction,
  CardActionSchema,
  type Command,
  type CommandValue,
  commandAction,
  ITEM_CARD_ACTIONS,
  type ItemActionValue,
  type ItemCardAction,
  itemAction,
  type ListKind,
  type PageValue,
  pageAction,
  type ReplyDecision,
  type ReplyDecisionValue,
  type ReplyToValue,
  replyDecision,
  replyTo,
} from './actions.ts';
export { type BulletinCardInput, buildBulletinCard } from './bulletin.ts';
export { buildChooseItemCard, type ChooseItemCardInput, type ItemChoice } from './choose-item.ts';
export { buildConfirmResultCard, type ConfirmResultCardInput } from './confirm-result.ts';
export { buildCoordinationCard, type CoordinationCardInput } from './coordination.ts';
export {
  buildCriticismCard,
  buildCriticismNoticeCard,
  type CriticismCardInput,
  type CriticismDecisionView,
  type CriticismListInput,
} from './criticism.ts';
export { buildDetailCard, type DetailCardInput } from './detail.ts';
export {
  buildDigestCard,
  DIGEST_KINDS,
  DIGEST_MAX_LINES,
  type DigestCardInput,
  type DigestKind,
  type DigestLine,
} from './digest.ts';
export { buildDraftCard, type DraftCardInput, type DraftProposal } from './draft.ts';
export { buildEscalationCard, type EscalationCardInput } from './escalation.ts';
export { escapeMarkdown, md, trusted } from './escape.ts';
export { buildExtensionCard, type ExtensionCardInput } from './extension.ts';
export {
  CancelFormSchema,
  CoordinationAnswerFormSchema,
  CoordinationRequestFormSchema,
  commandFromCard,
  DeclineFormSchema,
  type DraftForm,
  DraftFormSchema,
  ExtensionRefusalFormSchema,
  ExtensionRequestFormSchema,
  FIELDS,
  parseForm,
  ReassignFormSchema,
  RemarkFormSchema,
  ReportFormSchema,
  ReturnFormSchema,
  SubmitFormSchema,
} from './forms.ts';
export { buildHelpCard, type HelpCardInput } from './help.ts';
export {
  buildItemListCard,
  type ItemListCardInput,
  type ItemListEntry,
  LIST_PAGE_SIZE,
} from './item-list.ts';
export { cardBytes, MAX_CARD_BYTES } from './limits.ts';
export { buildNoticeCard, type NoticeCardInput } from './notice.ts';
export { buildOverdueNoticeCard, type OverdueNoticeCardInput } from './overdue-notice.ts';
export { buildReassignCard, type ReassignCardInput } from './reassign.ts';
export { buildUrgeCard, URGE_KINDS, type UrgeCardInput, type UrgeKind } from './reminder.ts';
export { buildResultCard, type ResultCardInput } from './result.ts';
export { buildReviewCard, type ReviewCardInput } from './review.ts';
export { type Card, type CardElement, CardSchema, validateCard } from './schema.ts';
export { buildStatsCard, STATS_TOP_DEFAULT, STATS_TOP_MAX, type StatsCardInput } from './stats.ts';
export { type CallbackResponse, failureToast, type ToastType, toast, toastWithCard } from './toast.ts';
export type { ItemView, Outcome, PersonRef, TimelineEntry, UnitRef, WarningColour } from './types.ts';
