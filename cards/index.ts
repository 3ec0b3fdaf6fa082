export { type AckCardInput, buildAckCard } from './ack.ts';
export {
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
export { buildChooseItemCard, type ChooseItemCardInput, type ItemChoice } from './choose-item.ts';
export { buildConfirmResultCard, type ConfirmResultCardInput } from './confirm-result.ts';
export { buildCoordinationCard, type CoordinationCardInput } from './coordination.ts';
export { buildDetailCard, type DetailCardInput } from './detail.ts';
export { buildDraftCard, type DraftCardInput, type DraftProposal } from './draft.ts';
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
export { cardBytes, MAX_CARD_BYTES } from './limits.ts';
export { buildNoticeCard, type NoticeCardInput } from './notice.ts';
export { buildReassignCard, type ReassignCardInput } from './reassign.ts';
export { buildResultCard, type ResultCardInput } from './result.ts';
export { buildReviewCard, type ReviewCardInput } from './review.ts';
export { type Card, type CardElement, CardSchema, validateCard } from './schema.ts';
export { type CallbackResponse, failureToast, type ToastType, toast, toastWithCard } from './toast.ts';
export type { ItemView, Outcome, PersonRef, TimelineEntry, UnitRef, WarningColour } from './types.ts';
