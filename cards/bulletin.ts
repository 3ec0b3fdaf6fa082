/**
 * 督查专报 for the leaders' group: counts by state, charts (open items by colour and by source, the
 * overdue trend, each unit's on-time rate against the county average), what was completed and what
 * is overdue by unit. Named criticism is not here: it goes out separately, and only once
 * the office approves it (criticism.ts).
 */
import type { BulletinFigures, CompletedEntry, OverdueUnit } from '../src/domain/bulletin.ts';
import { rateText } from '../src/domain/figures.ts';
import { colourChart, sourceChart, trendElements, unitRateElements } from './charts.ts';
import type { Card, CardElement } from './components.ts';
import { md, trusted } from './escape.ts';
import { capped, coloured, itemLabel, periodText, stateBreakdown } from './figure-parts.ts';
import { cardBytes, MAX_CARD_BYTES } from './limits.ts';
import { card, hr, markdown, notation } from './ui.ts';

export type BulletinCardInput = {
  /** The stored figures; a Bulletin may be passed too, its criticism list is never read. */
  figures: BulletinFigures;
  /** 'YYYY-MM-DD HH:mm' the card was made, shown at the bottom. */
  now?: string | null;
};

type Limits = { completed: number; overdue: number };
const START: Limits = { completed: 30, overdue: 40 };

function summary(f: BulletinFigures): string {
  const rate = rateText(
    f.completed.length === 0 ? null : f.completed.filter((c) => c.onTime).length / f.completed.length,
  );
  return [
    md`**本期概况**（${periodText(f.period)}）`,
    md`本期涉及督查事项共 **${f.total}** 件（期内在办或办结），当前${stateBreakdown(f.counts)}。`,
    md`本期新交办 **${f.issuedInPeriod}** 件，办结 **${f.completedInPeriod}** 件（按时办结率 ${rate}），当前逾期 **${f.overdueNow}** 件。`,
    ...(f.proposals ? [md`${f.proposals}`] : []),
  ].join('\n');
}

function completedLine(c: CompletedEntry): string {
  const verdict = c.onTime ? coloured('green', '按时') : coloured('red', '超期');
  return md`- ${trusted(itemLabel(c))}（${c.unitName}）${c.completedOn} 办结 · ${verdict}`;
}

function completedSection(f: BulletinFigures, max: number): string {
  const head = md`**本期办结事项**（${f.completed.length} 件）`;
  if (f.completed.length === 0) return `${head}\n本期无办结事项。`;
  return [head, ...capped(f.completed.map(completedLine), max, '件')].join('\n');
}

function overdueSection(f: BulletinFigures, max: number): string {
  const head = md`**逾期事项**（${f.overdueNow} 件，按牵头单位）`;
  if (f.overdueByUnit.length === 0) return `${head}\n当前无逾期事项。`;
  const lines: string[] = [];
  const unitLine = (u: OverdueUnit) => md`**${u.unitName}** ${u.items.length} 件`;
  for (const u of f.overdueByUnit) {
    lines.push(unitLine(u));
    for (const item of u.items) {
      const late = coloured('red', `已逾期 ${item.overdueWorkdays} 个工作日`);
      lines.push(md`- ${trusted(itemLabel(item))} · 时限 ${item.deadline} · ${late}`);
    }
  }
  return [head, ...capped(lines, max, '行')].join('\n');
}

/** Charts where the bulletin has them (stored before charts existed: none); the per-unit rates always. */
function chartSection(f: BulletinFigures): CardElement[] {
  const rates = unitRateElements(f.rates);
  const out: CardElement[] = [hr()];
  if (f.charts) {
    const colour = colourChart(f.charts.open);
    const source = sourceChart(f.charts.bySource);
    if (colour) out.push(colour);
    if (source) out.push(source);
    out.push(...trendElements(f.charts.overdueTrend));
  }
  out.push(...(rates.length > 0 ? rates : [markdown('**各单位按时办结率**\n本期尚无办结事项。')]));
  return out;
}

function assemble(input: BulletinCardInput, limits: Limits): Card {
  const f = input.figures;
  const elements: CardElement[] = [
    markdown(summary(f)),
    ...chartSection(f),
    hr(),
    markdown(completedSection(f, limits.completed)),
    hr(),
    markdown(overdueSection(f, limits.overdue)),
    notation(
      md`数据截至 ${input.now ?? f.today}。逾期按工作日计（扣除节假日，含调休上班日）；按时办结率 = 按时办结件数 ÷ 办结件数。完整清单请导出督查台账。`,
    ),
  ];
  return card(
    { title: `督查专报（${periodText(f.period)}）`, subtitle: `截至 ${f.today}`, template: 'blue' },
    `督查专报：本期办结 ${f.completedInPeriod} 件，当前逾期 ${f.overdueNow} 件`,
    elements,
  );
}

/** The bulletin card, its lists cut (with a note) until it fits Feishu's 30 KB. */
export function buildBulletinCard(input: BulletinCardInput): Card {
  let limits = START;
  let built = assemble(input, limits);
  while (cardBytes(built) > MAX_CARD_BYTES && limits.completed + limits.overdue > 2) {
    limits = {
      completed: Math.max(1, Math.floor(limits.completed / 2)),
      overdue: Math.max(1, Math.floor(limits.overdue / 2)),
    };
    built = assemble(input, limits);
  }
  return built;
}
