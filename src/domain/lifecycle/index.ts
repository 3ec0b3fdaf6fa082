export { type Audience, allowedActions, audienceActor, decide, type LifecycleFailure } from './decide.ts';
export { EVENT_LABELS, stateRefusal } from './messages.ts';
export { PROPOSAL_ACTIONS } from './proposal-rules.ts';
export { actionLabel, type Rule, TRANSITIONS, type Who } from './table.ts';
export {
  type Actor,
  DEFAULT_SETTINGS,
  ITEM_ACTIONS,
  type ItemAction,
  type ItemEventName,
  type ItemFacts,
  type LifecycleCommand,
  type LifecycleErrorCode,
  type LifecycleSettings,
  type ProposalFacts,
  type StandIn,
  type Transition,
} from './types.ts';
export { isIsoDate, MAX_REASON, MAX_TEXT } from './validate.ts';
