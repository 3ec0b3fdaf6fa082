/** Small constructors for the components in components.ts, so builders read like the card. */
import type { CardAction } from './actions.ts';
import type {
  Button,
  ButtonType,
  Card,
  CardElement,
  CardHeader,
  CollapsiblePanel,
  ColumnSet,
  DatePicker,
  Form,
  Hr,
  Input,
  Markdown,
  MultiSelectStatic,
  PlainText,
  SelectOption,
  SelectStatic,
  TagColour,
  TextTag,
} from './components.ts';
import { oneLine } from './escape.ts';

export const plain = (content: string): PlainText => ({ tag: 'plain_text', content });

/** `content` must already be safe markdown (built with `md` or escaped). */
export const markdown = (content: string): Markdown => ({ tag: 'markdown', content });

/** Small grey print for hints and footnotes (2.0 has no `note` component). */
export const notation = (content: string): Markdown => ({ tag: 'markdown', content, text_size: 'notation' });

export const hr = (): Hr => ({ tag: 'hr' });

export const textTag = (text: string, color: TagColour): TextTag => ({
  tag: 'text_tag',
  text: plain(text),
  color,
});

export type ButtonOptions = {
  type?: ButtonType;
  width?: 'default' | 'fill';
  confirm?: { title: string; text: string };
};

export function button(label: string, value: CardAction, options: ButtonOptions = {}): Button {
  return {
    tag: 'button',
    text: plain(oneLine(label, 100)),
    type: options.type ?? 'default',
    ...(options.width && { width: options.width }),
    ...(options.confirm && {
      confirm: { title: plain(options.confirm.title), text: plain(options.confirm.text) },
    }),
    behaviors: [{ type: 'callback', value }],
  };
}

/** A form's submit button; its callback value names the action, the fields arrive in form_value. */
export function submitButton(
  name: string,
  label: string,
  value: CardAction,
  options: ButtonOptions = {},
): Button {
  return { ...button(label, value, options), name, form_action_type: 'submit' };
}

/** Buttons side by side, wrapping on narrow screens. */
export function buttonRow(buttons: Button[]): ColumnSet {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    horizontal_spacing: 'small',
    columns: buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })),
  };
}

export type InputOptions = {
  required?: boolean;
  multiline?: boolean;
  maxLength?: number;
  defaultValue?: string;
};

export function textInput(name: string, placeholder: string, options: InputOptions = {}): Input {
  return {
    tag: 'input',
    name,
    required: options.required ?? false,
    placeholder: plain(placeholder),
    max_length: options.maxLength ?? 1000,
    width: 'fill',
    ...(options.multiline && { input_type: 'multiline_text', rows: 3, auto_resize: true, max_rows: 8 }),
    ...(options.defaultValue !== undefined && { default_value: options.defaultValue }),
  };
}

export type Choice = { label: string; value: string };

const toOptions = (choices: readonly Choice[]): SelectOption[] =>
  choices.map((c) => ({ text: plain(oneLine(c.label, 60)), value: c.value }));

export function select(
  name: string,
  placeholder: string,
  choices: readonly Choice[],
  options: { required?: boolean; initial?: string | null } = {},
): SelectStatic {
  return {
    tag: 'select_static',
    name,
    required: options.required ?? false,
    placeholder: plain(placeholder),
    options: toOptions(choices),
    width: 'fill',
    ...(options.initial && { initial_option: options.initial }),
  };
}

export function multiSelect(
  name: string,
  placeholder: string,
  choices: readonly Choice[],
  selected: readonly string[] = [],
): MultiSelectStatic {
  return {
    tag: 'multi_select_static',
    name,
    required: false,
    placeholder: plain(placeholder),
    options: toOptions(choices),
    width: 'fill',
    ...(selected.length > 0 && { selected_values: [...selected] }),
  };
}

export function datePicker(
  name: string,
  placeholder: string,
  options: { required?: boolean; initial?: string | null } = {},
): DatePicker {
  return {
    tag: 'date_picker',
    name,
    required: options.required ?? false,
    placeholder: plain(placeholder),
    width: 'fill',
    ...(options.initial && { initial_date: options.initial }),
  };
}

export const form = (name: string, elements: CardElement[]): Form => ({ tag: 'form', name, elements });

/** `title` must be safe markdown. */
export function panel(title: string, elements: CardElement[], expanded = false): CollapsiblePanel {
  return {
    tag: 'collapsible_panel',
    expanded,
    header: { title: { tag: 'markdown', content: title } },
    border: { color: 'grey', corner_radius: '5px' },
    vertical_spacing: 'small',
    padding: '8px 8px 8px 8px',
    elements,
  };
}

export type HeaderInput = {
  title: string;
  subtitle?: string | null;
  template: CardHeader['template'];
  tags?: TextTag[];
};

/** A whole card; `summary` is the chat-list preview (plain text). */
export function card(header: HeaderInput, summary: string, elements: CardElement[]): Card {
  return {
    schema: '2.0',
    config: { update_multi: true, summary: { content: oneLine(summary, 100) } },
    header: {
      title: plain(oneLine(header.title, 80)),
      ...(header.subtitle && { subtitle: plain(oneLine(header.subtitle, 80)) }),
      template: header.template,
      ...(header.tags && header.tags.length > 0 && { text_tag_list: header.tags.slice(0, 3) }),
    },
    body: { elements },
  };
}

/** The card with `line` on top of its body; anything not shaped like a card is left as it is. */
export function withTopLine<T extends object>(card: T, line: CardElement): T {
  const body = (card as Partial<Card>).body;
  if (!body || !Array.isArray(body.elements)) return card;
  return { ...card, body: { ...body, elements: [line, ...body.elements] } };
}
