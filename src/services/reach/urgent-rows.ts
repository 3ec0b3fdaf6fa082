/**
 * 加急 as outbox rows (issue #12): one row per message and person, written with the message and sent
 * after it (it needs the message id), through the same queue, rate limits and retries. The row's
 * receiver is the person, its content names the message row and whether a person asked for it.
 */
import { z } from 'zod';
import type { NewOutbox, OutboxRow } from '../../db/database.ts';
import type { UrgentChannel } from '../../lark/client.ts';
import type { Recipient } from '../outbox-message.ts';
import { stableUuid } from '../outbox-message.ts';

/** The card the office's 加急 button sends to the unit's responsible people. */
export const OFFICE_URGENT_PURPOSE = 'urgent_notice';

export const URGENT_MSG_TYPES: Readonly<Record<UrgentChannel, string>> = {
  app: 'urgent_app',
  sms: 'urgent_sms',
  phone: 'urgent_phone',
};
export const URGENT_PURPOSE = 'urgent';
const URGENT_AFTER_MS = 1_000;

const UrgentContentSchema = z.object({ of: z.uuid(), manual: z.boolean() }).strict();
export type UrgentContent = z.infer<typeof UrgentContentSchema>;

export const isUrgentRow = (row: Pick<OutboxRow, 'msg_type'>): boolean =>
  Object.values(URGENT_MSG_TYPES).includes(row.msg_type);

export function urgentChannelOf(row: Pick<OutboxRow, 'msg_type'>): UrgentChannel {
  const found = Object.entries(URGENT_MSG_TYPES).find(([, type]) => type === row.msg_type);
  return (found?.[0] as UrgentChannel | undefined) ?? 'app';
}

export function parseUrgentContent(content: string): UrgentContent | null {
  try {
    const parsed = UrgentContentSchema.safeParse(JSON.parse(content));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The people a message is for: the private recipients, and those a group card @-mentions. */
export function responsibleIn(recipients: readonly Recipient[]): string[] {
  return [...new Set(recipients.flatMap((r) => (r.type === 'open_id' ? [r.id] : [...(r.mention ?? [])])))];
}

/**
 * 加急 for each person on the message they got: their private copy, else the group message that
 * @-mentions them. One 加急 per person, so a head who has both is not 加急 twice.
 */
export function urgentsFor(
  messages: readonly NewOutbox[],
  people: readonly string[],
  opts: { channel: UrgentChannel; manual: boolean },
): NewOutbox[] {
  const out: NewOutbox[] = [];
  for (const person of new Set(people)) {
    const message =
      messages.find((m) => m.receive_id_type === 'open_id' && m.receive_id === person) ??
      messages.find((m) => m.receive_id_type === 'chat_id');
    if (!message) continue;
    const content: UrgentContent = { of: message.id, manual: opts.manual };
    out.push({
      id: stableUuid(message.tenant_key, 'urgent', message.id, person),
      tenant_key: message.tenant_key,
      receive_id_type: 'open_id',
      receive_id: person,
      reply_to: null,
      msg_type: URGENT_MSG_TYPES[opts.channel],
      content: JSON.stringify(content),
      purpose: URGENT_PURPOSE,
      item_id: message.item_id ?? null,
      // Its message usually goes out within this; wall-clock, like every outbox timestamp.
      not_before: new Date(Date.now() + URGENT_AFTER_MS),
    });
  }
  return out;
}
