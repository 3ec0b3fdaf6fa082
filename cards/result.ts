/** 办结报告 (果必报, §四.4): tells the assigning leader how their instruction was carried out. */
import { itemAction } from './actions.ts';
import type { Card, CardElement } from './components.ts';
import { md, quote, trusted } from './escape.ts';
import { factsBlock, itemHeader, numberText } from './item-parts.ts';
import type { ItemView } from './types.ts';
import { button, buttonRow, card, hr, markdown } from './ui.ts';

export type ResultCardInput = {
  item: ItemView;
  result: { text: string; by: string; at: string };
  /** 'YYYY-MM-DD HH:mm' */
  completedAt: string;
  /** The office member who approved it. */
  approvedBy: string;
  comment?: string | null;
  /** Completed by the deadline; null when there was none. */
  onTime?: boolean | null;
};

export const RESULT_TEXT_MAX = 2000;

export function buildResultCard(input: ResultCardInput): Card {
  const { item, result } = input;
  const leader = item.assigningLeader?.name;
  const intro = leader
    ? md`${leader}：您交办的“${item.title}”已办结，现将办理结果报告如下。`
    : md`“${item.title}”已办结，现将办理结果报告如下。`;
  const timing =
    input.onTime === true
      ? trusted("<font color='green'>按期办结</font>")
      : input.onTime === false
        ? trusted("<font color='red'>逾期办结</font>")
        : trusted('');
  const elements: CardElement[] = [
    markdown(intro),
    factsBlock(item),
    markdown(md`**办理结果**（${result.by}，${result.at}）\n${trusted(quote(result.text, RESULT_TEXT_MAX))}`),
    markdown(md`**审核办结**：督查室 ${input.approvedBy}，${input.completedAt} ${timing}`),
  ];
  if (input.comment) elements.push(markdown(md`**办结意见**：${input.comment}`));
  elements.push(hr(), buttonRow([button('查看办理记录', itemAction('detail', item), { type: 'text' })]));
  return card(
    { ...itemHeader(item, '督查事项办结报告'), template: 'green' },
    `办结报告：${item.title}（${numberText(item)}）`,
    elements,
  );
}
