/** View models the card builders take: plain data the services assemble from the database. */
import type { ItemKind, ItemState, Priority, Source } from '../src/domain/item.ts';
import type { ProposalFacts } from '../src/domain/lifecycle/index.ts';
import type {
  AnswerCategory,
  ContactMethod,
  ProposalCategory,
  ProposalStage,
  Satisfaction,
} from '../src/domain/proposal.ts';
import type { AttachmentRef } from './attachments.ts';

export type UnitRef = { id: number; name: string };
export type PersonRef = { openId: string; name: string };

/** Warning colour (§四.3): green on track, yellow near the deadline or quiet too long, red overdue. */
export type WarningColour = 'green' | 'yellow' | 'red';

export type PendingExtensionView = {
  /** Requested new deadline, YYYY-MM-DD. */
  date: string;
  reason: string;
  by: string;
  at?: string | null;
};

export type PendingCoordinationView = {
  text: string;
  by: string;
  unitName: string;
  at?: string | null;
};

export type ItemView = {
  id: number;
  /** e.g. 督〔2026〕17号; null for a draft. */
  number: string | null;
  title: string;
  /** The instruction as written (批示原文 or meeting decision). */
  text: string;
  source: Source;
  kind: ItemKind;
  priority: Priority;
  state: ItemState;
  version: number;
  assigningLeader: PersonRef | null;
  leadUnit: UnitRef | null;
  coUnits: UnitRef[];
  /** YYYY-MM-DD */
  deadline: string | null;
  /** The deadline rests on a default (e.g. a year without a published calendar) and may change. */
  deadlineProvisional: boolean;
  /** Why this deadline, e.g. "转办件，15个工作日" or "批示要求“11月30日前”". */
  deadlineBasis: string | null;
  /** 'YYYY-MM-DD HH:mm' */
  issuedAt: string | null;
  colour?: WarningColour | null;
  latestProgress?: string | null;
  pendingExtension?: PendingExtensionView | null;
  pendingCoordination?: PendingCoordinationView | null;
  /** Files that came with the instruction and the reports. */
  attachments?: AttachmentRef[];
  /** Each co-unit's latest report (协办单位反馈), or none yet; in the order of coUnits. */
  coUnitReports?: CoUnitReport[];
  /** Set for a 建议提案 (kind npc_cppcc). */
  proposal?: ProposalView;
};

/** A 建议提案's own fields as cards show them (src/domain/proposal.ts has the vocabulary). */
export type ProposalView = {
  year: number;
  category: ProposalCategory;
  seq: number;
  proposers: string;
  delegation: string;
  topic: string;
  keyItem: boolean;
  stage: ProposalStage;
  opinionsDueOn: string | null;
  /** One per co-unit, in the order of coUnits; null text when none came yet. */
  opinions: Array<{
    unit: UnitRef;
    text: string | null;
    at: string | null;
    by: string | null;
    fileName: string | null;
  }>;
  contact: { on: string; method: ContactMethod; note: string | null } | null;
  answer: {
    category: AnswerCategory;
    fileName: string | null;
    summary: string;
    followupOn: string | null;
  } | null;
  satisfaction: Satisfaction | null;
  redoCount: number;
  adjustReason: string | null;
  /** What the lifecycle checks (contact recorded, a 答复函 on file…), for the buttons shown. */
  facts: ProposalFacts;
};

export type CoUnitReport = {
  unit: UnitRef;
  /** 'YYYY-MM-DD HH:mm' of the latest report; null when the co-unit never reported. */
  at: string | null;
  text: string | null;
};

export type TimelineEntry = {
  /** 'YYYY-MM-DD HH:mm' (Beijing time) */
  at: string;
  actorName: string;
  /** What happened, in words: 签收, 反馈进展, 退回重办 … */
  action: string;
  text: string | null;
};

/** What became of an action card, shown instead of its buttons once someone acted on it. */
export type Outcome = {
  /** e.g. 已办结, 已退回重办, 同意延期 */
  label: string;
  by: string;
  /** 'YYYY-MM-DD HH:mm' */
  at: string;
  text?: string | null;
};
