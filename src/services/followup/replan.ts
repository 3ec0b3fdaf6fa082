import { loadTenantContext } from '../../db/queries/tenants.ts';
import type { Deps } from '../../deps.ts';
import { rescheduleItem } from './reschedule.ts';
import { queueFollowup } from './schedule.ts';

/**
 * Plans every open item of a tenant again: after its follow-up settings or calendar changed, or once
 * for items issued before follow-up existed. Each item in its own short transaction, so a large
 * tenant does not hold locks for long. Returns how many items have a next step.
 */
export async function replanOpenItems(
  deps: Pick<Deps, 'db' | 'jobs' | 'logger' | 'now'>,
  tenantKey: string,
): Promise<number> {
  const ctx = await loadTenantContext(deps.db, tenantKey, deps.logger);
  const items = await deps.db
    .selectFrom('items')
    .select('id')
    .where('tenant_key', '=', tenantKey)
    .where('state', 'in', ['issued', 'in_progress', 'submitted', 'reassigning'])
    .orderBy('id')
    .execute();
  let planned = 0;
  for (const { id } of items) {
    const next = await deps.db.transaction().execute(async (trx) => {
      await trx.selectFrom('items').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
      return rescheduleItem(trx, ctx, id, deps.now());
    });
    if (next) planned += 1;
    await queueFollowup(deps, id, next?.at, next?.step);
  }
  deps.logger.info({ tenantKey, items: items.length, planned }, 'follow-up replanned');
  return planned;
}
