/**
 * @-mentions on cards sent to a group (issue #12): in a busy unit group a card that names nobody
 * notifies nobody. `<at id=…></at>` is markdown the code writes itself; ids come from the directory,
 * so only well-formed ones pass, and nothing a person typed is ever put in the tag.
 */
import type { CardElement } from './components.ts';
import { markdown, withTopLine } from './ui.ts';

const OPEN_ID = /^ou_[A-Za-z0-9_-]{1,120}$/;

/** The mention line, or null when no id is usable. */
export function mentionLine(openIds: readonly string[], words = '请及时查看办理。'): CardElement | null {
  const ids = [...new Set(openIds)].filter((id) => OPEN_ID.test(id));
  if (ids.length === 0) return null;
  return markdown(`${ids.map((id) => `<at id=${id}></at>`).join(' ')} ${words}`);
}

/** The card with the mention line on top of its body; anything not shaped like a card is left as it is. */
export function withMentions<T extends object>(card: T, openIds: readonly string[]): T {
  const line = mentionLine(openIds);
  return line ? withTopLine(card, line) : card;
}
