/**
 * 提请分管领导督促 (§四.3 overdue ladder): an item still open some working days past its deadline
 * goes to the county leader in charge of its lead unit, privately.
 */
import { itemAction } from './actions.ts';
import type { Card, CardElement } from './components.ts';
import { md, trusted } from './escape.ts';
import { deadlineText, factsBlock, itemHeader, numberText, statusBlock } from './item-parts.ts';
import type { ItemView } from './types.ts';
import { button, buttonRow, card, hr, markdown, notation } from './ui.ts';

export type EscalationCardInput = {
  item: ItemView;
  overdueWorkdays: number;
  /** The 分管领导 the card is for. */
  leaderName?: string | null;
  /** How many times the unit was urged already (automatic and manual). */
  urgedTimes?: number | null;
};

export function buildEscalationCard(input: EscalationCardInput): Card {
  const { item } = input;
  const unit = item.leadUnit?.name ?? '承办单位';
  const greeting = input.leaderName ? md`${input.leaderName}：` : '';
  const late = trusted(`<font color='red'>${input.overdueWorkdays} 个工作日</font>`);
  const urged = input.urgedTimes ? md`督查室已催办 ${input.urgedTimes} 次，` : '';
  const elements: CardElement[] = [
    markdown(
      md`${trusted(greeting)}您分管的${unit}承办的以下事项已超过办理时限（${deadlineText(item)}）${late}，${trusted(urged)}至今未办结，请督促办理。`,
    ),
    factsBlock(item),
    ...statusBlock(item),
    hr(),
    buttonRow([button('查看办理记录', itemAction('detail', item), { type: 'primary' })]),
    notation('如需协调解决，可直接回复本消息，督查室将跟进落实。'),
  ];
  return card(
    { ...itemHeader(item, '逾期事项提请督促'), template: 'red' },
    `逾期事项提请督促：${item.title}（${numberText(item)}）`,
    elements,
  );
}
