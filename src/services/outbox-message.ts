import { createHash } from 'node:crypto';
import { withMentions } from '../../cards/mentions.ts';
import { sendableCard } from '../../cards/sendable.ts';
import { withStandInLine } from '../../cards/stand-in.ts';
import type { NewOutbox } from '../db/database.ts';

/**
 * A deterministic UUID from business keys: producing the same message twice (a re-delivered event, a
 * retried job) yields the same outbox id, which the insert skips, and the same Feishu uuid.
 */
export function stableUuid(...parts: Array<string | number>): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  // Version nibble 8 (custom, RFC 9562) and the RFC variant bits, so it is a well-formed UUID.
  const variant = ((Number.parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export type Recipient = {
  type: 'open_id' | 'chat_id';
  id: string;
  /** People a card to this group @-mentions (its responsible people); ignored for private chats. */
  mention?: readonly string[];
  /** The delegator's name when a deputy receives this for them (委托, delegation/receivers.ts). */
  onBehalfOf?: string;
};

export type MessageSpec = {
  tenantKey: string;
  to: Recipient;
  /** Business key of this message, unique per tenant (e.g. `reply:om_…`, `notice:17:3`). */
  key: string;
  replyTo?: string | null;
  purpose: string;
  itemId?: number | null;
  notBefore?: Date;
  /** Update this earlier card (its outbox id) instead of sending a new message. */
  patchOf?: string | null;
};

/** Every card row is checked here; one that fails carries a fallback card and the problem (see sendable.ts). */
export function cardMessage(spec: MessageSpec, card: object): NewOutbox {
  const { to } = spec;
  const mentioned = to.type === 'chat_id' && to.mention?.length ? withMentions(card, to.mention) : card;
  const sendable = sendableCard(to.onBehalfOf ? withStandInLine(mentioned, to.onBehalfOf) : mentioned);
  const row = outboxRow(spec, 'interactive', JSON.stringify(sendable.card));
  return sendable.problem ? { ...row, card_problem: sendable.problem.slice(0, 2000) } : row;
}

export function textMessage(spec: MessageSpec, text: string): NewOutbox {
  const shown = spec.to.onBehalfOf ? `【代${spec.to.onBehalfOf}接收】${text}` : text;
  return outboxRow(spec, 'text', JSON.stringify({ text: shown }));
}

function outboxRow(spec: MessageSpec, msgType: string, content: string): NewOutbox {
  return {
    id: stableUuid(spec.tenantKey, spec.key),
    tenant_key: spec.tenantKey,
    receive_id_type: spec.to.type,
    receive_id: spec.to.id,
    reply_to: spec.replyTo ?? null,
    msg_type: msgType,
    content,
    purpose: spec.purpose,
    item_id: spec.itemId ?? null,
    patch_of: spec.patchOf ?? null,
    ...(spec.notBefore ? { not_before: spec.notBefore } : {}),
  };
}
