export { type DigestResult, sendDigests } from './digest.ts';
export { FIRE_TOLERANCE_MS, type FireOptions, type FireResult, fireFollowup } from './fire.ts';
export { produceStep, type StepOutput, wantsDigest } from './messages.ts';
export { replanOpenItems } from './replan.ts';
export { planItem, rescheduleItem, type ScheduledFollowup } from './reschedule.ts';
export {
  DIGEST_GATHER_MS,
  digestRunAt,
  FOLLOWUP_HORIZON_MS,
  queueDigest,
  queueFollowup,
} from './schedule.ts';
export { doneSteps, type FollowupTables, followupDb } from './store.ts';
export { type FollowupSweepOptions, sweepFollowups } from './sweep.ts';
