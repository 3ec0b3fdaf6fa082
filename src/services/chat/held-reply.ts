import type { ReplyDecisionValue, ReplyToValue } from '../../../cards/actions.ts';
import { buildChooseItemCard } from '../../../cards/choose-item.ts';
import { buildConfirmResultCard } from '../../../cards/confirm-result.ts';
import type { CallbackResponse } from '../../../cards/toast.ts';
import { toast, toastWithCard } from '../../../cards/toast.ts';
import { findItem } from '../../db/queries/items.ts';
import { insertToSend } from '../../db/queries/outbox.ts';
import type { Person } from '../../db/queries/people.ts';
import type { Deps } from '../../deps.ts';
import { readsAsResult } from '../../domain/reply.ts';
import type { Send } from '../../jobs/catalog.ts';
import { applyItemActionIn } from '../lifecycle/apply-action.ts';
import type { ScheduledFollowup } from '../lifecycle/followup-hooks.ts';
import { afterCommit } from '../lifecycle/followup-hooks.ts';

type Decision = ReplyToValue | ReplyDecisionValue;

/**
 * The sender of a held chat message says which item it is about, or whether it is a result. Only the
 * sender may decide; the decision runs the lifecycle like a card action would.
 */
export async function decideHeldReply(
  deps: Deps,
  person: Person,
  value: Decision,
): Promise<CallbackResponse> {
  // Filled inside the transaction, used after commit.
  const committed: { sends: Send[]; itemId: number | null; followup: ScheduledFollowup | null } = {
    sends: [],
    itemId: null,
    followup: null,
  };
  const response = await deps.db.transaction().execute(async (trx): Promise<CallbackResponse> => {
    const held = await trx
      .selectFrom('held_replies')
      .selectAll()
      .where('tenant_key', '=', person.tenantKey)
      .where('id', '=', value.r)
      .forUpdate()
      .executeTakeFirst();
    if (!held || held.open_id !== person.openId) return toast('error', '只有发送这条消息的人可以确认');
    if (held.resolved_at) return toast('info', '这条消息已经处理过了');
    const itemId = value.a === 'reply_to' ? value.i : held.item_id;
    const resolve = async (resolution: string, itemIdToKeep: number | null) =>
      trx
        .updateTable('held_replies')
        .set({ resolved_at: deps.now(), resolution, item_id: itemIdToKeep })
        .where('id', '=', held.id)
        .execute();
    if (value.a === 'reply_drop' || itemId === null) {
      await resolve('dropped', itemId);
      return toastWithCard(
        'info',
        '已忽略这条消息',
        buildChooseItemCard({
          heldId: held.id,
          messageText: held.text,
          items: [],
          resolved: '已忽略，未记入任何事项',
        }),
      );
    }
    const item = await findItem(trx, person.tenantKey, itemId);
    if (!item) return toast('error', '事项不存在，或不属于本单位');
    const isLead = item.lead_unit_id !== null && person.unitIds.includes(item.lead_unit_id);
    if (
      value.a === 'reply_to' &&
      isLead &&
      ['issued', 'in_progress'].includes(item.state) &&
      readsAsResult(held.text)
    ) {
      await trx.updateTable('held_replies').set({ item_id: item.id }).where('id', '=', held.id).execute();
      return toastWithCard(
        'info',
        '请确认是否作为办理结果报结',
        buildConfirmResultCard({ heldId: held.id, item, messageText: held.text }),
      );
    }
    const submit = value.a === 'reply_result';
    const applied = await applyItemActionIn(
      trx,
      { actor: person, now: deps.now(), logger: deps.logger },
      {
        itemId: item.id,
        command: submit ? { type: 'submit', text: held.text } : { type: 'report', text: held.text },
        clicked: null,
        source: { messageId: held.message_id, attachments: held.attachments },
      },
    );
    if (!applied.ok) return toast('error', applied.error.message);
    await resolve(submit ? 'result' : 'progress', item.id);
    committed.sends = await insertToSend(trx, applied.value.messages);
    committed.itemId = item.id;
    committed.followup = applied.value.followup;
    const label = item.number ?? `“${item.title}”`;
    const done = submit ? `已作为${label}的办理结果报送督查室审核` : `已记为${label}的办理进展`;
    const card =
      submit || value.a === 'reply_progress'
        ? buildConfirmResultCard({ heldId: held.id, item, messageText: held.text, resolved: done })
        : buildChooseItemCard({ heldId: held.id, messageText: held.text, items: [], resolved: done });
    return toastWithCard('success', done, card);
  });
  if (committed.itemId !== null) await afterCommit(deps, committed.sends, committed.followup);
  return response;
}
