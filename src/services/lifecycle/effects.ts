import type { LifecycleCommand } from '../../domain/lifecycle/index.ts';
import type { EffectFn } from './context.ts';
import {
  answerCoordinationEffect,
  approveEffect,
  cancelEffect,
  decideExtensionEffect,
  discardEffect,
  reassignEffect,
  returnEffect,
  urgeEffect,
} from './effects-office.ts';
import {
  approveWithRating,
  keepLeadEffect,
  rateEffect,
  recordContactEffect,
  replyEffect,
  sendOpinionEffect,
} from './effects-proposal.ts';
import {
  acceptEffect,
  declineEffect,
  reportEffect,
  requestCoordinationEffect,
  requestExtensionEffect,
  submitEffect,
} from './effects-unit.ts';

type Effects = { [T in Exclude<LifecycleCommand['type'], 'issue'>]: EffectFn<T> } & {
  issue: EffectFn<'issue'>;
};

/** One effect per action; `issue` is handled by issueDraft, which also applies the draft form. */
export const EFFECTS: Effects = {
  issue: async () => ({ toast: '已交办' }),
  discard: discardEffect,
  accept: acceptEffect,
  report: reportEffect,
  submit: submitEffect,
  request_extension: requestExtensionEffect,
  request_coordination: requestCoordinationEffect,
  decline: declineEffect,
  approve: approveWithRating(approveEffect),
  return: returnEffect,
  decide_extension: decideExtensionEffect,
  reassign: reassignEffect,
  answer_coordination: answerCoordinationEffect,
  urge: (ctx, rec, cmd, t) => urgeEffect(ctx, rec, cmd, t),
  supervise: (ctx, rec, cmd, t) => urgeEffect(ctx, rec, cmd, t),
  cancel: cancelEffect,
  keep_lead: keepLeadEffect,
  send_opinion: sendOpinionEffect,
  record_contact: recordContactEffect,
  reply: replyEffect,
  rate: rateEffect,
};
