import { z } from 'zod';

const MentionSchema = z.object({
  key: z.string(),
  id: z.object({ open_id: z.string().nullish() }).partial().nullish(),
  name: z.string().nullish(),
  mentioned_type: z.string().nullish(),
});

export const MessageEventSchema = z.object({
  sender: z.object({
    sender_id: z.object({ open_id: z.string().nullish() }).partial(),
    sender_type: z.string(),
  }),
  message: z.object({
    message_id: z.string(),
    root_id: z.string().nullish(),
    parent_id: z.string().nullish(),
    chat_id: z.string(),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string(),
    mentions: z.array(MentionSchema).nullish(),
  }),
});

export type MessageEvent = z.infer<typeof MessageEventSchema>;

export type Attachment = { kind: 'image' | 'file'; key: string; name?: string };

export type IncomingMessage = {
  messageId: string;
  parentId: string | null;
  rootId: string | null;
  chatId: string;
  chatType: 'p2p' | 'group';
  /** Feishu's message_type: text, post, file, image, merge_forward, sticker, audio, … */
  messageType: string;
  senderOpenId: string;
  /** Plain text with @-mention placeholders replaced by the names (the bot's own mention removed). */
  text: string;
  mentionsBot: boolean;
  /** People @-mentioned (not the bot), in order: e.g. the deputy of 委托 @某人. */
  mentions: Array<{ openId: string; name: string }>;
  attachments: Attachment[];
};

const ContentSchema = z.record(z.string(), z.unknown());

type PostNode = {
  tag?: unknown;
  text?: unknown;
  user_id?: unknown;
  user_name?: unknown;
  image_key?: unknown;
};

function postParts(content: Record<string, unknown>): { title: string; nodes: PostNode[] } {
  // Posts may arrive unwrapped ({title, content}) or wrapped in a locale key ({zh_cn: {...}}).
  const body = Array.isArray(content.content)
    ? content
    : Object.values(content).find((v) => typeof v === 'object' && v !== null);
  const rec = (body ?? {}) as { title?: unknown; content?: unknown };
  const rows = Array.isArray(rec.content) ? rec.content : [];
  return {
    title: typeof rec.title === 'string' ? rec.title : '',
    nodes: rows.flatMap((row: unknown) =>
      (Array.isArray(row) ? (row as PostNode[]) : []).concat([{ tag: 'br' }]),
    ),
  };
}

/**
 * Text and attachments of one message's content (a JSON string per message type), @-placeholders left
 * as they are. Used for received messages and for the sub-messages of a merged forward alike.
 */
export function readMessageContent(
  messageType: string,
  raw: string,
): { text: string; attachments: Attachment[] } {
  let content: Record<string, unknown> = {};
  try {
    const c = ContentSchema.safeParse(JSON.parse(raw));
    if (c.success) content = c.data;
  } catch {
    content = {};
  }
  const attachments: Attachment[] = [];
  let text = '';
  if (messageType === 'text' && typeof content.text === 'string') {
    text = content.text;
  } else if (messageType === 'post') {
    const { title, nodes } = postParts(content);
    text = title ? `${title}\n` : '';
    for (const n of nodes) {
      if (n.tag === 'text' || n.tag === 'a') text += typeof n.text === 'string' ? n.text : '';
      else if (n.tag === 'at' && typeof n.user_id === 'string')
        text += n.user_id.startsWith('@_') ? n.user_id : `@${String(n.user_name ?? '')}`;
      else if (n.tag === 'img' && typeof n.image_key === 'string')
        attachments.push({ kind: 'image', key: n.image_key });
      else if (n.tag === 'br') text += '\n';
    }
  } else if (messageType === 'image' && typeof content.image_key === 'string') {
    attachments.push({ kind: 'image', key: content.image_key });
  } else if (messageType === 'file' && typeof content.file_key === 'string') {
    attachments.push({
      kind: 'file',
      key: content.file_key,
      ...(typeof content.file_name === 'string' ? { name: content.file_name } : {}),
    });
  }
  return { text, attachments };
}

/** Normalises a receive_v1 event: text from text and post messages, attachments kept by their Feishu keys. */
export function readIncomingMessage(event: unknown, botOpenId: string | null): IncomingMessage | null {
  const parsed = MessageEventSchema.safeParse(event);
  if (!parsed.success) return null;
  const { sender, message } = parsed.data;
  const senderOpenId = sender.sender_id.open_id;
  if (sender.sender_type !== 'user' || !senderOpenId) return null;
  const mentions = message.mentions ?? [];
  const isBot = (m: z.infer<typeof MentionSchema>) =>
    botOpenId ? m.id?.open_id === botOpenId : m.mentioned_type === 'bot';
  const botKeys = new Set(mentions.filter(isBot).map((m) => m.key));
  const names = new Map(mentions.map((m) => [m.key, m.name ?? '']));
  const read = readMessageContent(message.message_type, message.content);
  const text = read.text
    .replace(/@_(user_\d+|all)/g, (key) => (botKeys.has(key) ? '' : `@${names.get(key) ?? ''}`))
    .replace(/[ \t]+\n/g, '\n')
    .trim();
  return {
    messageId: message.message_id,
    parentId: message.parent_id || null,
    rootId: message.root_id || null,
    chatId: message.chat_id,
    chatType: message.chat_type === 'p2p' ? 'p2p' : 'group',
    messageType: message.message_type,
    senderOpenId,
    text,
    mentionsBot: botKeys.size > 0,
    mentions: mentions.flatMap((m) =>
      botKeys.has(m.key) || !m.id?.open_id || m.mentioned_type === 'bot'
        ? []
        : [{ openId: m.id.open_id, name: m.name ?? '' }],
    ),
    attachments: read.attachments,
  };
}
