/** 建议提案 forms: their fields share a card with the 办理 form, so they have names of their own. */
import { z } from 'zod';
import { ANSWER_CATEGORIES, CONTACT_METHODS, SATISFACTIONS } from '../src/domain/proposal.ts';
import { ok } from '../src/lib/result.ts';
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
  withText,
} from './form-fields.ts';

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
export function proposalCommand(value: ItemActionValue, formValue: unknown): CommandResult | null {
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
