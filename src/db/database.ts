import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Hand-kept to match migrations/ (the SQL files are the truth). */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface TenantsTable {
  tenant_key: string;
  name: Generated<string>;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** services/calendar-coverage.ts; migrations/20261129120200. */
  calendar_coverage: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PeopleTable {
  tenant_key: string;
  open_id: string;
  name: string;
  title: string | null;
  roles: ColumnType<string[], string[], string[]>;
  updated_at: UpdatedAt;
}

export interface UnitsTable {
  id: Generated<number>;
  tenant_key: string;
  name: string;
  aliases: ColumnType<string[], string[], string[]>;
  leader_in_charge: string | null;
  chat_id: string | null;
  updated_at: UpdatedAt;
  /** Set when a directory import left the unit out (migrations/20261129120000). */
  removed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Whether chat_id came from a directory file or a binding card (migrations/20261129190000). */
  chat_from: ColumnType<'file' | 'chat', 'file' | 'chat' | undefined, 'file' | 'chat'>;
}

export interface UnitMembersTable {
  tenant_key: string;
  unit_id: number;
  open_id: string;
  role: 'head' | 'liaison';
}

export interface GroupsTable {
  tenant_key: string;
  kind: 'supervision' | 'leaders';
  chat_id: string;
  /** migrations/20261129190000, as units.chat_from. */
  bound_from: ColumnType<'file' | 'chat', 'file' | 'chat' | undefined, 'file' | 'chat'>;
}

export interface ItemsTable {
  id: Generated<number>;
  tenant_key: string;
  number: string | null;
  number_year: number | null;
  number_seq: number | null;
  title: string;
  text: Generated<string>;
  source: string | null;
  kind: string | null;
  priority: Generated<string>;
  assigning_leader: string | null;
  created_by: string;
  lead_unit_id: number | null;
  deadline: ColumnType<string | null, string | null | undefined, string | null>;
  deadline_provisional: Generated<boolean>;
  deadline_basis: string | null;
  state: string;
  version: Generated<number>;
  issued_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  completed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  next_action_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  next_action_step: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  accepted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  submitted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  cancelled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  pending_extension: ColumnType<PendingExtension | null, string | null | undefined, string | null>;
  pending_coordination: ColumnType<PendingCoordination | null, string | null | undefined, string | null>;
  topic_meeting: Generated<boolean>;
  latest_progress: string | null;
  latest_progress_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  last_report_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  issued_on: ColumnType<string | null, string | null | undefined, string | null>;
  deadline_explicit: ColumnType<string | null, string | null | undefined, string | null>;
  source_message_id: string | null;
  /** Which matter of a multi-matter message (minutes) this draft is; 0 for a message with one. */
  source_part: Generated<number>;
  /** A DeadlineRule (read it with parseDeadlineRule); migrations/20261129120100. */
  deadline_rule: ColumnType<unknown, string | null | undefined, string | null>;
}

export type PendingExtension = { date: string; reason: string; by: string; at: string };
export type PendingCoordination = { text: string; by: string; unitId: number; at: string };

export interface ItemCountersTable {
  tenant_key: string;
  year: number;
  last: number;
}

export type Attachment = { kind: 'image' | 'file'; key: string; name?: string };

export interface ItemReportsTable {
  id: Generated<number>;
  tenant_key: string;
  item_id: number;
  unit_id: number | null;
  author: string;
  kind: 'progress' | 'result';
  text: string;
  attachments: Json<Attachment[]>;
  message_id: string | null;
  created_at: CreatedAt;
}

export interface HeldRepliesTable {
  id: Generated<number>;
  tenant_key: string;
  open_id: string;
  message_id: string;
  chat_id: string;
  item_id: number | null;
  text: string;
  attachments: Json<Attachment[]>;
  resolved_at: ColumnType<Date | null, never, Date | null>;
  resolution: string | null;
  created_at: CreatedAt;
}

export interface CalendarOverridesTable {
  tenant_key: string;
  date: string;
  kind: 'holiday' | 'workday';
  note: Generated<string>;
  created_at: CreatedAt;
}

export interface ItemCoUnitsTable {
  tenant_key: string;
  item_id: number;
  unit_id: number;
}

export interface ItemEventsTable {
  id: Generated<number>;
  tenant_key: string;
  item_id: number;
  actor: string;
  action: string;
  data: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface LarkEventsTable {
  id: Generated<number>;
  tenant_key: string;
  event_id: string;
  event_type: string;
  payload: Json<Record<string, unknown>>;
  status: ColumnType<
    'pending' | 'done' | 'failed' | 'ignored',
    // Card callbacks are handled in the request: their events are stored already done (or ignored).
    'pending' | 'done' | 'ignored' | undefined,
    'done' | 'failed' | 'ignored' | 'pending'
  >;
  attempts: Generated<number>;
  last_error: string | null;
  received_at: CreatedAt;
  processed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'superseded';

export interface OutboxTable {
  id: string;
  tenant_key: string;
  receive_id_type: 'open_id' | 'chat_id';
  receive_id: string;
  reply_to: string | null;
  msg_type: string;
  content: string;
  purpose: Generated<string>;
  item_id: number | null;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  not_before: ColumnType<Date, Date | undefined, Date>;
  claimed_at: ColumnType<Date | null, never, Date | null>;
  /** Until when the sender that claimed the row ('sending') holds it; renewed while it sends. */
  lease_until: ColumnType<Date | null, never, Date | null>;
  sent_at: ColumnType<Date | null, never, Date | null>;
  message_id: string | null;
  /** Set on a card update: the outbox id of the card message to patch. */
  patch_of: string | null;
  created_at: CreatedAt;
  /** Why the card built for this row failed validation (a fallback card was sent instead). */
  card_problem: ColumnType<string | null, string | null | undefined, string | null>;
  /** Insertion order; orders the updates of one card (see patchTurn). */
  seq: Generated<number>;
  /** A copy sent along the delivery route stands in for this failed row (migrations/20261129180000). */
  fallback_of: ColumnType<string | null, string | null | undefined, string | null>;
  /** The new message this card was re-sent as; it is no longer a live card (migrations/20261129210000). */
  replaced_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** Its @-mentions and 代X接收, kept by its updates (migrations/20261129230000). */
  addressed: ColumnType<Addressed | null, string | null | undefined, string | null>;
}

/** A card's addressing beyond its receiver (outbox-message.ts). */
export type Addressed = { mention?: string[]; onBehalfOf?: string };

export interface Database {
  tenants: TenantsTable;
  people: PeopleTable;
  units: UnitsTable;
  unit_members: UnitMembersTable;
  groups: GroupsTable;
  items: ItemsTable;
  item_co_units: ItemCoUnitsTable;
  item_events: ItemEventsTable;
  lark_events: LarkEventsTable;
  outbox: OutboxTable;
  item_counters: ItemCountersTable;
  item_reports: ItemReportsTable;
  held_replies: HeldRepliesTable;
  calendar_overrides: CalendarOverridesTable;
  stored_files: StoredFilesTable;
  message_files: MessageFilesTable;
  message_intakes: MessageIntakesTable;
  proposals: ProposalsTable;
  proposal_opinions: ProposalOpinionsTable;
}

export type OutboxRow = Selectable<OutboxTable>;
export type NewOutbox = Insertable<OutboxTable>;
export type PersonRow = Selectable<PeopleTable>;
export type UnitRow = Selectable<UnitsTable>;
export type ItemRow = Selectable<ItemsTable>;
export type LarkEventRow = Selectable<LarkEventsTable>;

export interface StoredFilesTable {
  id: Generated<number>;
  tenant_key: string;
  sha256: string;
  name: string;
  mime: string;
  size: number;
  bytes: Buffer;
  source_message_id: string;
  created_at: CreatedAt;
}

export interface MessageFilesTable {
  tenant_key: string;
  message_id: string;
  file_key: string;
  kind: 'file' | 'image';
  name: string;
  file_id: number | null;
  problem: string | null;
  created_at: CreatedAt;
}

export interface MessageIntakesTable {
  tenant_key: string;
  message_id: string;
  status: 'ready' | 'failed';
  content: Json<Record<string, unknown>>;
  failure: string | null;
  created_at: CreatedAt;
}

type DateCol = ColumnType<string | null, string | null | undefined, string | null>;
type TimeCol = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** 建议提案 (migrations/20261129200000); vocabulary in src/domain/proposal.ts. */
export interface ProposalsTable {
  item_id: number;
  tenant_key: string;
  year: number;
  category: 'npc_suggestion' | 'cppcc_proposal';
  seq: number;
  proposers: Generated<string>;
  delegation: Generated<string>;
  topic: Generated<string>;
  key_item: Generated<boolean>;
  stage: ColumnType<ProposalStageCol, ProposalStageCol | undefined, ProposalStageCol>;
  opinions_due_on: DateCol;
  contacted_on: DateCol;
  contact_method: string | null;
  contact_note: string | null;
  contacted_by: string | null;
  answer_category: 'A' | 'B' | 'C' | null;
  reply_file_id: number | null;
  reply_summary: string | null;
  replied_at: TimeCol;
  checked_at: TimeCol;
  sent_at: TimeCol;
  followup_on: DateCol;
  followup_told_at: TimeCol;
  satisfaction: 'satisfied' | 'basically' | 'unsatisfied' | null;
  satisfaction_at: TimeCol;
  redo_count: Generated<number>;
  adjust_reason: string | null;
  adjust_requested_at: TimeCol;
  import_batch: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

type ProposalStageCol =
  | 'draft'
  | 'assigned'
  | 'adjusting'
  | 'handling'
  | 'checking'
  | 'replied'
  | 'closed'
  | 'cancelled';

/** 会办意见, one per item and co-unit (migrations/20261129200000). */
export interface ProposalOpinionsTable {
  id: Generated<number>;
  tenant_key: string;
  item_id: number;
  unit_id: number;
  text: string;
  file_id: number | null;
  author: string;
  on_behalf_of: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type ProposalRow = Selectable<ProposalsTable>;
export type ProposalOpinionRow = Selectable<ProposalOpinionsTable>;
