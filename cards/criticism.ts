/**
 * 通报批评 (§六.3). The draft goes privately to the office with 同意发布 / 不发布; a unit is named
 * in a group only after someone there approves (减负: a person decides, not a timer). Once decided
 * the draft shows the outcome instead of the buttons, and the notice card is what gets published.
 */
import type { CriticismEntry, CriticismUnit } from '../src/domain/bulletin.ts';
import type { Period } from '../src/domain/figures.ts';
import { bulletinDecision } from './actions.ts';
import type { Card, CardElement } from './components.ts';
import { md, oneLine, trusted } from './escape.ts';
import { capped, coloured, itemLabel, periodText } from './figure-parts.ts';
import { cardBytes, MAX_CARD_BYTES } from './limits.ts';
import { button, buttonRow, card, hr, markdown, notation } from './ui.ts';

export type CriticismListInput = {
  period: Period;
  criticism: readonly CriticismUnit[];
  /** settings.followup.criticiseAfterWorkdays, to say why units are listed. */
  criticiseAfterWorkdays: number;
};

export type CriticismDecisionView = {
  status: 'published' | 'dropped';
  /** Name of who decided. */
  by: string;
  /** 'YYYY-MM-DD HH:mm' */
  at: string;
};

export type CriticismCardInput = CriticismListInput & {
  bulletinId: number;
  /** Set once decided: the buttons give way to the outcome. */
  decision?: CriticismDecisionView | null;
};

const REASON_MAX = 100;

function entryLine(e: CriticismEntry): string {
  const why: string[] = [];
  if (e.overdueWorkdays > 0) why.push(`逾期 ${e.overdueWorkdays} 个工作日`);
  if (e.reason) why.push(`督查室列入通报：${oneLine(e.reason, REASON_MAX)}`);
  else if (e.flagged && e.overdueWorkdays === 0) why.push('督查室列入通报');
  const deadline = e.deadline ? md`（时限 ${e.deadline}）` : '';
  return md`- ${trusted(itemLabel(e))}${trusted(deadline)}：${why.join('；') || '列入通报'}`;
}

function listText(units: readonly CriticismUnit[], max: number): string {
  const lines: string[] = [];
  for (const u of units) {
    lines.push(md`**${u.unitName}**（${u.items.length} 件）`);
    lines.push(...u.items.map(entryLine));
  }
  return capped(lines, max, '行').join('\n');
}

/** Builds with the list cut (and a note) until the card fits 30 KB. */
function fitting(build: (max: number) => Card): Card {
  let max = 80;
  let built = build(max);
  while (cardBytes(built) > MAX_CARD_BYTES && max > 1) {
    max = Math.floor(max / 2);
    built = build(max);
  }
  return built;
}

const ruleText = (input: CriticismListInput): string =>
  md`以下单位牵头的督查事项逾期达 ${input.criticiseAfterWorkdays} 个工作日以上，或经督查室列入通报：`;

/** The office's draft (with buttons), or the decided draft (with the outcome). */
export function buildCriticismCard(input: CriticismCardInput): Card {
  const decided = input.decision ?? null;
  const unitCount = input.criticism.length;
  const build = (max: number): Card => {
    const elements: CardElement[] = [
      markdown(md`**督查专报期间**：${periodText(input.period)}\n${trusted(ruleText(input))}`),
      markdown(unitCount > 0 ? listText(input.criticism, max) : '本期无拟通报批评的单位。'),
      hr(),
    ];
    if (decided) {
      const verdict =
        decided.status === 'published' ? coloured('red', '同意发布') : coloured('grey', '不发布');
      elements.push(markdown(md`${decided.by} 于 ${decided.at} 决定：${verdict}`));
    } else {
      elements.push(
        notation('同意后，通报批评将发布到督查专报所在群；不发布则仅留存记录。'),
        buttonRow([
          button('同意发布', bulletinDecision('bulletin_publish', input.bulletinId), {
            type: 'danger',
            confirm: { title: '确认发布通报批评', text: `将在群内点名通报 ${unitCount} 个单位。` },
          }),
          button('不发布', bulletinDecision('bulletin_drop', input.bulletinId)),
        ]),
      );
    }
    const title = decided
      ? decided.status === 'published'
        ? '通报批评名单（已发布）'
        : '通报批评名单（不发布）'
      : '通报批评名单（待审核）';
    return card(
      { title, subtitle: periodText(input.period), template: decided ? 'grey' : 'orange' },
      `${title}：${unitCount} 个单位`,
      elements,
    );
  };
  return fitting(build);
}

/** The published 通报批评, for the group, once the office approved it. */
export function buildCriticismNoticeCard(input: CriticismListInput & { publishedAt?: string | null }): Card {
  const build = (max: number): Card => {
    const elements: CardElement[] = [
      markdown(ruleText(input)),
      markdown(listText(input.criticism, max)),
      hr(),
      notation(
        md`依据《办公室督查工作制度》第六条第3项，对未按规定时限、质量完成督查任务的单位在督查专报上通报批评。${trusted(input.publishedAt ? md`发布时间：${input.publishedAt}` : '')}`,
      ),
    ];
    return card(
      { title: '督查专报 · 通报批评', subtitle: periodText(input.period), template: 'red' },
      `通报批评：${input.criticism.length} 个单位`,
      elements,
    );
  };
  return fitting(build);
}
