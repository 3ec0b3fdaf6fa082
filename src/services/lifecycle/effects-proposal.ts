/** 建议提案 (issue #13): the effects of its own steps; the shared ones are in effects-unit/office. */
import { buildRatingCard } from '../../../cards/proposal-parts.ts';
import { latestUnitFile, saveOpinion, updateProposal } from '../../db/queries/proposals.ts';
import { ANSWER_LABELS, CONTACT_METHOD_LABELS, SATISFACTION_LABELS } from '../../domain/proposal.ts';
import { buildItemView } from '../item-view.ts';
import { decisionCardTo } from './cards.ts';
import type { EffectFn } from './context.ts';
import { actingUnit, submitForReview, unitName } from './effects-unit.ts';
import { itemLabel, leadPeople, textsTo } from './notices.ts';
import { officeRecipients } from './recipients.ts';

/** 不同意调整: the item goes back to the 主办 unit to 签收. */
export const keepLeadEffect: EffectFn<'keep_lead'> = async (ctx, rec, cmd) => ({
  data: { reason: cmd.reason, unitId: rec.lead_unit_id },
  messages: async (after) =>
    textsTo(
      await leadPeople(ctx, after),
      after,
      `keep-lead:${rec.id}:v${after.version}`,
      `【调整申请未同意】督查室未同意${itemLabel(after)}的调整申请：${cmd.reason}。请签收并按时办理。`,
    ),
  toast: '已退回原主办单位办理',
});

/** 会办意见: kept per co-unit (with the unit's latest file on the item) and sent to the 主办 unit. */
export const sendOpinionEffect: EffectFn<'send_opinion'> = async (ctx, rec, cmd, t) => {
  const unitId = actingUnit(ctx, rec);
  if (unitId === null) throw new Error('send_opinion passed the guard without a co-unit');
  const file = await latestUnitFile(ctx.trx, rec.tenant_key, rec.id, unitId);
  await saveOpinion(
    ctx.trx,
    {
      tenantKey: rec.tenant_key,
      itemId: rec.id,
      unitId,
      text: cmd.text,
      fileId: file?.id ?? null,
      author: ctx.actor.openId,
      onBehalfOf: t.onBehalfOf,
    },
    ctx.now,
  );
  const unitLabel = await unitName(ctx, unitId);
  return {
    data: { text: cmd.text, unitId, fileId: file?.id ?? null },
    messages: async (after) =>
      textsTo(
        await leadPeople(ctx, after),
        after,
        `opinion:${rec.id}:${unitId}:v${after.version}`,
        `【会办意见】${unitLabel}（${ctx.actor.name}）就${itemLabel(after)}提出会办意见：${cmd.text}${
          file ? `（附件：${file.name}）` : ''
        }`,
      ),
    toast: '会办意见已送主办单位',
  };
};

/** 沟通: the 主办 unit met, called or visited the deputy or member before replying. */
export const recordContactEffect: EffectFn<'record_contact'> = async (ctx, rec, cmd) => {
  await updateProposal(
    ctx.trx,
    rec.tenant_key,
    rec.id,
    {
      contacted_on: cmd.date,
      contact_method: cmd.method,
      contact_note: cmd.note ?? null,
      contacted_by: ctx.actor.openId,
    },
    ctx.now,
  );
  return {
    data: { date: cmd.date, method: cmd.method, ...(cmd.note ? { note: cmd.note } : {}) },
    toast: `已记录沟通情况（${cmd.date}，${CONTACT_METHOD_LABELS[cmd.method]}），可提交答复`,
  };
};

