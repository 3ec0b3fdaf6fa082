/**
 * 提请分管领导督促 (§四.3 overdue ladder): an item still open some working days past its deadline
 * goes to the county leader in charge of its lead unit, privately; when the unit has none on record,
 * to the office, saying so.
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
  /** The unit has no 分管领导 on record: the card goes to the office instead. */
  toOffice?: boolean;
};

export const NO_LEADER = '该单位未设分管领导，已报督查室';

export function buildEscalationCard(input: EscalationCardInput): Card {
  const { item } = input;
  const unit = item.leadUnit?.name ?? '承办单位';
  const late = trusted(`<font color='red'>${input.overdueWorkdays} 个工作日</font>`);
  const urged = input.urgedTimes ? md`督查室已催办 ${input.urgedTimes} 次，` : '';
  const overdue = md`${unit}承办的以下事项已超过办理时限（${deadlineText(item)}）${late}，${trusted(urged)}至今未办结`;
  const greeting = input.leaderName ? md`${input.leaderName}：` : '';
  const lead = input.toOffice
    ? md`${trusted(overdue)}。**${NO_LEADER}**，请督查室督促办理。`
    : md`${trusted(greeting)}您分管的${trusted(overdue)}，请督促办理。`;
  const elements: CardElement[] = [
    markdown(lead),
    factsBlock(item),
    ...statusBlock(item),
    hr(),
    buttonRow([button('查看办理记录', itemAction('detail', item), { type: 'primary' })]),
    notation(
      input.toOffice
        ? '可在事项详情中催办、督办；请在单位名录中为该单位补充分管领导。'
        : '查看办理记录可了解该事项的全部办理情况。',
    ),
  ];
  const title = input.toOffice ? '逾期事项报督查室' : '逾期事项提请督促';
  return card(
    { ...itemHeader(item, title), template: 'red' },
    `${title}：${item.title}（${numberText(item)}）`,
    elements,
  );
}
