/** Shared by the cards that ask someone to decide (审核, 延期, 改派, 协调): form or outcome. */
import type { Button, CardElement } from './components.ts';
import { md, quote, trusted } from './escape.ts';
import { FIELDS } from './forms.ts';
import type { Outcome } from './types.ts';
import { buttonRow, form, markdown, textInput } from './ui.ts';

/** What was decided, by whom and when; replaces the buttons once someone has acted. */
export function outcomeBlock(outcome: Outcome): CardElement {
  const text = outcome.text ? md`\n${trusted(quote(outcome.text, 500))}` : '';
  return markdown(md`**${outcome.label}**（${outcome.by}，${outcome.at}）${trusted(text)}`);
}

/** A form with one remark field and the decision buttons (each a submit with its own action). */
export function decisionForm(
  name: string,
  placeholder: string,
  buttons: Button[],
  extra: CardElement[] = [],
): CardElement {
  return form(name, [...extra, textInput(FIELDS.text, placeholder, { multiline: true }), buttonRow(buttons)]);
}
