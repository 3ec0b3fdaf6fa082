import type { Card } from '../../../cards/components.ts';
import type { DraftForm } from '../../../cards/forms.ts';
import {
  allocateItemNumber,
  formatItemNumber,
  insertItemEvent,
  lockItem,
  setCoUnits,
} from '../../db/queries/items.ts';
import { insertOutbox, insertToSend } from '../../db/queries/outbox.ts';
import type { Person } from '../../db/queries/people.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import { listUnits } from '../../db/queries/units.ts';
import type { Deps } from '../../deps.ts';
import { dateParts } from '../../domain/calendar/date.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import { computeDeadline, parseDeadlineRule } from '../../domain/deadline/deadline.ts';
import { decide } from '../../domain/lifecycle/index.ts';
import { latestReplyDate } from '../../domain/proposal.ts';
import type { Send } from '../../jobs/catalog.ts';
import type { Result } from '../../lib/result.ts';
import { err, fail, ok } from '../../lib/result.ts';
import { itemFacts } from '../item-view.ts';
import { proposalIssued } from '../proposals/sync.ts';
import type { ActionDone, ActionFailure } from './apply-action.ts';
import { refreshLiveCards } from './cards.ts';
import type { ClickedCard } from './clicked-card.ts';
import { heldAnswerPatch } from './clicked-card.ts';
import type { LifecycleContext } from './context.ts';
import { renderDraftCard } from './draft-card.ts';
import type { ScheduledFollowup } from './followup-hooks.ts';
import { afterCommit, scheduleFollowup } from './followup-hooks.ts';
import { noticesFor, textsTo } from './notices.ts';

export type IssueRequest = {
  itemId: number;
  version: number;
  form: DraftForm;
  clicked: ClickedCard | null;
};

/**
 * 交办: the office confirms a draft with its edits. The item gets its number (督〔YYYY〕N号, no gaps:
 * the counter row is locked until commit), its deadline in working days, and notices go to the units.
 */
export async function issueDraft(
  deps: Deps,
  actor: Person,
  req: IssueRequest,
): Promise<Result<ActionDone, ActionFailure>> {
  const tenantKey = actor.tenantKey;
  const now = deps.now();
  const today = beijingDate(now);
  let sends: Send[] = [];
  let followup: ScheduledFollowup | null = null;
  const res = await deps.db.transaction().execute(async (trx): Promise<Result<ActionDone, ActionFailure>> => {
    const before = await lockItem(trx, tenantKey, req.itemId);
    if (!before) return fail('NOT_FOUND', '事项不存在，或不属于本单位');
    const clicked = req.clicked?.itemId === before.id ? req.clicked : null;
    const tenant = await loadTenantContext(trx, tenantKey, deps.logger);
    const { form } = req;
    const facts = { ...itemFacts(before), leadUnitId: form.leadUnitId, coUnitIds: form.coUnitIds };
    const decided = decide(
      facts,
      actor,
      { type: 'issue', version: req.version },
      { extensionApprover: tenant.settings.extensionApprover },
    );
    if (!decided.ok) return err({ ...decided.error, card: await renderDraftCard(trx, tenant, before) });
    const known = new Set((await listUnits(trx, tenantKey)).map((u) => u.id));
    if (![form.leadUnitId, ...form.coUnitIds].every((id) => known.has(id)))
      return fail('INVALID_INPUT', '所选单位不在本县名录中');
    if (form.deadline && form.deadline < today)
      return fail('INVALID_INPUT', `办理时限 ${form.deadline} 早于今天，请重新选择`);
    // The reader's counted date, confirmed unchanged, stays counted; a date the office changed is fixed.
    const counted =
      form.deadline !== null && form.deadline === before.deadline_explicit
        ? parseDeadlineRule(before.deadline_rule)
        : null;
    const deadline = computeDeadline({
      issued: today,
      kind: form.kind,
      explicit: counted ? null : form.deadline,
      rule: counted,
      policy: tenant.settings.deadlines,
      calendar: tenant.calendar,
    });
    if (!deadline.ok) return fail('INVALID_INPUT', deadline.error.message);
    if (form.kind === 'npc_cppcc' && deadline.value.date > latestReplyDate(today, tenant.calendar))
      return fail(
        'INVALID_INPUT',
        `建议提案的答复时限不得晚于交办后6个月（${latestReplyDate(today, tenant.calendar)}）`,
      );

    const year = dateParts(today).year;
    const seq = await allocateItemNumber(trx, tenantKey, year);
    const number = formatItemNumber(year, seq);
    await trx
      .updateTable('items')
      .set({
        title: form.title,
        lead_unit_id: form.leadUnitId,
        kind: form.kind,
        source: form.source,
        priority: form.priority,
        deadline: deadline.value.date,
        deadline_explicit: deadline.value.rule ? null : form.deadline,
        deadline_provisional: deadline.value.provisional,
        deadline_basis: deadline.value.basis,
        deadline_rule: deadline.value.rule ? JSON.stringify(deadline.value.rule) : null,
        number,
        number_year: year,
        number_seq: seq,
        state: decided.value.to,
        issued_at: now,
        issued_on: today,
        version: before.version + 1,
        updated_at: now,
      })
      .where('tenant_key', '=', tenantKey)
      .where('id', '=', before.id)
      .execute();
    await setCoUnits(trx, tenantKey, before.id, form.coUnitIds);
    await insertItemEvent(trx, tenantKey, before.id, actor.openId, 'issue', {
      number,
      deadline: deadline.value.date,
      basis: deadline.value.basis,
      leadUnitId: form.leadUnitId,
      coUnitIds: form.coUnitIds,
    });
    const after = await lockItem(trx, tenantKey, before.id);
    if (!after) throw new Error(`item ${before.id} vanished inside its own transaction`);
    await proposalIssued(trx, tenant, after, now);
    const ctx: LifecycleContext = { trx, tenant, actor, now, logger: deps.logger };
    const messages = [
      ...(await noticesFor(ctx, after, form.leadUnitId, 'lead', 'v1')),
      ...(await Promise.all(form.coUnitIds.map((u) => noticesFor(ctx, after, u, 'co', 'v1')))).flat(),
      ...(after.assigning_leader && after.assigning_leader !== actor.openId
        ? textsTo(
            [{ type: 'open_id', id: after.assigning_leader }],
            after,
            `issued:${after.id}`,
            `您交办的“${after.title}”已立项为${number}，办理时限 ${deadline.value.date}，办理结果将及时向您报告。`,
          )
        : []),
      ...(await refreshLiveCards(trx, tenant, after, now, clicked?.messageId ?? null)),
    ];
    sends = await insertToSend(trx, messages);
    followup = await scheduleFollowup(ctx, after);
    const card: Card = await renderDraftCard(trx, tenant, after);
    const held = clicked ? heldAnswerPatch(tenantKey, clicked, after, card) : null;
    if (held) await insertOutbox(trx, [held]);
    return ok({
      toast: `已交办：${number}`,
      card,
      itemId: after.id,
      version: after.version,
      heldPatchId: held?.id ?? null,
    });
  });
  if (res.ok) await afterCommit(deps, sends, followup);
  return res;
}