/** 答复: the 答复函 (the lead unit's latest file on the item) and its category go to the office to check. */
export const replyEffect: EffectFn<'reply'> = async (ctx, rec, cmd) => {
  const file =
    rec.lead_unit_id === null
      ? null
      : await latestUnitFile(ctx.trx, rec.tenant_key, rec.id, rec.lead_unit_id);
  if (!file) throw new Error('reply passed the guard without a 答复函');
  const followupOn = cmd.category === 'B' ? (cmd.followupOn ?? null) : null;
  await updateProposal(
    ctx.trx,
    rec.tenant_key,
    rec.id,
    {
      answer_category: cmd.category,
      reply_file_id: file.id,
      reply_summary: cmd.summary,
      replied_at: ctx.now,
      followup_on: followupOn,
      followup_told_at: null,
    },
    ctx.now,
  );
  const lines = [
    `答复类别：${ANSWER_LABELS[cmd.category]}`,
    ...(followupOn ? [`跟踪落实日期：${followupOn}`] : []),
    `答复函：${file.name}`,
    cmd.summary,
  ];
  return {
    ...(await submitForReview(ctx, rec, lines.join('\n'))),
    data: {
      category: cmd.category,
      fileId: file.id,
      summary: cmd.summary,
      ...(followupOn ? { followupOn } : {}),
    },
    toast: '答复已报送督查室审核',
  };
};

/** 满意度: 满意/基本满意 close it; 不满意 sends it back for 重办 with a new time limit. */
export const rateEffect: EffectFn<'rate'> = async (ctx, rec, cmd) => {
  const redo = cmd.satisfaction === 'unsatisfied';
  const current = await ctx.trx
    .selectFrom('proposals')
    .select('redo_count')
    .where('tenant_key', '=', rec.tenant_key)
    .where('item_id', '=', rec.id)
    .executeTakeFirstOrThrow();
  await updateProposal(
    ctx.trx,
    rec.tenant_key,
    rec.id,
    {
      satisfaction: cmd.satisfaction,
      satisfaction_at: ctx.now,
      ...(redo ? { redo_count: current.redo_count + 1 } : {}),
    },
    ctx.now,
  );
  const label = SATISFACTION_LABELS[cmd.satisfaction];
  const date = redo ? (cmd.date ?? null) : null;
  return {
    patch: date
      ? {
          deadline: date,
          deadline_explicit: date,
          deadline_rule: null,
          deadline_provisional: false,
          deadline_basis: `不满意重办时限：${date}前`,
          completed_at: null,
          submitted_at: null,
        }
      : {},
    data: {
      satisfaction: cmd.satisfaction,
      ...(date ? { deadline: date, from: rec.deadline, redo: current.redo_count + 1 } : {}),
      ...(cmd.comment ? { comment: cmd.comment } : {}),
    },
    messages: async (after) =>
      date
        ? textsTo(
            await leadPeople(ctx, after),
            after,
            `redo:${rec.id}:v${after.version}`,
            `【重办】代表（委员）对${itemLabel(after)}的答复不满意${
              cmd.comment ? `（${cmd.comment}）` : ''
            }，请重新办理，与代表（委员）再次沟通，并于${date}前重新答复。`,
          )
        : [],
    toast: redo ? `已记录“不满意”，已交主办单位重办（时限 ${date}）` : `已记录满意度：${label}`,
  };
};

/** 办结 of a 建议提案 is the office's check of its reply: the reply is sent, and the office gets the 满意度 card. */
export const approveWithRating =
  (approve: EffectFn<'approve'>): EffectFn<'approve'> =>
  async (ctx, rec, cmd, t) => {
    const effect = await approve(ctx, rec, cmd, t);
    if (rec.kind !== 'npc_cppcc') return effect;
    const base = effect.messages;
    return {
      ...effect,
      toast: '答复已审核通过，视为已答复；收到代表（委员）意见后请记录满意度',
      messages: async (after) => {
        const item = await buildItemView(ctx.trx, after, ctx.tenant, ctx.now);
        if (!item.proposal) return (await base?.(after)) ?? [];
        const to = await officeRecipients(ctx.trx, rec.tenant_key, ctx.tenant.groups.supervision);
        return [
          ...((await base?.(after)) ?? []),
          ...decisionCardTo(to, after, 'rating', buildRatingCard(item)),
        ];
      },
    };
  };
