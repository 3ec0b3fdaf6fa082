/**
 * The binding card's 绑定: an office member says what a group serves. One group serves one place: a
 * group bound elsewhere moves (and says from where); the place's previous group is let go (and named).
 * Saved in the directory tables and recorded with who and when.
 */
import type { BindChatValue } from '../../../cards/actions.ts';
import { BIND_FIELD } from '../../../cards/chat-binding.ts';
import { FIELDS } from '../../../cards/forms.ts';
import type { CallbackResponse } from '../../../cards/toast.ts';
import { toast, toastWithCard } from '../../../cards/toast.ts';
import type { Db } from '../../db/client.ts';
import type { Binding } from '../../db/queries/chat-bindings.ts';
import {
  bindChat,
  bindingKey,
  bindingOf,
  chatOf,
  findBotChat,
  logBinding,
  unbindChat,
} from '../../db/queries/chat-bindings.ts';
import { insertOutbox } from '../../db/queries/outbox.ts';
import type { Person } from '../../db/queries/people.ts';
import { listUnits } from '../../db/queries/units.ts';
import type { Deps } from '../../deps.ts';
import type { Result } from '../../lib/result.ts';
import { err, ok } from '../../lib/result.ts';
import { queueMessages } from '../lifecycle/followup-hooks.ts';
import { resolveUnitFields } from '../lifecycle/unit-names.ts';
import { textMessage } from '../outbox-message.ts';
import { bindingLabel, chatBindingCard } from './chat-binding-view.ts';

/** What the form asks for; the unit must be in the directory (and not removed). */
async function chosenTarget(
  db: Db,
  tenantKey: string,
  form: Record<string, unknown>,
): Promise<Result<Binding, string>> {
  const choice = form[BIND_FIELD];
  if (choice === 'supervision' || choice === 'leaders') return ok({ kind: choice });
  const named = await resolveUnitFields(db, tenantKey, form);
  if (!named.ok) return err(named.error.message);
  const raw =
    choice === 'unit'
      ? named.value[FIELDS.unit]
      : typeof choice === 'string'
        ? choice.replace(/^unit:/, '')
        : null;
  if (choice === 'unit' && (raw === undefined || raw === null)) return err('请填写单位名称');
  const unitId = typeof raw === 'string' && /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : null;
  const unit = unitId === null ? undefined : (await listUnits(db, tenantKey)).find((u) => u.id === unitId);
  if (!unit) return err('请选择本群的用途');
  return ok({ kind: 'unit', unitId: unit.id, unitName: unit.name });
}

export async function bindChatFromCard(
  deps: Deps,
  person: Person,
  value: BindChatValue,
  formValue: Record<string, unknown>,
): Promise<CallbackResponse> {
  if (!person.roles.includes('office')) return toast('error', '只有督查室工作人员可以绑定群');
  const tenantKey = person.tenantKey;
  const res = await deps.db.transaction().execute(async (trx) => {
    // Locked: two office members pressing at once bind one after the other, the second seeing the first.
    const chat = await findBotChat(trx, tenantKey, value.g, { lock: true });
    if (!chat) return { response: toast('error', '未找到该群，请使用最新的卡片') };
    if (chat.status !== 'member')
      return {
        response: toast('error', '督查督办助手已不在该群（被移出或群已解散），无法绑定；请重新拉入后再绑定'),
      };
    const target = await chosenTarget(trx, tenantKey, formValue);
    if (!target.ok) return { response: toast('error', target.error) };
    const before = await bindingOf(trx, tenantKey, chat.chatId);
    if (bindingKey(before) === bindingKey(target.value))
      return {
        response: toastWithCard(
          'info',
          `本群已是${bindingLabel(target.value)}，无需重复绑定`,
          await chatBindingCard(trx, tenantKey, chat),
        ),
      };
    const replaced = await chatOf(trx, tenantKey, target.value);
    await unbindChat(trx, tenantKey, chat.chatId);
    await bindChat(trx, tenantKey, chat.chatId, target.value);
    await logBinding(trx, tenantKey, {
      chatId: chat.chatId,
      before,
      after: target.value,
      cause: 'card',
      actor: person.openId,
    });
    const label = bindingLabel(target.value);
    const notes = [
      ...(before ? [`本群原为${bindingLabel(before)}，已改为${label}。`] : []),
      ...(replaced && replaced !== chat.chatId ? [`${label}原来的群不再使用。`] : []),
    ];
    const welcome = textMessage(
      {
        tenantKey,
        to: { type: 'chat_id', id: chat.chatId },
        key: `bound:${chat.chatId}:${bindingKey(target.value)}:${deps.now().getTime()}`,
        purpose: 'chat_binding',
      },
      `本群已由督查室绑定为${label}，相关督查督办消息将发到本群。`,
    );
    const [id] = await insertOutbox(trx, [welcome]);
    const card = await chatBindingCard(trx, tenantKey, chat, notes.length > 0 ? notes.join('') : null);
    return {
      response: toastWithCard(
        'success',
        before ? `已由${bindingLabel(before)}改为${label}` : `已绑定为${label}`,
        card,
      ),
      outboxId: id,
    };
  });
  if ('outboxId' in res && res.outboxId) await queueMessages(deps, [res.outboxId]);
  return res.response;
}
