import { buildCoordinationCard } from '../../../cards/coordination.ts';
import { buildExtensionCard } from '../../../cards/extension.ts';
import { buildUrgeCard } from '../../../cards/reminder.ts';
import { buildResultCard } from '../../../cards/result.ts';
import { buildReviewCard } from '../../../cards/review.ts';
import type { Outcome } from '../../../cards/types.ts';
import type { ItemRecord } from '../../db/queries/items.ts';
import { latestResultReport } from '../../db/queries/items.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import { urgesStep } from '../../domain/reach/urgent.ts';
import { overdueWorkdays } from '../../domain/warning.ts';
import { beijingStamp, buildItemView } from '../item-view.ts';
import { responsibleIn, urgentsFor } from '../reach/urgent-rows.ts';
import { cardsTo } from './cards.ts';
import type { EffectFn, LifecycleContext } from './context.ts';
import { itemLabel, leadPeople, noticesFor, textsTo } from './notices.ts';
import { leaderInChargeOf, officeRecipients, unitPeople, unitRecipients } from './recipients.ts';
import { urgeDay } from './repeat-guard.ts';

const outcome = (ctx: LifecycleContext, label: string, text?: string | null): Outcome => ({
  label,
  by: ctx.actor.name,
  at: beijingStamp(ctx.now),
  ...(text ? { text } : {}),
});

/** The submission under review, as the review and result cards show it. */
async function submissionOf(ctx: LifecycleContext, rec: ItemRecord) {
  const result = await latestResultReport(ctx.trx, rec.tenant_key, rec.id);
  return {
    text: result?.text ?? '',
    by: result?.name ?? '',
    at: result ? beijingStamp(result.created_at) : '',
  };
}

export const approveEffect: EffectFn<'approve'> = async (ctx, rec, cmd) => {
  const submission = await submissionOf(ctx, rec);
  // On time by the unit's submission of this result, not by when the office approves it.
  const submittedOn = beijingDate(rec.submitted_at ?? ctx.now);
  const onTime = rec.deadline ? submittedOn <= rec.deadline : null;
  return {
    patch: { completed_at: ctx.now, pending_extension: null, pending_coordination: null },
    data: { ...(cmd.comment ? { text: cmd.comment } : {}), onTime },
    // 果必报: the result goes back to the leader who assigned it.
    messages: async (after) => {
      if (!after.assigning_leader) return [];
      const item = await buildItemView(ctx.trx, after, ctx.tenant, ctx.now);
      const card = buildResultCard({
        item,
        result: submission,
        completedAt: beijingStamp(ctx.now),
        approvedBy: ctx.actor.name,
        comment: cmd.comment ?? null,
        onTime,
      });
      return cardsTo(
        [{ type: 'open_id', id: after.assigning_leader }],
        { tenantKey: rec.tenant_key, itemId: rec.id, purpose: 'result', key: `result:${rec.id}` },
        card,
      );
    },
    clickedCard: async (after) =>
      buildReviewCard({
        item: await buildItemView(ctx.trx, after, ctx.tenant, ctx.now),
        submission,
        outcome: outcome(ctx, '已办结', cmd.comment),
      }),
    toast: '已办结，结果已报交办领导',
  };
};

export const returnEffect: EffectFn<'return'> = async (ctx, rec, cmd) => {
  const submission = await submissionOf(ctx, rec);
  return {
    patch: { submitted_at: null },
    data: { reason: cmd.reason },
    messages: async (after) =>
      textsTo(
        await leadPeople(ctx, after),
        after,
        `return:${rec.id}:v${after.version}`,
        `【退回重办】${itemLabel(after)}的办理结果被督查室退回，请重新办理后报结。理由：${cmd.reason}`,
      ),
    clickedCard: async (after) =>
      buildReviewCard({
        item: await buildItemView(ctx.trx, after, ctx.tenant, ctx.now),
        submission,
        outcome: outcome(ctx, '已退回重办', cmd.reason),
      }),
    toast: '已退回重办，已通知牵头单位',
  };
};

export const decideExtensionEffect: EffectFn<'decide_extension'> = async (ctx, rec, cmd) => {
  // Read before the change clears it, with names resolved for the decided card.
  const request = (await buildItemView(ctx.trx, rec, ctx.tenant, ctx.now)).pendingExtension ?? null;
  const date = request?.date ?? rec.deadline ?? '';
  const label = cmd.approve ? `同意延期至${date}` : '不同意延期';
  const patch = cmd.approve
    ? {
        pending_extension: null,
        deadline: date,
        deadline_explicit: date,
        deadline_provisional: !ctx.tenant.calendar.isPublished(date),
        deadline_basis: `经批准延期至${date}`,
      }
    : { pending_extension: null };
  return {
    patch,
    data: {
      from: rec.deadline,
      to: cmd.approve ? date : rec.deadline,
      ...(cmd.comment ? { text: cmd.comment } : {}),
    },
    messages: async (after) =>
      textsTo(
        await leadPeople(ctx, after),
        after,
        `extension-decided:${rec.id}:v${after.version}`,
        `【延期申请】${itemLabel(after)}：${label}。${cmd.comment ? `意见：${cmd.comment}` : ''}`,
      ),
    clickedCard: async (after) =>
      request
        ? buildExtensionCard({
            item: await buildItemView(ctx.trx, after, ctx.tenant, ctx.now),
            request,
            outcome: outcome(ctx, label, cmd.comment),
          })
        : null,
    toast: cmd.approve ? `已同意延期，新时限 ${date}` : '已不同意延期，已通知牵头单位',
  };
};

