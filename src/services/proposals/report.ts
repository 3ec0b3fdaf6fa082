/** 建议提案办理情况 of a year: the rows, the per-unit progress and the totals, and the text table. */
import type { Card } from '../../../cards/components.ts';
import { buildProposalStatsCard } from '../../../cards/proposal-stats.ts';
import type { Db } from '../../db/client.ts';
import { listProposalReportRows } from '../../db/queries/proposal-report.ts';
import { listUnits } from '../../db/queries/units.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import type { Period } from '../../domain/figures.ts';
import {
  isCounted,
  isReplied,
  onTimeRate,
  type ProposalReportRow,
  type ProposalTally,
  satisfiedRate,
  tallyProposals,
  type UnitProgress,
  unitProgress,
} from '../../domain/proposal-report.ts';
import { beijingStamp } from '../item-view.ts';

export type ProposalReport = {
  year: number;
  rows: ProposalReportRow[];
  units: UnitProgress[];
  total: ProposalTally;
};

export async function buildProposalReport(db: Db, tenantKey: string, year: number): Promise<ProposalReport> {
  const [rows, units] = await Promise.all([
    listProposalReportRows(db, tenantKey, year),
    listUnits(db, tenantKey, { includeRemoved: true }),
  ]);
  return { year, rows, units: unitProgress(rows, units), total: tallyProposals(rows) };
}

const pct = (n: number | null): string => (n === null ? '—' : `${n}%`);

/** One line of figures for the whole year: the 专报 line and the card's headline. */
export function yearLine(r: Pick<ProposalReport, 'year' | 'total'>): string {
  const t = r.total;
  if (t.lead === 0) return `${r.year}年建议提案：暂无交办。`;
  return (
    `${r.year}年建议提案交办 ${t.lead} 件，已答复 ${t.replied} 件（按期 ${t.onTime} 件，按期率 ${pct(onTimeRate(t))}；` +
    `A类 ${t.answers.A}、B类 ${t.answers.B}、C类 ${t.answers.C}），满意 ${t.satisfaction.satisfied}、` +
    `基本满意 ${t.satisfaction.basically}、不满意 ${t.satisfaction.unsatisfied}（满意率 ${pct(satisfiedRate(t))}），` +
    `未答复 ${t.outstanding} 件。`
  );
}

const HEADERS = [
  '单位',
  '主办',
  '会办',
  '已答复',
  '按期',
  'A',
  'B',
  'C',
  '满意',
  '基本满意',
  '不满意',
  '未答复',
];

const cells = (name: string, t: ProposalTally): string[] => [
  name,
  ...[
    t.lead,
    t.co,
    t.replied,
    t.onTime,
    t.answers.A,
    t.answers.B,
    t.answers.C,
    t.satisfaction.satisfied,
    t.satisfaction.basically,
    t.satisfaction.unsatisfied,
    t.outstanding,
  ].map(String),
];

/** Display width: CJK characters take two columns in a terminal. */
const width = (s: string): number =>
  [...s].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);

/** The per-unit table, tab-free and aligned for a terminal, with a 合计 line. */
export function reportTable(r: ProposalReport): string[] {
  const lines = [HEADERS, ...r.units.map((u) => cells(u.unitName, u)), cells('合计', r.total)];
  const widths = HEADERS.map((_, i) => Math.max(...lines.map((l) => width(l[i] ?? ''))));
  const pad = (s: string, i: number) =>
    i === 0 ? s + ' '.repeat((widths[i] ?? 0) - width(s)) : ' '.repeat((widths[i] ?? 0) - width(s)) + s;
  return lines.map((l) => l.map(pad).join('  ').trimEnd());
}

/** The 建议提案统计 card of this (Beijing) year. */
export async function proposalStatsCard(db: Db, tenantKey: string, now: Date): Promise<Card> {
  const year = Number(beijingDate(now).slice(0, 4));
  const report = await buildProposalReport(db, tenantKey, year);
  return buildProposalStatsCard({
    year,
    headline: yearLine(report),
    units: report.units,
    takenAt: beijingStamp(now),
  });
}

/**
 * The 督查专报's line: the year's figures (the year the period ends in) and the replies sent in the
 * period; null when the year has no 建议提案 issued.
 */
export async function bulletinProposalLine(
  db: Db,
  tenantKey: string,
  period: Period,
): Promise<string | null> {
  const report = await buildProposalReport(db, tenantKey, Number(period.to.slice(0, 4)));
  if (report.total.lead === 0) return null;
  const inPeriod = report.rows.filter(
    (r) =>
      isCounted(r) &&
      isReplied(r) &&
      r.repliedOn !== null &&
      r.repliedOn >= period.from &&
      r.repliedOn <= period.to,
  ).length;
  return `${yearLine(report)}本期答复 ${inPeriod} 件。`;
}
