import { buildCoordinationCard } from '../../../cards/coordination.ts';
import { buildExtensionCard } from '../../../cards/extension.ts';
import { buildReassignCard } from '../../../cards/reassign.ts';
import { buildReviewCard } from '../../../cards/review.ts';
import type { ItemRecord } from '../../db/queries/items.ts';
import { listUnits } from '../../db/queries/units.ts';
import { beijingStamp, buildItemView } from '../item-view.ts';
import { decisionCardTo } from './cards.ts';
import type { Effect, EffectFn, LifecycleContext } from './context.ts';
import { itemLabel, leadPeople, textsTo } from './notices.ts';
import { leaderInChargeOf, officeRecipients } from './recipients.ts';

/** The unit the actor acts for on this item: the lead unit first, else their co-unit. */
export function actingUnit(ctx: LifecycleContext, rec: ItemRecord): number | null {
  if (rec.lead_unit_id !== null && ctx.actor.unitIds.includes(rec.lead_unit_id)) return rec.lead_unit_id;
  return rec.coUnitIds.find((u) => ctx.actor.unitIds.includes(u)) ?? null;
}

/** A unit's name, removed units included ('' for none). */
export async function unitName(ctx: LifecycleContext, unitId: number | null): Promise<string> {
  if (unitId === null) return '';
  const row = await ctx.trx
    .selectFrom('units')
    .select('name')
    .where('tenant_key', '=', ctx.tenant.tenantKey)
    .where('id', '=', unitId)
    .executeTakeFirst();
  return row?.name ?? '';
}

async function recordReport(
  ctx: LifecycleContext,
  rec: ItemRecord,
  kind: 'progress' | 'result',
  text: string,
): Promise<void> {
  await ctx.trx
    .insertInto('item_reports')
    .values({
      tenant_key: rec.tenant_key,
      item_id: rec.id,
      unit_id: actingUnit(ctx, rec),
      author: ctx.actor.openId,
      kind,
      text,
      attachments: JSON.stringify(ctx.source?.attachments ?? []),
      message_id: ctx.source?.messageId ?? null,
    })
    .execute();
}

const acceptedPatch = (ctx: LifecycleContext, rec: ItemRecord) =>
  rec.accepted_at ? {} : { accepted_at: ctx.now };

export const acceptEffect: EffectFn<'accept'> = async (ctx) => ({
  patch: { accepted_at: ctx.now },
  toast: '已签收，请按时办理并反馈进展',
});

export const reportEffect: EffectFn<'report'> = async (ctx, rec, cmd, t) => {
  await recordReport(ctx, rec, 'progress', cmd.text);
  const unit = actingUnit(ctx, rec);
  const fromCoUnit = unit !== null && unit !== rec.lead_unit_id;
  return {
    patch: {
      latest_progress: cmd.text,
      latest_progress_at: ctx.now,
      last_report_at: ctx.now,
      ...(t.implied.includes('accept') ? acceptedPatch(ctx, rec) : {}),
    },
    data: { text: cmd.text, unitId: unit },
    // 协办单位's reports go to the lead unit (§一.2: the lead unit is responsible for the whole).
    messages: async (after) =>
      fromCoUnit
        ? textsTo(
            await leadPeople(ctx, after),
            after,
            `co-report:${rec.id}:v${after.version}`,
            `【协办反馈】${await unitName(ctx, unit)}（${ctx.actor.name}）就${itemLabel(after)}反馈：${cmd.text}`,
          )
        : [],
    toast: '已记录办理进展',
  };
};

/**
 * A result for the office to review (报结, or a 建议提案's 答复): recorded as the unit's result, and the
 * office's review card, which says how often the item was returned before.
 */
