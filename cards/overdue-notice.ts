/**
 * 逾期通报 (§四.3, §六.3) in the supervision group: which unit is late with what, what was done about
 * it, and 催办 / 督办 for the office from the card.
 */
import { itemAction } from './actions.ts';
import type { Card, CardElement } from './components.ts';
import { md, trusted } from './escape.ts';
import { deadlineText, factsBlock, itemHeader, numberText, statusBlock } from './item-parts.ts';
import type { ItemView } from './types.ts';
import { button, buttonRow, card, hr, markdown, notation } from './ui.ts';

export type OverdueNoticeCardInput = {
  item: ItemView;
  overdueWorkdays: number;
  urgedTimes?: number | null;
  /** The 分管领导 already asked to step in, by name. */
  escalatedTo?: string | null;
  /** After this many overdue working days the item is listed for 通报批评. */
  criticiseAfterWorkdays?: number | null;
};

export function buildOverdueNoticeCard(input: OverdueNoticeCardInput): Card {
  const { item } = input;
  const unit = item.leadUnit?.name ?? '承办单位';
  const late = trusted(`<font color='red'>${input.overdueWorkdays} 个工作日</font>`);
  const lines = [
    md`**${unit}**承办的“${item.title}”已超过办理时限（${deadlineText(item)}）${late}，尚未办结。`,
  ];
  if (input.urgedTimes) lines.push(md`- 已催办 ${input.urgedTimes} 次`);
  if (input.escalatedTo) lines.push(md`- 已提请分管领导${input.escalatedTo}督促`);
  const limit = input.criticiseAfterWorkdays ?? 0;
  if (limit > input.overdueWorkdays) {
    lines.push(md`- 逾期满 ${limit} 个工作日仍未办结的，将列入督查专报通报批评`);
  }
  const elements: CardElement[] = [
    markdown(lines.join('\n')),
    factsBlock(item),
    ...statusBlock(item),
    hr(),
    buttonRow([
      button('催办', itemAction('urge', item), { type: 'primary' }),
      button('督办', itemAction('supervise', item), { type: 'danger' }),
      button('查看办理记录', itemAction('detail', item), { type: 'text' }),
    ]),
    notation('本通报由督查督办助手按办理时限自动生成。'),
  ];
  return card(
    { ...itemHeader(item, '逾期通报'), template: 'red' },
    `逾期通报：${item.title}（${numberText(item)}）`,
    elements,
  );
}
