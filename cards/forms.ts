/**
 * Form fields and their `form_value` schemas. A form's submit button carries the action in its
 * value ({a,i,v}); what the person typed arrives in `action.form_value`, untrusted like the rest.
 * Fields share names across forms (one form per card), so each schema reads the fields it needs
 * and ignores the others; empty strings count as "not filled".
 */
import { z } from 'zod';
import { ITEM_KINDS, PRIORITIES, SOURCES } from '../src/domain/item.ts';
import { isIsoDate, type LifecycleCommand } from '../src/domain/lifecycle/index.ts';
import { ANSWER_CATEGORIES, CONTACT_METHODS, SATISFACTIONS } from '../src/domain/proposal.ts';
import { type Failure, fail, ok, type Result } from '../src/lib/result.ts';
import type { ItemActionValue } from './actions.ts';

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

const blank = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const requiredText = (missing: string) =>
  z.preprocess(blank, z.string({ error: missing }).trim().max(INPUT_MAX, `内容过长，最多 ${INPUT_MAX} 字`));
const optionalText = z.preprocess(
  blank,
  z.string().trim().max(INPUT_MAX, `内容过长，最多 ${INPUT_MAX} 字`).optional(),
);

/** date_picker sends 'YYYY-MM-DD +0800'; keep the date. */
const pickedDate = (missing: string) =>
  z.preprocess(
    blank,
    z
      .string({ error: missing })
      .transform((value) => value.trim().split(/\s+/)[0] ?? '')
      .refine(isIsoDate, '日期格式不正确'),
  );

/** select_static values are strings; unit ids are positive integers. */
const unitId = (missing: string) =>
  z.preprocess(
    blank,
    z
      .string({ error: missing })
      .regex(/^[1-9]\d{0,9}$/, missing)
      .transform(Number),
  );

const textOnly = (missing: string) => z.object({ [FIELDS.text]: requiredText(missing) });

export const ReportFormSchema = textOnly('请填写办理进展');
export const SubmitFormSchema = textOnly('请填写办理结果');
export const DeclineFormSchema = textOnly('请填写申请改派的理由');
export const ReturnFormSchema = textOnly('请填写退回重办的理由');
export const CancelFormSchema = textOnly('请填写撤销理由');
export const CoordinationRequestFormSchema = textOnly('请填写需要协调解决的问题');
export const CoordinationAnswerFormSchema = textOnly('请填写协调意见');
export const ExtensionRefusalFormSchema = textOnly('请填写不同意延期的理由');
/** 办结, 同意延期 and 提交专题会议 take an optional remark. */
export const RemarkFormSchema = z.object({ [FIELDS.text]: optionalText });

export const ExtensionRequestFormSchema = z.object({
  [FIELDS.date]: pickedDate('请选择延期后的办理时限'),
  [FIELDS.text]: requiredText('请填写延期理由'),
});

export const ReassignFormSchema = z.object({
  [FIELDS.unit]: unitId('请选择新的牵头单位'),
  [FIELDS.text]: optionalText,
});

/** The draft (拟办) form; the office's edits before 交办. */
export const DraftFormSchema = z
  .object({
    [FIELDS.title]: z.preprocess(
      blank,
      z.string({ error: '请填写事项标题' }).trim().max(100, '标题最多 100 字'),
    ),
    [FIELDS.lead]: unitId('请选择牵头单位'),
    [FIELDS.co]: z.preprocess(
      (value) => value ?? [],
      z.array(
        z
          .string()
          .regex(/^[1-9]\d{0,9}$/, '协办单位选择有误')
          .transform(Number),
      ),
    ),
    [FIELDS.kind]: z.enum(ITEM_KINDS, { error: '请选择办理类型' }),
    [FIELDS.deadline]: z.preprocess(blank, pickedDate('请选择办理时限').optional()),
    [FIELDS.source]: z.enum(SOURCES, { error: '请选择事项来源' }),
    [FIELDS.priority]: z.preprocess((value) => blank(value) ?? 'normal', z.enum(PRIORITIES)),
  })
  .refine((form) => !form.co.includes(form.lead), { error: '协办单位不能包含牵头单位', path: [FIELDS.co] })
  .transform((form) => ({
    title: form.title,
    leadUnitId: form.lead,
    coUnitIds: [...new Set(form.co)],
    kind: form.kind,
    deadline: form.deadline ?? null,
    source: form.source,
    priority: form.priority,
  }));
export type DraftForm = z.infer<typeof DraftFormSchema>;

export const KeepLeadFormSchema = textOnly('请填写不同意调整的理由');
export const OpinionFormSchema = z.object({ [FIELDS.opinion]: requiredText('请填写会办意见') });
export const ContactFormSchema = z.object({
  [FIELDS.contactDate]: pickedDate('请选择沟通日期'),
  [FIELDS.contactMethod]: z.enum(CONTACT_METHODS, { error: '请选择沟通方式' }),
  [FIELDS.contactNote]: optionalText,
});
export const ReplyFormSchema = z.object({
  [FIELDS.answer]: z.enum(ANSWER_CATEGORIES, { error: '请选择答复类别' }),
  [FIELDS.followup]: z.preprocess(blank, pickedDate('请选择跟踪落实日期').optional()),
  [FIELDS.replySummary]: requiredText('请填写答复内容摘要'),
});
export const RateFormSchema = z.object({
  [FIELDS.satisfaction]: z.enum(SATISFACTIONS, { error: '请选择满意度' }),
  [FIELDS.date]: z.preprocess(blank, pickedDate('请选择重办时限').optional()),
  [FIELDS.text]: optionalText,
});