export async function submitForReview(
  ctx: LifecycleContext,
  rec: ItemRecord,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<Required<Pick<Effect, 'patch' | 'messages'>>> {
  await recordReport(ctx, rec, 'result', text);
  const returns = await ctx.trx
    .selectFrom('item_events')
    .select('id')
    .where('tenant_key', '=', rec.tenant_key)
    .where('item_id', '=', rec.id)
    .where('action', '=', 'return')
    .execute();
  return {
    patch: {
      submitted_at: ctx.now,
      latest_progress: text,
      latest_progress_at: ctx.now,
      last_report_at: ctx.now,
      ...extra,
    },
    messages: async (after) => {
      const item = await buildItemView(ctx.trx, after, ctx.tenant, ctx.now);
      const card = buildReviewCard({
        item,
        submission: { text, by: ctx.actor.name, at: beijingStamp(ctx.now) },
        returnCount: returns.length,
      });
      const to = await officeRecipients(ctx.trx, rec.tenant_key, ctx.tenant.groups.supervision);
      return decisionCardTo(to, after, 'review', card);
    },
  };
}

export const submitEffect: EffectFn<'submit'> = async (ctx, rec, cmd, t) => ({
  ...(await submitForReview(ctx, rec, cmd.text, t.implied.includes('accept') ? acceptedPatch(ctx, rec) : {})),
  data: { text: cmd.text },
  toast: '办理结果已报送督查室审核',
});

export const requestExtensionEffect: EffectFn<'request_extension'> = async (ctx, rec, cmd) => {
  const request = { date: cmd.date, reason: cmd.reason, by: ctx.actor.openId, at: beijingStamp(ctx.now) };
  return {
    patch: { pending_extension: JSON.stringify(request) },
    data: { date: cmd.date, reason: cmd.reason, from: rec.deadline },
    messages: async (after) => {
      const item = await buildItemView(ctx.trx, after, ctx.tenant, ctx.now);
      const toLeader = ctx.tenant.settings.extensionApprover === 'leader_in_charge';
      const leader = toLeader ? await leaderInChargeOf(ctx.trx, rec.tenant_key, rec.lead_unit_id) : null;
      const card = buildExtensionCard({
        item,
        request: { ...request, by: ctx.actor.name },
        approver: leader ? 'leader_in_charge' : 'office',
      });
      const to = leader
        ? [{ type: 'open_id' as const, id: leader }]
        : await officeRecipients(ctx.trx, rec.tenant_key, ctx.tenant.groups.supervision);
      return decisionCardTo(to, after, 'extension', card);
    },
    toast: '延期申请已提交，等待审批',
  };
};

export const declineEffect: EffectFn<'decline'> = async (ctx, rec, cmd) => ({
  data: { reason: cmd.reason, unitId: rec.lead_unit_id },
  messages: async (after) => {
    const item = await buildItemView(ctx.trx, after, ctx.tenant, ctx.now);
    const units = (await listUnits(ctx.trx, rec.tenant_key)).map((u) => ({ id: u.id, name: u.name }));
    const decline = {
      reason: cmd.reason,
      by: ctx.actor.name,
      unitName: await unitName(ctx, rec.lead_unit_id),
      at: beijingStamp(ctx.now),
    };
    const card = buildReassignCard({ item, decline, units });
    const to = await officeRecipients(ctx.trx, rec.tenant_key, ctx.tenant.groups.supervision);
    return decisionCardTo(to, after, 'reassign', card);
  },
  toast: '已申请改派，等待督查室处理',
});

export const requestCoordinationEffect: EffectFn<'request_coordination'> = async (ctx, rec, cmd) => {
  const unitId = actingUnit(ctx, rec) ?? rec.lead_unit_id ?? 0;
  const request = { text: cmd.text, by: ctx.actor.openId, unitId, at: beijingStamp(ctx.now) };
  return {
    patch: { pending_coordination: JSON.stringify(request) },
    data: { text: cmd.text, unitId },
    messages: async (after) => {
      const leader = await leaderInChargeOf(ctx.trx, rec.tenant_key, unitId);
      const item = await buildItemView(ctx.trx, after, ctx.tenant, ctx.now);
      const card = buildCoordinationCard({
        item,
        request: {
          text: cmd.text,
          by: ctx.actor.name,
          unitName: await unitName(ctx, unitId),
          at: request.at,
        },
        requestingUnitId: unitId,
      });
      // §四.2: to the 分管领导; with none on record the office takes it up.
      const to = leader
        ? [{ type: 'open_id' as const, id: leader }]
        : await officeRecipients(ctx.trx, rec.tenant_key, ctx.tenant.groups.supervision);
      return decisionCardTo(to, after, 'coordination', card);
    },
    toast: '协调申请已报分管领导',
  };
};
