/** View models the card builders take: plain data the services assemble from the database. */
import type { ItemKind, ItemState, Priority, Source } from '../src/domain/item.ts';
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
