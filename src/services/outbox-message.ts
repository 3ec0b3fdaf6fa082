import { createHash } from 'node:crypto';
import { withMentions } from '../../cards/mentions.ts';
import { sendableCard } from '../../cards/sendable.ts';
import { withStandInLine } from '../../cards/stand-in.ts';
import type { Addressed, NewOutbox, OutboxRow } from '../db/database.ts';

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

/** The card as its receiver sees it: a group's @-mention line, a deputy's 代X接收 line. */
export function addressedCard<T extends object>(card: T, to: Recipient): T {
  const { mention, onBehalfOf } = addressingOf(to) ?? {};
  const mentioned = mention ? withMentions(card, mention) : card;
  return onBehalfOf ? (withStandInLine(mentioned, onBehalfOf) as T) : mentioned;
}

/** Whom an outbox row went to, addressed as it was: its updates show the same lines. */
export function recipientOf(row: Pick<OutboxRow, 'receive_id_type' | 'receive_id' | 'addressed'>): Recipient {
  const { mention, onBehalfOf } = row.addressed ?? {};
  return {
    type: row.receive_id_type,
    id: row.receive_id,
    ...(mention?.length ? { mention } : {}),
    ...(onBehalfOf ? { onBehalfOf } : {}),
  };
}

/** What a card to `to` carries beyond its receiver: @-mentions only in a group. */
function addressingOf(to: Recipient): Addressed | null {
  const mention = to.type === 'chat_id' && to.mention?.length ? [...to.mention] : undefined;
  if (!mention && !to.onBehalfOf) return null;
  return { ...(mention ? { mention } : {}), ...(to.onBehalfOf ? { onBehalfOf: to.onBehalfOf } : {}) };
}

/** Every card row is checked here; one that fails carries a fallback card and the problem (see sendable.ts). */
export function cardMessage(spec: MessageSpec, card: object): NewOutbox {
  const sendable = sendableCard(addressedCard(card, spec.to));
  const addressing = addressingOf(spec.to);
  const row = {
    ...outboxRow(spec, 'interactive', JSON.stringify(sendable.card)),
    ...(addressing ? { addressed: JSON.stringify(addressing) } : {}),
  };
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
