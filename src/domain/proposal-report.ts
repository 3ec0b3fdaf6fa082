/**
 * 建议提案办理情况: per unit, what it was given (主办/会办) and how it answered. The report, the ledger
 * workbook, the 统计 card and the 督查专报 line all count with these rules, so their figures agree.
 * - counted: issued items (drafts, discarded and cancelled items are not the year's work)
 * - replied (已答复): the reply was checked by the office and sent (stage replied or closed)
 * - on time (按期): replied, and the unit's written reply is dated on or before the item's deadline
 * - outstanding (未答复): counted and not replied
 */
import type { IsoDate } from './calendar/index.ts';
import type { AnswerCategory, ProposalCategory, ProposalStage, Satisfaction } from './proposal.ts';

export type ProposalReportRow = {
  itemId: number;
  year: number;
  category: ProposalCategory;
  seq: number;
  title: string;
  proposers: string;
  keyItem: boolean;
  state: string;
  stage: ProposalStage;
  leadUnitId: number | null;
  leadUnitName: string | null;
  coUnitIds: number[];
  coUnitNames: string[];
  /** 会办 units that have sent their opinion. */
  opinionUnitIds: number[];
  deadline: IsoDate | null;
  /** Beijing date of the unit's written reply. */
  repliedOn: IsoDate | null;
  answerCategory: AnswerCategory | null;
  followupOn: IsoDate | null;
  satisfaction: Satisfaction | null;
  redoCount: number;
};

const UNCOUNTED = new Set(['draft', 'discarded', 'cancelled']);
export const isCounted = (r: Pick<ProposalReportRow, 'state'>): boolean => !UNCOUNTED.has(r.state);
export const isReplied = (r: Pick<ProposalReportRow, 'stage'>): boolean =>
  r.stage === 'replied' || r.stage === 'closed';
export const repliedOnTime = (r: Pick<ProposalReportRow, 'stage' | 'repliedOn' | 'deadline'>): boolean =>
  isReplied(r) && r.repliedOn !== null && (r.deadline === null || r.repliedOn <= r.deadline);

export type ProposalTally = {
  lead: number;
  co: number;
  replied: number;
  onTime: number;
  answers: Record<AnswerCategory, number>;
  satisfaction: Record<Satisfaction, number>;
  outstanding: number;
  /** 会办 opinions sent / still owed by the unit (as a 会办 unit). */
  opinionsSent: number;
  opinionsOwed: number;
};

export type UnitProgress = ProposalTally & { unitId: number | null; unitName: string };

export const emptyTally = (): ProposalTally => ({
  lead: 0,
  co: 0,
  replied: 0,
  onTime: 0,
  answers: { A: 0, B: 0, C: 0 },
  satisfaction: { satisfied: 0, basically: 0, unsatisfied: 0 },
  outstanding: 0,
  opinionsSent: 0,
  opinionsOwed: 0,
});

/** Adds one counted item to a tally as its 主办 unit's. */
function addLead(t: ProposalTally, r: ProposalReportRow): void {
  t.lead += 1;
  if (!isReplied(r)) {
    t.outstanding += 1;
    return;
  }
  t.replied += 1;
  if (repliedOnTime(r)) t.onTime += 1;
  if (r.answerCategory) t.answers[r.answerCategory] += 1;
  if (r.satisfaction) t.satisfaction[r.satisfaction] += 1;
}

/** The totals of `rows` (each item once, by its 主办 unit; 会办 counts every co-unit's share). */
export function tallyProposals(rows: readonly ProposalReportRow[]): ProposalTally {
  const t = emptyTally();
  for (const r of rows.filter(isCounted)) {
    addLead(t, r);
    t.co += r.coUnitIds.length;
    t.opinionsSent += r.coUnitIds.filter((u) => r.opinionUnitIds.includes(u)).length;
    t.opinionsOwed += r.coUnitIds.filter((u) => !r.opinionUnitIds.includes(u)).length;
  }
  return t;
}

/** Per unit with any counted item, in the directory's order (`units`), units no longer listed last. */
export function unitProgress(
  rows: readonly ProposalReportRow[],
  units: ReadonlyArray<{ id: number; name: string }>,
): UnitProgress[] {
  const byUnit = new Map<number | null, UnitProgress>();
  const names = new Map(units.map((u) => [u.id, u.name]));
  const of = (id: number | null, name: string | null): UnitProgress => {
    const found = byUnit.get(id);
    if (found) return found;
    const p = {
      ...emptyTally(),
      unitId: id,
      unitName: (id === null ? null : names.get(id)) ?? name ?? '未确定单位',
    };
    byUnit.set(id, p);
    return p;
  };
  for (const r of rows.filter(isCounted)) {
    addLead(of(r.leadUnitId, r.leadUnitName), r);
    r.coUnitIds.forEach((u, i) => {
      const p = of(u, r.coUnitNames[i] ?? null);
      p.co += 1;
      if (r.opinionUnitIds.includes(u)) p.opinionsSent += 1;
      else p.opinionsOwed += 1;
    });
  }
  const order = new Map(units.map((u, i) => [u.id, i]));
  const rank = (p: UnitProgress) =>
    p.unitId === null ? Number.MAX_SAFE_INTEGER : (order.get(p.unitId) ?? units.length);
  return [...byUnit.values()].sort(
    (a, b) => rank(a) - rank(b) || a.unitName.localeCompare(b.unitName, 'zh-CN'),
  );
}

/** 按期答复率 as a whole percentage; null with nothing replied. */
export const onTimeRate = (t: Pick<ProposalTally, 'replied' | 'onTime'>): number | null =>
  t.replied === 0 ? null : Math.round((t.onTime / t.replied) * 100);

/** 满意率 (满意 + 基本满意 of those rated); null with nothing rated. */
export function satisfiedRate(t: Pick<ProposalTally, 'satisfaction'>): number | null {
  const { satisfied, basically, unsatisfied } = t.satisfaction;
  const rated = satisfied + basically + unsatisfied;
  return rated === 0 ? null : Math.round(((satisfied + basically) / rated) * 100);
}
