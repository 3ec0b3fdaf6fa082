/**
 * A message to the bot that names no item, from someone with several open items: ask which item
 * it is about. The message is held server-side under `heldId` until they choose.
 */
import { replyDecision, replyTo } from './actions.ts';
import type { Card, CardElement } from './components.ts';
import { md, oneLine, quote, trusted } from './escape.ts';
import { button, buttonRow, card, markdown, notation } from './ui.ts';

export type ItemChoice = {
  id: number;
  number: string | null;
  title: string;
  deadline?: string | null;
  leadUnitName?: string | null;
};

export type ChooseItemCardInput = {
  heldId: number;
  messageText: string;
  items: ItemChoice[];
  /** Once chosen: what happened, e.g. "已记为“防汛物资检查”的进展反馈". Buttons disappear. */
  resolved?: string | null;
};

export const MAX_CHOICES = 10;

const choiceLabel = (item: ItemChoice): string => oneLine(`${item.number ?? ''} ${item.title}`, 40);

export function buildChooseItemCard(input: ChooseItemCardInput): Card {
  const shown = input.items.slice(0, MAX_CHOICES);
  const elements: CardElement[] = [markdown(md`**您的消息**\n${trusted(quote(input.messageText, 300))}`)];
  if (input.resolved) {
    elements.push(markdown(md`${input.resolved}`));
  } else {
    elements.push(markdown('您有多个在办事项，请选择这条消息对应的事项：'));
    for (const item of shown) {
      const hint = [
        item.leadUnitName ? md`牵头单位：${item.leadUnitName}` : null,
        item.deadline ? md`办理时限：${item.deadline}` : null,
      ].filter((part) => part !== null);
      elements.push(
        buttonRow([
          button(choiceLabel(item), replyTo(input.heldId, item.id), { type: 'primary', width: 'fill' }),
        ]),
      );
      if (hint.length > 0) elements.push(notation(hint.join('，')));
    }
    elements.push(
      buttonRow([button('以上都不是', replyDecision('reply_drop', input.heldId), { type: 'text' })]),
    );
    if (input.items.length > shown.length) {
      elements.push(notation(`仅列出 ${MAX_CHOICES} 项；其他事项请直接回复对应的督查通知单。`));
    }
  }
  return card({ title: '请选择对应的事项', template: 'blue' }, '请选择这条消息对应的事项', elements);
}
