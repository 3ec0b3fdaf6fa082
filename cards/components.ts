/**
 * The subset of Card JSON 2.0 this bot emits, as types. The zod schema in schema.ts mirrors
 * these field for field; Feishu rejects unknown properties in 2.0, so nothing else is allowed.
 */
import type { CardAction } from './actions.ts';
import type { Chart, Table } from './chart-types.ts';

export type PlainText = { tag: 'plain_text'; content: string };

export const HEADER_TEMPLATES = [
  'blue',
  'wathet',
  'turquoise',
  'green',
  'yellow',
  'orange',
  'red',
  'carmine',
  'violet',
  'purple',
  'indigo',
  'grey',
  'default',
] as const;
export type HeaderTemplate = (typeof HEADER_TEMPLATES)[number];

export const TAG_COLOURS = [
  'neutral',
  'blue',
  'turquoise',
  'lime',
  'orange',
  'violet',
  'indigo',
  'wathet',
  'green',
  'yellow',
  'red',
  'purple',
  'carmine',
] as const;
export type TagColour = (typeof TAG_COLOURS)[number];

export type TextTag = { tag: 'text_tag'; text: PlainText; color: TagColour };

export type TextSize = 'heading' | 'normal' | 'notation';

/** Fields every component may carry. */
type Common = { element_id?: string; margin?: string };

export type Markdown = Common & {
  tag: 'markdown';
  content: string;
  text_size?: TextSize;
  text_align?: 'left' | 'center' | 'right';
};

export type Div = Common & {
  tag: 'div';
  text: PlainText & { text_size?: TextSize; text_color?: string; lines?: number };
};

export type Hr = Common & { tag: 'hr' };

export type CallbackBehavior = { type: 'callback'; value: CardAction };

export type ButtonType =
  | 'default'
  | 'primary'
  | 'danger'
  | 'text'
  | 'primary_text'
  | 'danger_text'
  | 'primary_filled'
  | 'danger_filled';

export type Button = Common & {
  tag: 'button';
  text: PlainText;
  type?: ButtonType;
  size?: 'tiny' | 'small' | 'medium' | 'large';
  width?: 'default' | 'fill';
  disabled?: boolean;
  confirm?: { title: PlainText; text: PlainText };
  behaviors: CallbackBehavior[];
  /** Only inside a form. */
  name?: string;
  form_action_type?: 'submit' | 'reset';
};

export type Input = Common & {
  tag: 'input';
  name: string;
  required?: boolean;
  placeholder?: PlainText;
  default_value?: string;
  max_length?: number;
  input_type?: 'text' | 'multiline_text';
  rows?: number;
  auto_resize?: boolean;
  max_rows?: number;
  label?: PlainText;
  label_position?: 'top' | 'left';
  width?: 'default' | 'fill';
};

export type SelectOption = { text: PlainText; value: string };

export type SelectStatic = Common & {
  tag: 'select_static';
  name: string;
  required?: boolean;
  placeholder?: PlainText;
  options: SelectOption[];
  initial_option?: string;
  width?: 'default' | 'fill';
};

export type MultiSelectStatic = Common & {
  tag: 'multi_select_static';
  name: string;
  required?: boolean;
  placeholder?: PlainText;
  options: SelectOption[];
  selected_values?: string[];
  width?: 'default' | 'fill';
};

export type DatePicker = Common & {
  tag: 'date_picker';
  name: string;
  required?: boolean;
  placeholder?: PlainText;
  initial_date?: string;
  width?: 'default' | 'fill';
};

export type PersonList = Common & {
  tag: 'person_list';
  persons: { id: string }[];
  show_name?: boolean;
  show_avatar?: boolean;
  size?: 'extra_small' | 'small' | 'medium' | 'large';
  drop_invalid_user_id?: boolean;
};

export type Column = Common & {
  tag: 'column';
  width?: 'auto' | 'weighted';
  weight?: number;
  vertical_align?: 'top' | 'center' | 'bottom';
  elements: CardElement[];
};

export type ColumnSet = Common & {
  tag: 'column_set';
  flex_mode?: 'none' | 'stretch' | 'flow' | 'bisect' | 'trisect';
  horizontal_spacing?: 'small' | 'medium' | 'large';
  columns: Column[];
};

export type CollapsiblePanel = Common & {
  tag: 'collapsible_panel';
  expanded?: boolean;
  header: { title: PlainText | { tag: 'markdown'; content: string } };
  border?: { color?: string; corner_radius?: string };
  vertical_spacing?: 'small' | 'medium' | 'large';
  padding?: string;
  elements: CardElement[];
};

export type Form = Common & { tag: 'form'; name: string; elements: CardElement[] };

export type CardElement =
  | Markdown
  | Div
  | Hr
  | Button
  | Input
  | SelectStatic
  | MultiSelectStatic
  | DatePicker
  | PersonList
  | ColumnSet
  | CollapsiblePanel
  | Form
  | Chart
  | Table;

export type CardHeader = {
  title: PlainText;
  subtitle?: PlainText;
  template?: HeaderTemplate;
  text_tag_list?: TextTag[];
};

export type CardConfig = {
  /** Shared cards: an update is seen by everyone who got the message (2.0 allows only true). */
  update_multi: true;
  summary?: { content: string };
  width_mode?: 'compact' | 'fill';
  enable_forward?: boolean;
};

export type Card = {
  schema: '2.0';
  config: CardConfig;
  header?: CardHeader;
  body: { elements: CardElement[] };
};
