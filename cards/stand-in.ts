/** A card a deputy receives for the person they stand in for (委托) says so on its first line. */
import { md } from './escape.ts';
import { notation } from './ui.ts';

const hasBody = (card: object): card is { body: { elements: unknown[] } } => {
  const body = (card as { body?: { elements?: unknown } }).body;
  return Array.isArray(body?.elements);
};

export function withStandInLine(card: object, delegatorName: string): object {
  if (!hasBody(card)) return card;
  const line = notation(md`代${delegatorName}接收（委托期间）`);
  return { ...card, body: { ...card.body, elements: [line, ...card.body.elements] } };
}
