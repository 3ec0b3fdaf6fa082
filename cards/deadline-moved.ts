/**
 * 办理时限调整: a counted deadline was recounted because the holiday calendar grew (a 国务院办公厅 notice,
 * a county override). Goes to the lead unit; the notice cards are updated in place as well.
 */
import { itemAction } from './actions.ts';
import type { Card } from './components.ts';
import { md, trusted } from './escape.ts';
import { deadlineText, factsBlock, itemHeader, numberText } from './item-parts.ts';
import type { ItemView } from './types.ts';
import { button, buttonRow, card, hr, markdown, notation } from './ui.ts';

export type DeadlineMovedCardInput = {
  /** The item as it is now (with the new deadline). */
  item: ItemView;
  from: string;
  /** Why it was recounted, e.g. '2027年节假日安排已公布'. */
  reason: string;
};

export function buildDeadlineMovedCard(input: DeadlineMovedCardInput): Card {
  const { item } = input;
  const to = trusted(`<font color='blue'>${deadlineText(item)}</font>`);
  const still = item.deadlineProvisional
    ? notation('节假日安排尚未全部公布，该时限仍为暂定，公布后如有变化将再次告知。')
    : notation('该时限已按公布的节假日安排确定。');
  return card(
    { ...itemHeader(item, '办理时限调整'), template: 'blue' },
    `办理时限调整：${item.title}（${numberText(item)}）`,
    [
      markdown(
        md`因${input.reason}，按工作日重新计算，以下事项的办理时限由 ${input.from} 调整为 ${to}，请按新的时限办理。`,
      ),
      factsBlock(item),
      still,
      hr(),
      buttonRow([button('查看办理记录', itemAction('detail', item), { type: 'primary' })]),
    ],
  );
}
