/** 标记为已处理 on a delivery-problem card: the office closes the problem; the next failure opens a new one. */
import type { ProblemDoneValue } from '../../../cards/actions.ts';
import type { CallbackResponse } from '../../../cards/toast.ts';
import { toast, toastWithCard } from '../../../cards/toast.ts';
import { insertToSend } from '../../db/queries/outbox.ts';
import type { Person } from '../../db/queries/people.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import type { Deps } from '../../deps.ts';
import { afterCommit } from '../lifecycle/followup-hooks.ts';
import { problemCardRows, renderProblemCard } from './problems.ts';
import { reachDb } from './store.ts';

export async function markProblemHandled(
  deps: Deps,
  person: Person,
  value: ProblemDoneValue,
  clickedMessageId: string | null,
): Promise<CallbackResponse> {
  if (!person.roles.includes('office')) return toast('error', '只有督查室可以处理投递问题');
  const now = deps.now();
  const ctx = await loadTenantContext(deps.db, person.tenantKey, deps.logger);
  const done = await deps.db.transaction().execute(async (trx) => {
    const closed = await reachDb(trx)
      .updateTable('delivery_problems')
      .set({ status: 'handled', handled_by: person.openId, closed_at: now })
      .where('tenant_key', '=', person.tenantKey)
      .where('id', '=', value.p)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (!closed) return null;
    // The other office members' copies of the card; the clicked one is answered with the callback.
    const rows = await problemCardRows(trx, ctx, closed, now, { exceptMessageId: clickedMessageId });
    return { problem: closed, sends: await insertToSend(trx, rows) };
  });
  if (done) {
    await afterCommit(deps, done.sends, null);
    return toastWithCard('success', '已标记为已处理', await renderProblemCard(deps.db, ctx, done.problem));
  }
  const current = await reachDb(deps.db)
    .selectFrom('delivery_problems')
    .selectAll()
    .where('tenant_key', '=', person.tenantKey)
    .where('id', '=', value.p)
    .executeTakeFirst();
  if (!current) return toast('error', '未找到该投递问题');
  return toastWithCard('info', '该问题已关闭，无需再处理', await renderProblemCard(deps.db, ctx, current));
}
