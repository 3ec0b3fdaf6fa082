/**
 * What an old card turns into when the bot re-sends it as a new message (it was about to leave
 * Feishu's 14-day update window): no buttons, a pointer to the new card.
 */
import type { Card } from './components.ts';
import { md } from './escape.ts';
import { numberText } from './item-parts.ts';
import type { ItemView } from './types.ts';
import { card, markdown, notation } from './ui.ts';

export function buildReplacedCard(item: ItemView): Card {
  return card(
    { title: `已更新：${item.title}`, subtitle: numberText(item), template: 'grey' },
    `已更新，请看新卡片：${item.title}`,
    [
      markdown(md`该事项有新进展，本卡片已停止更新。**已更新，请看新卡片**（已在本会话中重新发送）。`),
      notation('飞书卡片发送 14 天后不能再更新或操作，因此督查督办助手会重新发送最新的卡片。'),
    ],
  );
}
