/**
 * im.message.message_read_v1 (消息已读): Feishu sends it when someone reads the bot's private
 * message. Their 加急 on it count as read, so the bot's tally of unread 加急 per person follows
 * what they have seen (group messages send no receipt: their 加急 age out instead).
 */
import { z } from 'zod';
import type { EventHandler } from '../event-handlers.ts';
import { markUrgentsRead } from './urgent.ts';

const MessageReadSchema = z.object({
  reader: z.object({ reader_id: z.object({ open_id: z.string().min(1).max(200) }) }),
  message_id_list: z.array(z.string().min(1).max(200)).max(1000),
});

export const handleMessageRead: EventHandler = async (trx, ctx) => {
  const parsed = MessageReadSchema.safeParse(ctx.event);
  if (!parsed.success) {
    ctx.logger.warn({ err: parsed.error.message }, 'read receipt not understood; ignored');
    return [];
  }
  const { reader, message_id_list: messageIds } = parsed.data;
  await markUrgentsRead(trx, ctx.tenantKey, reader.reader_id.open_id, messageIds, ctx.now);
  return [];
};
