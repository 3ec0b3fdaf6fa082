/**
 * Feishu's chat-member events build the directory's groups: the bot added to a group → a binding card
 * for the office; the bot removed or the group disbanded → the binding is undone, recorded, and the
 * office told what lost its group and where that traffic goes now.
 */

import { z } from 'zod';
import { buildChatUnboundCard } from '../../../cards/chat-binding.ts';
import type { Db } from '../../db/client.ts';
import type { NewOutbox } from '../../db/database.ts';
import type { Binding, ChatStatus } from '../../db/queries/chat-bindings.ts';
import { applyChatEvent, bindingOf, logBinding, unbindChat } from '../../db/queries/chat-bindings.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import { loadTenantContext, tenantExists } from '../../db/queries/tenants.ts';
import { personNames, unitMembers } from '../../db/queries/units.ts';
import type { EventContext, EventHandler } from '../event-handlers.ts';
import { officeRecipients } from '../lifecycle/recipients.ts';
import type { Recipient } from '../outbox-message.ts';
import { cardMessage } from '../outbox-message.ts';
import { bindingLabel, chatBindingCard } from './chat-binding-view.ts';

/** im.chat.member.bot.added_v1, …deleted_v1 and im.chat.disbanded_v1 share this shape. */
const ChatEventSchema = z.object({
  chat_id: z.string().min(1),
  operator_id: z.object({ open_id: z.string().nullish() }).partial().nullish(),
  name: z.string().nullish(),
});

function readChatEvent(ctx: EventContext, status: ChatStatus) {
  const parsed = ChatEventSchema.safeParse(ctx.event);
  if (!parsed.success) {
    ctx.logger.warn({ eventId: ctx.eventId }, 'chat-member event without a chat_id; ignored');
    return null;
  }
  return {
    chatId: parsed.data.chat_id,
    name: parsed.data.name ?? '',
    status,
    // Without Feishu's create_time the arrival time orders it; a re-delivery is deduped before this.
    eventMs: ctx.createdMs ?? ctx.now.getTime(),
    operator: parsed.data.operator_id?.open_id ?? null,
  };
}

const toOffice = (tenantKey: string, to: readonly Recipient[], key: string, card: object): NewOutbox[] =>
  to.map((r) =>
    cardMessage({ tenantKey, to: r, key: `${key}:${r.type}=${r.id}`, purpose: 'chat_binding' }, card),
  );

export const botAddedToChat: EventHandler = async (trx, ctx) => {
  const ev = readChatEvent(ctx, 'member');
  if (!ev) return [];
  const chat = await applyChatEvent(trx, ctx.tenantKey, ev);
  if (!chat) return [];
  if (!(await tenantExists(trx, ctx.tenantKey))) {
    ctx.logger.info({ chatId: ev.chatId }, 'bot added to a group before the directory was imported');
    return [];
  }
  const tenant = await loadTenantContext(trx, ctx.tenantKey, ctx.logger);
  const card = await chatBindingCard(trx, ctx.tenantKey, chat);
  const to = await officeRecipients(trx, ctx.tenantKey, tenant.groups.supervision);
  return toOffice(ctx.tenantKey, to, `bind-card:${ctx.eventId}`, card);
};

/** The bot left the group (removed, or the group is gone): unbind, record, tell the office. */
const leftChat =
  (cause: 'removed' | 'disbanded'): EventHandler =>
  async (trx, ctx) => {
    const ev = readChatEvent(ctx, cause);
    if (!ev) return [];
    const chat = await applyChatEvent(trx, ctx.tenantKey, ev);
    if (!chat) return [];
    const before = await bindingOf(trx, ctx.tenantKey, ev.chatId);
    // A group that served nothing: nothing changes for anyone, so nobody is told.
    if (!before) return [];
    await unbindChat(trx, ctx.tenantKey, ev.chatId);
    await logBinding(trx, ctx.tenantKey, {
      chatId: ev.chatId,
      before,
      after: null,
      cause,
      actor: ev.operator ?? 'feishu',
    });
    const tenant = await loadTenantContext(trx, ctx.tenantKey, ctx.logger);
    const names = await personNames(trx, ctx.tenantKey, ev.operator ? [ev.operator] : []);
    const card = buildChatUnboundCard({
      chatName: chat.name,
      lost: bindingLabel(before),
      cause,
      by: ev.operator ? (names.get(ev.operator) ?? null) : null,
      nowGoes: await whereItGoesNow(trx, tenant, before),
    });
    ctx.logger.info({ chatId: ev.chatId, was: bindingLabel(before), cause }, 'group unbound');
    const to = await officeRecipients(trx, ctx.tenantKey, tenant.groups.supervision);
    return toOffice(ctx.tenantKey, to, `unbound:${ctx.eventId}`, card);
  };

export const botRemovedFromChat = leftChat('removed');
export const chatDisbanded = leftChat('disbanded');

const list = (names: readonly string[]) => names.join('、');

/** Where the traffic of what lost its group goes now (the tenant as it is after the unbinding). */
async function whereItGoesNow(trx: Db, tenant: TenantContext, lost: Binding): Promise<string> {
  const tenantKey = tenant.tenantKey;
  if (lost.kind === 'unit') {
    const members = await unitMembers(trx, tenantKey, lost.unitId);
    if (members.length === 0)
      return `${lost.unitName}在名录中没有负责人或联络员，发给该单位的通知暂时无人接收，请尽快补充名录或绑定新的工作群。`;
    const names = await personNames(trx, tenantKey, members);
    return `发给${lost.unitName}的通知、提醒改为私信其负责人和联络员（${list(members.map((m) => names.get(m) ?? m))}）。`;
  }
  if (lost.kind === 'supervision') {
    const office = await officeRecipients(trx, tenantKey, null);
    const names = await personNames(
      trx,
      tenantKey,
      office.map((r) => r.id),
    );
    return `拟办单、报结审核、逾期通报等改为私信督查室各位工作人员（${list(office.map((r) => names.get(r.id) ?? r.id))}）。`;
  }
  return tenant.groups.supervision
    ? '每周督查专报改发督查室工作群，由督查室转呈县领导；书面专报暂停发送。'
    : '每周督查专报暂无群可发（督查室工作群也未绑定），书面专报暂停发送，请尽快绑定。';
}
