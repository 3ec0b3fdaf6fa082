/**
 * The last check before a card leaves the bot. Every outbox card row (cardMessage) and every card
 * answered to a callback passes here. A card that fails the schema or Feishu's limits is a bug in a
 * builder: it is replaced by a short card that still tells the person something happened, so the
 * transition it belongs to is never lost, and the caller records and logs the problem.
 */
import type { Card } from './components.ts';
import { validateCard } from './schema.ts';
import { card, markdown, notation } from './ui.ts';

export type Sendable = { card: Card; problem: string | null };

const FALLBACK_TITLE = '督查督办消息';

function titleOf(raw: unknown): string {
  const title = (raw as { header?: { title?: { content?: unknown } } } | null)?.header?.title?.content;
  const text = typeof title === 'string' ? title.replace(/\s+/g, ' ').trim() : '';
  return text === '' ? FALLBACK_TITLE : text;
}

/** A minimal card: the original title and a line saying where to read the rest. */
export function fallbackCard(raw: unknown): Card {
  const title = titleOf(raw);
  return card({ title, template: 'grey' }, title, [
    markdown('本条消息内容过多或格式异常，未能完整显示。'),
    notation('请发送“事项 编号”查看事项详情，或联系督查室。'),
  ]);
}

export function sendableCard(raw: unknown): Sendable {
  const checked = validateCard(raw);
  if (checked.ok) return { card: checked.value, problem: null };
  const fallback = validateCard(fallbackCard(raw));
  // The fallback is built from plain text only; should even that fail, the default title will do.
  return {
    card: fallback.ok ? fallback.value : fallbackCard(null),
    problem: checked.error.message,
  };
}
