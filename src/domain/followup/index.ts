export {
  candidateSteps,
  type FollowupRules,
  type FollowupSubject,
  lastWorkday,
  type PlannedStep,
  planFollowup,
  sendSlot,
  workdaysLeft,
} from './plan.ts';
export {
  DIGESTIBLE,
  parseStepKey,
  STEP_AUDIENCE,
  STEP_EVENT_ACTIONS,
  STEP_KINDS,
  STEP_NAMES,
  type StepKind,
  type StepRef,
  stepDescription,
  stepKey,
  stepKind,
  UNIT_CHANNEL,
} from './steps.ts';