/** 建议提案 steps from a card; null for any other action. */
function proposalCommand(value: ItemActionValue, formValue: unknown): CommandResult | null {
  const version = value.v;
  switch (value.a) {
    case 'keep_lead':
      return withText(KeepLeadFormSchema, formValue, (reason) => ({ type: 'keep_lead', reason, version }));
    case 'send_opinion': {
      const parsed = parseForm(OpinionFormSchema, formValue);
      return parsed.ok ? ok({ type: 'send_opinion', text: parsed.value.opinion, version }) : parsed;
    }
    case 'record_contact': {
      const parsed = parseForm(ContactFormSchema, formValue);
      if (!parsed.ok) return parsed;
      const v = parsed.value;
      const note = v.contact_note;
      return ok({
        type: 'record_contact',
        date: v.contact_date,
        method: v.contact_method,
        ...(note && { note }),
        version,
      });
    }
    case 'reply': {
      const parsed = parseForm(ReplyFormSchema, formValue);
      if (!parsed.ok) return parsed;
      const v = parsed.value;
      return ok({
        type: 'reply',
        category: v.answer,
        summary: v.reply_summary,
        ...(v.followup && { followupOn: v.followup }),
        version,
      });
    }
    case 'rate': {
      const parsed = parseForm(RateFormSchema, formValue);
      if (!parsed.ok) return parsed;
      const v = parsed.value;
      return ok({
        type: 'rate',
        satisfaction: v.satisfaction,
        ...(v.date && { date: v.date }),
        ...(v.text && { comment: v.text }),
        version,
      });
    }
    default:
      return null;
  }
}

/** Parses a form_value with `schema`; the refusal carries the first problem in Chinese. */
export function parseForm<T>(schema: z.ZodType<T>, formValue: unknown): Result<T, Failure<'INVALID_INPUT'>> {
  const parsed = schema.safeParse(formValue ?? {});
  if (parsed.success) return ok(parsed.data);
  return fail('INVALID_INPUT', parsed.error.issues[0]?.message ?? '填写的内容有误');
}

type CommandResult = Result<LifecycleCommand, Failure<'INVALID_INPUT'>>;

function withText(
  schema: z.ZodType<{ text: string }>,
  formValue: unknown,
  build: (text: string) => LifecycleCommand,
): CommandResult {
  const parsed = parseForm(schema, formValue);
  return parsed.ok ? ok(build(parsed.value.text)) : parsed;
}

function withRemark(
  formValue: unknown,
  build: (remark: string | undefined) => LifecycleCommand,
): CommandResult {
  const parsed = parseForm(RemarkFormSchema, formValue);
  return parsed.ok ? ok(build(parsed.value.text)) : parsed;
}

/**
 * Turns a card's action value and form_value into a lifecycle command. For `issue` the draft
 * edits are read separately with DraftFormSchema; `detail` is a view, not a command.
 */
export function commandFromCard(value: ItemActionValue, formValue: unknown): CommandResult {
  const version = value.v;
  const proposal = proposalCommand(value, formValue);
  if (proposal) return proposal;
  switch (value.a) {
    case 'issue':
    case 'discard':
    case 'accept':
      return ok({ type: value.a, version });
    case 'urge':
    case 'supervise': {
      const type = value.a;
      // The office may add a line for the unit (e.g. 请主要负责同志亲自督办); it goes on the card.
      return withRemark(formValue, (text) => ({ type, ...(text && { text }), version }));
    }
    case 'report':
    case 'submit':
      return withText(value.a === 'report' ? ReportFormSchema : SubmitFormSchema, formValue, (text) => ({
        type: value.a === 'report' ? 'report' : 'submit',
        text,
        version,
      }));
    case 'decline':
      return withText(DeclineFormSchema, formValue, (reason) => ({ type: 'decline', reason, version }));
    case 'return':
      return withText(ReturnFormSchema, formValue, (reason) => ({ type: 'return', reason, version }));
    case 'cancel':
      return withText(CancelFormSchema, formValue, (reason) => ({ type: 'cancel', reason, version }));
    case 'request_coordination':
      return withText(CoordinationRequestFormSchema, formValue, (text) => ({
        type: 'request_coordination',
        text,
        version,
      }));
    case 'answer_coordination':
      return withText(CoordinationAnswerFormSchema, formValue, (answer) => ({
        type: 'answer_coordination',
        answer,
        version,
      }));
    case 'to_topic_meeting':
      return withRemark(formValue, (answer) => ({
        type: 'answer_coordination',
        toTopicMeeting: true,
        ...(answer && { answer }),
        version,
      }));
    case 'approve':
      return withRemark(formValue, (comment) => ({
        type: 'approve',
        ...(comment && { comment }),
        version,
      }));
    case 'approve_extension':
      return withRemark(formValue, (comment) => ({
        type: 'decide_extension',
        approve: true,
        ...(comment && { comment }),
        version,
      }));
    case 'refuse_extension':
      return withText(ExtensionRefusalFormSchema, formValue, (comment) => ({
        type: 'decide_extension',
        approve: false,
        comment,
        version,
      }));
    case 'request_extension': {
      const parsed = parseForm(ExtensionRequestFormSchema, formValue);
      if (!parsed.ok) return parsed;
      return ok({ type: 'request_extension', date: parsed.value.date, reason: parsed.value.text, version });
    }
    case 'reassign': {
      const parsed = parseForm(ReassignFormSchema, formValue);
      if (!parsed.ok) return parsed;
      const { unit, text } = parsed.value;
      return ok({ type: 'reassign', leadUnitId: unit, ...(text && { reason: text }), version });
    }
    case 'detail':
      return fail('INVALID_INPUT', '查看详情不是办理操作');
    default:
      return fail('INVALID_INPUT', '无法识别的操作，请使用最新的卡片');
  }
}
