/**
 * Form fields and their `form_value` schemas. A form's submit button carries the action in its
 * value ({a,i,v}); what the person typed arrives in `action.form_value`, untrusted like the rest.
 * Fields share names across forms (one form per card), so each schema reads the fields it needs
 * and ignores the others; empty strings count as "not filled".
 */
import { z } from 'zod';
import { ITEM_KINDS, PRIORITIES, SOURCES } from '../src/domain/item.ts';
import type { LifecycleCommand } from '../src/domain/lifecycle/index.ts';
import { fail, ok } from '../src/lib/result.ts';
import type { ItemActionValue } from './actions.ts';
import {
  blank,
  type CommandResult,
  FIELDS,
  optionalText,
  parseForm,
  pickedDate,
  requiredText,
  textOnly,
  unitId,
  withText,
} from './form-fields.ts';
import { proposalCommand } from './proposal-forms.ts';

export { FIELDS, parseForm } from './form-fields.ts';

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