export const reassignEffect: EffectFn<'reassign'> = async (ctx, rec, cmd) => ({
  patch: { lead_unit_id: cmd.leadUnitId, accepted_at: null },
  coUnitIds: rec.coUnitIds.filter((u) => u !== cmd.leadUnitId),
  data: { from: rec.lead_unit_id, to: cmd.leadUnitId, ...(cmd.reason ? { reason: cmd.reason } : {}) },
  messages: async (after) => noticesFor(ctx, after, cmd.leadUnitId, 'lead', `v${after.version}`),
  toast: '已改派，督查通知单已发新牵头单位',
});

export const cancelEffect: EffectFn<'cancel'> = async (ctx, rec, cmd) => ({
  patch: { cancelled_at: ctx.now, pending_extension: null, pending_coordination: null },
  data: { reason: cmd.reason },
  messages: async (after) =>
    textsTo(
      await leadPeople(ctx, after),
      after,
      `cancel:${rec.id}`,
      `【撤销】${itemLabel(after)}已由督查室撤销，无需继续办理。理由：${cmd.reason}`,
    ),
  toast: '事项已撤销',
});

export const discardEffect: EffectFn<'discard'> = async () => ({ toast: '拟办单已作废' });

export const answerCoordinationEffect: EffectFn<'answer_coordination'> = async (ctx, rec, cmd) => {
  const request = (await buildItemView(ctx.trx, rec, ctx.tenant, ctx.now)).pendingCoordination ?? null;
  const requestingUnitId = rec.pending_coordination?.unitId ?? rec.lead_unit_id;
  const toMeeting = cmd.toTopicMeeting === true;
  const label = toMeeting ? '提交县政府专题会议协调' : '已协调';
  return {
    patch: { pending_coordination: null, ...(toMeeting ? { topic_meeting: true } : {}) },
    data: { ...(cmd.answer ? { text: cmd.answer } : {}), topicMeeting: toMeeting },
    messages: async (after) => {
      const note = `【协调意见】${itemLabel(after)}：${ctx.actor.name}${toMeeting ? '已提交县政府专题会议协调' : `答复：${cmd.answer ?? ''}`}`;
      const unit =
        requestingUnitId === null ? [] : await unitPeople(ctx.trx, rec.tenant_key, requestingUnitId, ctx.now);
      const office = toMeeting
        ? await officeRecipients(ctx.trx, rec.tenant_key, ctx.tenant.groups.supervision)
        : [];
      return textsTo([...unit, ...office], after, `coordination-answer:${rec.id}:v${after.version}`, note);
    },
    clickedCard: async (after) =>
      request
        ? buildCoordinationCard({
            item: await buildItemView(ctx.trx, after, ctx.tenant, ctx.now),
            request,
            requestingUnitId,
            outcome: outcome(ctx, label, cmd.answer),
          })
        : null,
    toast: toMeeting ? '已列入专题会议协调' : '协调意见已告知承办单位',
  };
};

export const urgeEffect: EffectFn<'urge' | 'supervise'> = async (ctx, rec, cmd) => {
  const strong = cmd.type === 'supervise';
  const day = urgeDay(ctx.now).day;
  // 督办 is copied to the lead unit's 分管领导 (the confirm dialog says so).
  const leader = strong ? await leaderInChargeOf(ctx.trx, rec.tenant_key, rec.lead_unit_id) : null;
  return {
    data: { ...(cmd.text ? { text: cmd.text } : {}), day, ...(leader ? { copiedTo: leader } : {}) },
    messages: async (after) => {
      if (after.lead_unit_id === null) return [];
      const item = await buildItemView(ctx.trx, after, ctx.tenant, ctx.now);
      const overdue = overdueWorkdays(after.deadline, beijingDate(ctx.now), ctx.tenant.calendar);
      const card = buildUrgeCard({
        item,
        kind: strong ? 'supervise' : 'manual_urge',
        by: ctx.actor.name,
        text: cmd.text ?? null,
        overdueWorkdays: overdue > 0 ? overdue : null,
      });
      const to = await unitRecipients(ctx.trx, rec.tenant_key, after.lead_unit_id, ctx.now);
      const key = `${cmd.type}:${rec.id}:${day}`;
      const unit = item.leadUnit?.name ?? '承办单位';
      const remark = cmd.text ? `督查室意见：${cmd.text}` : '';
      const copy = leader
        ? textsTo(
            [{ type: 'open_id', id: leader }],
            after,
            `${key}:copy`,
            `【督办抄送】督查室对您分管的${unit}承办的${itemLabel(after)}实行督办，请督促办理。${remark}`,
          )
        : [];
      const cards = cardsTo(to, { tenantKey: rec.tenant_key, itemId: rec.id, purpose: cmd.type, key }, card);
      // 督办 is 加急 for the unit's responsible people, by the tenant's setting and in office hours only:
      // the office chose 督办, not a buzz at night (its 加急 button is that choice).
      const { settings } = ctx.tenant;
      const urgents =
        strong && urgesStep(settings, 'supervise')
          ? urgentsFor(cards, responsibleIn(to), { channel: settings.urgent.channel, manual: false })
          : [];
      return [...cards, ...urgents, ...copy];
    },
    toast: !strong
      ? '已催办，已通知牵头单位'
      : leader
        ? '已督办，已通知牵头单位并抄送分管领导'
        : '已督办，已通知牵头单位（该单位未设分管领导，未抄送）',
  };
};
