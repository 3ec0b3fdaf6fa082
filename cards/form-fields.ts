/**
 * The fields every card form shares and how their values are read: names, text and date rules, and
 * the one parse that turns a refusal into a Chinese message (forms.ts, proposal-forms.ts).
 */
import { z } from 'zod';
import { isIsoDate, type LifecycleCommand } from '../src/domain/lifecycle/index.ts';
import { type Failure, fail, ok, type Result } from '../src/lib/result.ts';

/** Field names, unique within a card as Feishu requires. */
export const FIELDS = {
  text: 'text',
  date: 'date',
  unit: 'unit',
  title: 'title',
  lead: 'lead',
  co: 'co',
  kind: 'kind',
  deadline: 'deadline',
  source: 'source',
  priority: 'priority',
  /** Units named in words, for directories too big to list in a card (see unit-names.ts). */
  leadName: 'lead_name',
  coNames: 'co_names',
  unitName: 'unit_name',
  /** 建议提案 forms share a card with the 办理 form, so their fields have names of their own. */
  opinion: 'opinion',
  contactDate: 'contact_date',
  contactMethod: 'contact_method',
  contactNote: 'contact_note',
  answer: 'answer',
  followup: 'followup',
  replySummary: 'reply_summary',
  satisfaction: 'satisfaction',
} as const;

/** Longest text a card input accepts (Feishu's input max_length is 1–1000). */
export const INPUT_MAX = 1000;

export const blank = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const requiredText = (missing: string) =>
  z.preprocess(blank, z.string({ error: missing }).trim().max(INPUT_MAX, `内容过长，最多 ${INPUT_MAX} 字`));
export const optionalText = z.preprocess(
  blank,
  z.string().trim().max(INPUT_MAX, `内容过长，最多 ${INPUT_MAX} 字`).optional(),
);

/** date_picker sends 'YYYY-MM-DD +0800'; keep the date. */
export const pickedDate = (missing: string) =>
  z.preprocess(
    blank,
    z
      .string({ error: missing })
      .transform((value) => value.trim().split(/\s+/)[0] ?? '')
      .refine(isIsoDate, '日期格式不正确'),
  );

/** select_static values are strings; unit ids are positive integers. */
export const unitId = (missing: string) =>
  z.preprocess(
    blank,
    z
      .string({ error: missing })
      .regex(/^[1-9]\d{0,9}$/, missing)
      .transform(Number),
  );

export const textOnly = (missing: string) => z.object({ [FIELDS.text]: requiredText(missing) });

/** Parses a form_value with `schema`; the refusal carries the first problem in Chinese. */
export function parseForm<T>(schema: z.ZodType<T>, formValue: unknown): Result<T, Failure<'INVALID_INPUT'>> {
  const parsed = schema.safeParse(formValue ?? {});
  if (parsed.success) return ok(parsed.data);
  return fail('INVALID_INPUT', parsed.error.issues[0]?.message ?? '填写的内容有误');
}

export type CommandResult = Result<LifecycleCommand, Failure<'INVALID_INPUT'>>;

export function withText(
  schema: z.ZodType<{ text: string }>,
  formValue: unknown,
  build: (text: string) => LifecycleCommand,
): CommandResult {
  const parsed = parseForm(schema, formValue);
  return parsed.ok ? ok(build(parsed.value.text)) : parsed;
}
