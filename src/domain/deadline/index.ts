export {
  checkDeadlinePolicy,
  computeDeadline,
  countDeadline,
  DEFAULT_DEADLINE_POLICY,
  type Deadline,
  type DeadlineInput,
  type DeadlinePolicy,
  type DeadlineRule,
  parseDeadlineRule,
  suggestKind,
} from './deadline.ts';
