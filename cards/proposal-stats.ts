/** 建议提案统计: the year's headline and each unit's line (the same figures as `duban proposals report`). */
import type { Card, CardElement } from './components.ts';
import { md, trusted } from './escape.ts';
import { card, markdown, notation } from './ui.ts';

export type ProposalStatsUnit = {
  unitName: string;
  lead: number;
  co: number;
  replied: number;
  onTime: number;
  answers: { A: number; B: number; C: number };
  satisfaction: { satisfied: number; basically: number; unsatisfied: number };
  outstanding: number;
  opinionsOwed: number;
};

export type ProposalStatsInput = {
  year: number;
  headline: string;
  units: ProposalStatsUnit[];
  takenAt: string;
};

function unitLine(u: ProposalStatsUnit): string {
  const lead =
    u.lead === 0
      ? ''
      : md`主办 ${u.lead} 件，已答复 ${u.replied}（按期 ${u.onTime}；A${u.answers.A} B${u.answers.B} C${u.answers.C}；满意 ${u.satisfaction.satisfied}、基本满意 ${u.satisfaction.basically}、不满意 ${u.satisfaction.unsatisfied}），未答复 ${u.outstanding}`;
  const co =
    u.co === 0
      ? ''
      : md`会办 ${u.co} 件${trusted(u.opinionsOwed > 0 ? md`（会办意见未送 ${u.opinionsOwed}）` : '')}`;
  return md`- **${u.unitName}**：` + [lead, co].filter((s) => s !== '').join('；');
}

export function buildProposalStatsCard(input: ProposalStatsInput): Card {
  const title = `${input.year}年建议提案办理情况`;
  const elements: CardElement[] = [markdown(md`${input.headline}`)];
  if (input.units.length > 0) elements.push(markdown(input.units.map(unitLine).join('\n')));
  elements.push(notation(md`统计时间 ${input.takenAt}；已答复指经督查室审核后送达代表委员的答复。`));
  return card({ title, template: 'blue' }, title, elements);
}
