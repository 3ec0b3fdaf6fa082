import { expect } from 'vitest';
import { type Card, type CardElement, cardBytes, MAX_CARD_BYTES, validateCard } from '../../cards/index.ts';

/** Every component in the card, depth first (columns' contents included). */
export function flatten(elements: readonly CardElement[]): CardElement[] {
  const out: CardElement[] = [];
  for (const element of elements) {
    out.push(element);
    if (element.tag === 'form' || element.tag === 'collapsible_panel') out.push(...flatten(element.elements));
    if (element.tag === 'column_set') {
      for (const column of element.columns) out.push(...flatten(column.elements));
    }
  }
  return out;
}

export const elementsOf = (card: Card): CardElement[] => flatten(card.body.elements);

export function buttonsOf(card: Card): { label: string; value: unknown; submit: boolean }[] {
  return elementsOf(card).flatMap((e) =>
    e.tag === 'button'
      ? [{ label: e.text.content, value: e.behaviors[0]?.value, submit: e.form_action_type === 'submit' }]
      : [],
  );
}

export const buttonLabels = (card: Card): string[] => buttonsOf(card).map((b) => b.label);

export function markdownOf(card: Card): string {
  return elementsOf(card)
    .flatMap((e) => {
      if (e.tag === 'markdown') return [e.content];
      if (e.tag === 'collapsible_panel') return [e.header.title.content];
      return [];
    })
    .join('\n');
}

export const fieldNames = (card: Card): string[] =>
  elementsOf(card).flatMap((e) =>
    e.tag === 'input' ||
    e.tag === 'select_static' ||
    e.tag === 'multi_select_static' ||
    e.tag === 'date_picker'
      ? [e.name]
      : [],
  );

/** Asserts the card passes the strict schema and Feishu's limits, and returns it. */
export function expectValid(card: Card): Card {
  const result = validateCard(card);
  if (!result.ok) throw new Error(result.error.message);
  expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  return card;
}
