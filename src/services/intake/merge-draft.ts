import type { MergeDraftValue } from '../../../cards/actions.ts';
import type { CallbackResponse } from '../../../cards/toast.ts';
import { toast, toastWithCard } from '../../../cards/toast.ts';
import type { Db } from '../../db/client.ts';
import type { ItemRecord } from '../../db/queries/items.ts';
import { insertItemEvent, lockItem } from '../../db/queries/items.ts';
import { insertToSend } from '../../db/queries/outbox.ts';
import type { Person } from '../../db/queries/people.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import type { Deps } from '../../deps.ts';
import type { Send } from '../../jobs/catalog.ts';
import { refreshLiveCards } from '../lifecycle/cards.ts';
import { renderDraftCard } from '../lifecycle/draft-card.ts';
import { afterCommit } from '../lifecycle/followup-hooks.ts';

/** The closest earlier matter of the same document that is still a draft, locked. */
async function previousDraft(trx: Db, item: ItemRecord): Promise<ItemRecord | undefined> {
  if (item.source_message_id === null) return undefined;
  const prev = await trx
    .selectFrom('items')
    .select('id')
    .where('tenant_key', '=', item.tenant_key)
    .where('source_message_id', '=', item.source_message_id)
    .where('source_part', '<', item.source_part)
    .where('state', '=', 'draft')
    .orderBy('source_part', 'desc')
    .executeTakeFirst();
  return prev ? lockItem(trx, item.tenant_key, prev.id) : undefined;
}

/**
 * 并入上一事项: two matters the splitter kept apart are one. This draft's text joins the previous
 * draft of the same document, and this one is discarded; both items record the merge (留痕) and every
 * card of both shows it.
 */
export async function mergeDraft(
  deps: Deps,
  person: Person,
  value: MergeDraftValue,
): Promise<CallbackResponse> {
  if (!person.roles.includes('office')) return toast('error', '只有督查室人员可以合并拟办事项');
  const tenantKey = person.tenantKey;
  const now = deps.now();
  let sends: Send[] = [];
  const res = await deps.db.transaction().execute(async (trx): Promise<CallbackResponse> => {
    const item = await lockItem(trx, tenantKey, value.i);
    if (!item) return toast('error', '事项不存在');
    const tenant = await loadTenantContext(trx, tenantKey, deps.logger);
    if (item.state !== 'draft' || item.version !== value.v)
      return toastWithCard(
        'warning',
        '该拟办单已有变化，请按最新卡片操作',
        await renderDraftCard(trx, tenant, item),
      );
    const prev = await previousDraft(trx, item);
    if (!prev) return toast('error', '没有可并入的上一事项（可能已交办或作废）');
    await trx
      .updateTable('items')
      .set({ text: `${prev.text}\n${item.text}`, version: prev.version + 1, updated_at: now })
      .where('id', '=', prev.id)
      .execute();
    await trx
      .updateTable('items')
      .set({ state: 'discarded', version: item.version + 1, updated_at: now })
      .where('id', '=', item.id)
      .execute();
    await insertItemEvent(trx, tenantKey, prev.id, person.openId, 'merge', {
      from: item.id,
      text: item.text,
    });
    await insertItemEvent(trx, tenantKey, item.id, person.openId, 'merge', { into: prev.id });
    const [prevAfter, itemAfter] = await Promise.all([
      lockItem(trx, tenantKey, prev.id),
      lockItem(trx, tenantKey, item.id),
    ]);
    if (!prevAfter || !itemAfter) throw new Error('merged drafts vanished inside their own transaction');
    sends = await insertToSend(trx, [
      ...(await refreshLiveCards(trx, tenant, prevAfter, now, null)),
      ...(await refreshLiveCards(trx, tenant, itemAfter, now, null)),
    ]);
    return toastWithCard('success', '已并入上一事项', await renderDraftCard(trx, tenant, itemAfter));
  });
  await afterCommit(deps, sends, null);
  return res;
}
