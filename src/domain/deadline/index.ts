export {
  checkDeadlinePolicy,
  computeDeadline,
  DEFAULT_DEADLINE_POLICY,
  type Deadline,
  type DeadlineInput,
  type DeadlinePolicy,
  suggestKind,
} from './deadline.ts';
