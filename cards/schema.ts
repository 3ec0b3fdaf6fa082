/**
 * A strict schema for the cards this bot sends: the components in components.ts, every object
 * `.strict()` (2.0 rejects unknown properties), buttons carrying only a parsable CardAction,
 * plus the limits Feishu enforces at send time (see checkCardLimits).
 */
import { z } from 'zod';
import { type Failure, fail, ok, type Result } from '../src/lib/result.ts';
import { CardActionSchema } from './actions.ts';
import { ChartFields, TableFields } from './chart-schema.ts';
import { type Card, type CardElement, HEADER_TEMPLATES, TAG_COLOURS } from './components.ts';
import { cardBytes, checkCardLimits } from './limits.ts';

export type { Card, CardElement } from './components.ts';

export const ELEMENT_ID = /^[A-Za-z][A-Za-z0-9_]{0,19}$/;

const common = { element_id: z.string().regex(ELEMENT_ID).optional(), margin: z.string().optional() };
const plainText = z.object({ tag: z.literal('plain_text'), content: z.string() }).strict();
const nonEmptyText = z.object({ tag: z.literal('plain_text'), content: z.string().min(1) }).strict();
const textSize = z.enum(['heading', 'normal', 'notation']);
const width = z.enum(['default', 'fill']);
const fieldName = z.string().min(1).max(64);
const option = z.object({ text: nonEmptyText, value: z.string().min(1) }).strict();

const MarkdownSchema = z
  .object({
    tag: z.literal('markdown'),
    ...common,
    content: z.string(),
    text_size: textSize.optional(),
    text_align: z.enum(['left', 'center', 'right']).optional(),
  })
  .strict();

const DivSchema = z
  .object({
    tag: z.literal('div'),
    ...common,
    text: plainText
      .extend({
        text_size: textSize.optional(),
        text_color: z.string().optional(),
        lines: z.number().int().positive().optional(),
      })
      .strict(),
  })
  .strict();

const HrSchema = z.object({ tag: z.literal('hr'), ...common }).strict();

const ButtonSchema = z
  .object({
    tag: z.literal('button'),
    ...common,
    text: z.object({ tag: z.literal('plain_text'), content: z.string().min(1).max(100) }).strict(),
    type: z
      .enum([
        'default',
        'primary',
        'danger',
        'text',
        'primary_text',
        'danger_text',
        'primary_filled',
        'danger_filled',
      ])
      .optional(),
    size: z.enum(['tiny', 'small', 'medium', 'large']).optional(),
    width: width.optional(),
    disabled: z.boolean().optional(),
    confirm: z.object({ title: nonEmptyText, text: plainText }).strict().optional(),
    behaviors: z
      .array(z.object({ type: z.literal('callback'), value: CardActionSchema }).strict())
      .min(1)
      .max(1),
    name: fieldName.optional(),
    form_action_type: z.enum(['submit', 'reset']).optional(),
  })
  .strict();

const InputSchema = z
  .object({
    tag: z.literal('input'),
    ...common,
    name: fieldName,
    required: z.boolean().optional(),
    placeholder: plainText.optional(),
    default_value: z.string().optional(),
    max_length: z.number().int().min(1).max(1000).optional(),
    input_type: z.enum(['text', 'multiline_text']).optional(),
    rows: z.number().int().min(1).max(20).optional(),
    auto_resize: z.boolean().optional(),
    max_rows: z.number().int().min(1).max(30).optional(),
    label: plainText.optional(),
    label_position: z.enum(['top', 'left']).optional(),
    width: width.optional(),
  })
  .strict();

const SelectStaticSchema = z
  .object({
    tag: z.literal('select_static'),
    ...common,
    name: fieldName,
    required: z.boolean().optional(),
    placeholder: plainText.optional(),
    options: z.array(option).min(1),
    initial_option: z.string().optional(),
    width: width.optional(),
  })
  .strict();

const MultiSelectStaticSchema = z
  .object({
    tag: z.literal('multi_select_static'),
    ...common,
    name: fieldName,
    required: z.boolean().optional(),
    placeholder: plainText.optional(),
    options: z.array(option).min(1),
    selected_values: z.array(z.string()).optional(),
    width: width.optional(),
  })
  .strict();

