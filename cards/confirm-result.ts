/** A reply that reads as "done": ask before treating it as the item's result (报结). */
import { replyDecision } from './actions.ts';
import type { Card, CardElement } from './components.ts';
import { md, quote, trusted } from './escape.ts';
import { button, buttonRow, card, markdown, notation } from './ui.ts';

export type ConfirmResultCardInput = {
  heldId: number;
  item: { id: number; number: string | null; title: string };
  messageText: string;
  /** Once answered: what happened. Buttons disappear. */
  resolved?: string | null;
};

export function buildConfirmResultCard(input: ConfirmResultCardInput): Card {
  const { item } = input;
  const elements: CardElement[] = [
    markdown(md`**事项**：${item.number ?? '（待编号）'} ${item.title}`),
    markdown(md`**您的消息**\n${trusted(quote(input.messageText, 1000))}`),
  ];
  if (input.resolved) {
    elements.push(markdown(md`${input.resolved}`));
  } else {
    elements.push(
      markdown('这条消息像是办结反馈，是否作为报结提交？'),
      buttonRow([
        button('确认报结', replyDecision('reply_result', input.heldId), {
          type: 'primary_filled',
          confirm: { title: '确认报结', text: '报结后由督查室审核办结。' },
        }),
        button('仅作为进展反馈', replyDecision('reply_progress', input.heldId)),
      ]),
      notation('报结后由督查室审核；审核通过即办结，并报送交办领导。'),
    );
  }
  return card({ title: '是否报结？', template: 'orange' }, `是否报结：${item.title}`, elements);
}
