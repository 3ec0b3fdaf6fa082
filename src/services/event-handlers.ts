import type { Db } from '../db/client.ts';
import type { NewOutbox } from '../db/database.ts';
import type { Logger } from '../lib/logger.ts';
import { botAddedToChat, botRemovedFromChat, chatDisbanded } from './directory/chat-events.ts';
import { handleMessage } from './handle-message.ts';
import { handleMessageRead } from './reach/read-receipts.ts';

export type EventContext = {
  tenantKey: string;
  eventId: string;
  /** The decrypted v2 envelope's `event` object. */
  event: unknown;
  /** The envelope header's create_time (ms), when given: orders events about one group. */
  createdMs: number | null;
  botOpenId: string | null;
  now: Date;
  logger: Logger;
};

/** Runs inside the event's transaction; returns the messages to send, which commit with it. */
export type EventHandler = (trx: Db, ctx: EventContext) => Promise<NewOutbox[]>;

export const eventHandlers: Record<string, EventHandler> = {
  'im.message.receive_v1': handleMessage,
  // Opening the chat or adding the bot needs no answer: greeting on every entry would be noise.
  'im.chat.access_event.bot_p2p_chat_entered_v1': async () => [],
  // The directory builds itself from these: a binding card, or the unbinding and an alert (directory/chat-events.ts).
  'im.chat.member.bot.added_v1': botAddedToChat,
  'im.chat.member.bot.deleted_v1': botRemovedFromChat,
  'im.chat.disbanded_v1': chatDisbanded,
  'im.message.message_read_v1': handleMessageRead,
};

/** Events queued for processing; anything else is stored as ignored and answered 200. */
export const QUEUED_EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(eventHandlers));