const DatePickerSchema = z
  .object({
    tag: z.literal('date_picker'),
    ...common,
    name: fieldName,
    required: z.boolean().optional(),
    placeholder: plainText.optional(),
    initial_date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    width: width.optional(),
  })
  .strict();

const PersonListSchema = z
  .object({
    tag: z.literal('person_list'),
    ...common,
    persons: z.array(z.object({ id: z.string().min(1) }).strict()).min(1),
    show_name: z.boolean().optional(),
    show_avatar: z.boolean().optional(),
    size: z.enum(['extra_small', 'small', 'medium', 'large']).optional(),
    drop_invalid_user_id: z.boolean().optional(),
  })
  .strict();

const children = z.array(z.lazy((): z.ZodType<CardElement> => ElementSchema));

const ColumnSchema = z
  .object({
    tag: z.literal('column'),
    ...common,
    width: z.enum(['auto', 'weighted']).optional(),
    weight: z.number().int().min(1).max(5).optional(),
    vertical_align: z.enum(['top', 'center', 'bottom']).optional(),
    elements: children,
  })
  .strict();

const ColumnSetSchema = z
  .object({
    tag: z.literal('column_set'),
    ...common,
    flex_mode: z.enum(['none', 'stretch', 'flow', 'bisect', 'trisect']).optional(),
    horizontal_spacing: z.enum(['small', 'medium', 'large']).optional(),
    columns: z.array(ColumnSchema).min(1),
  })
  .strict();

const CollapsiblePanelSchema = z
  .object({
    tag: z.literal('collapsible_panel'),
    ...common,
    expanded: z.boolean().optional(),
    header: z
      .object({
        title: z.union([plainText, z.object({ tag: z.literal('markdown'), content: z.string() }).strict()]),
      })
      .strict(),
    border: z
      .object({ color: z.string().optional(), corner_radius: z.string().optional() })
      .strict()
      .optional(),
    vertical_spacing: z.enum(['small', 'medium', 'large']).optional(),
    padding: z.string().optional(),
    elements: children,
  })
  .strict();

const FormSchema = z
  .object({ tag: z.literal('form'), ...common, name: fieldName, elements: children })
  .strict();

const ElementSchema: z.ZodType<CardElement> = z.discriminatedUnion('tag', [
  MarkdownSchema,
  DivSchema,
  HrSchema,
  ButtonSchema,
  InputSchema,
  SelectStaticSchema,
  MultiSelectStaticSchema,
  DatePickerSchema,
  PersonListSchema,
  ColumnSetSchema,
  CollapsiblePanelSchema,
  FormSchema,
  ChartFields.extend(common).strict(),
  TableFields.extend(common).strict(),
]);

const TextTagSchema = z
  .object({ tag: z.literal('text_tag'), text: nonEmptyText, color: z.enum(TAG_COLOURS) })
  .strict();

export const CardSchema: z.ZodType<Card> = z
  .object({
    schema: z.literal('2.0'),
    config: z
      .object({
        update_multi: z.literal(true),
        summary: z.object({ content: z.string() }).strict().optional(),
        width_mode: z.enum(['compact', 'fill']).optional(),
        enable_forward: z.boolean().optional(),
      })
      .strict(),
    header: z
      .object({
        title: nonEmptyText,
        subtitle: plainText.optional(),
        template: z.enum(HEADER_TEMPLATES).optional(),
        text_tag_list: z.array(TextTagSchema).max(3).optional(),
      })
      .strict()
      .optional(),
    body: z.object({ elements: z.array(ElementSchema).min(1) }).strict(),
  })
  .strict();

/** Schema plus Feishu's limits (size, count, nesting, forms). Run on every card before sending. */
export function validateCard(card: unknown): Result<Card, Failure<'INVALID_CARD'>> {
  const parsed = CardSchema.safeParse(card);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return fail('INVALID_CARD', `卡片结构不合规：${issues.join('；')}`);
  }
  const problems = checkCardLimits(parsed.data, cardBytes(card));
  if (problems.length > 0) return fail('INVALID_CARD', `卡片不合规：${problems.slice(0, 5).join('；')}`);
  return ok(parsed.data);
}
