import { randomUUID } from 'node:crypto';
import type { SignedRequest } from '../lark/emulator/events.ts';
import { cardActionEvent, messageEvent, signedRequest } from '../lark/emulator/events.ts';
import { randomHex, randomLarkId } from '../lark/emulator/ids.ts';
import type { LarkEmulator } from '../lark/emulator/server.ts';
import type { SandboxClock } from './clock.ts';

/**
 * The sandbox plays Feishu toward the bot: a person's message becomes an im.message.receive_v1 and a
 * click a card.action.trigger, each with its own event id, encrypted and signed with the sandbox's
 * Encrypt Key and POSTed to /lark/events or /lark/cards of the app, which checks them as it checks
 * Feishu. Nothing here calls the bot's services.
 */

export type SandboxSecrets = { appId: string; encryptKey: string; verificationToken: string };
export type Deliver = (path: '/lark/events' | '/lark/cards', request: SignedRequest) => Promise<Response>;

export type OutgoingContent =
  | { type: 'text'; text: string }
  | { type: 'post'; title: string; lines: string[] }
  | { type: 'file'; fileName: string; bytes: Buffer }
  | { type: 'merge_forward'; items: Array<{ from: string; text: string }> };

export type SendInput = {
  from: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  /** In a group Feishu hands the bot only messages that @-mention it. */
  mentionBot: boolean;
  content: OutgoingContent;
};

export type ClickInput = {
  from: string;
  messageId: string;
  chatId: string;
  value: Record<string, unknown>;
  /** A form's submit: the button's name and the fields. */
  name?: string;
  formValue?: Record<string, unknown>;
};

export type Toast = { type: string; content: string };

export function createFeishuPlayer(opts: {
  emulator: LarkEmulator;
  secrets: SandboxSecrets;
  clock: SandboxClock;
  deliver: Deliver;
  tenantKey: () => string;
  botName: string;
}) {
  const { emulator, secrets, clock } = opts;
  const stamp = () => ({ timestamp: Math.floor(clock.now().getTime() / 1000) });
  const common = () => ({
    tenantKey: opts.tenantKey(),
    token: secrets.verificationToken,
    appId: secrets.appId,
  });
  const mention = { key: '@_user_1', openId: emulator.botOpenId, name: opts.botName, type: 'bot' as const };

  function eventContent(input: SendInput, messageId: string) {
    const { content } = input;
    const at = input.mentionBot ? '@_user_1 ' : '';
    switch (content.type) {
      case 'text':
        return { messageType: 'text' as const, content: { text: `${at}${content.text}` } };
      case 'post': {
        const rows: Array<Array<Record<string, unknown>>> = content.lines.map((line) => [
          { tag: 'text', text: line, style: [] },
        ]);
        if (input.mentionBot)
          rows.unshift([{ tag: 'at', user_id: '@_user_1', user_name: opts.botName, style: [] }]);
        return { messageType: 'post' as const, content: { title: content.title, content: rows } };
      }
      case 'file': {
        const fileKey = `file_v3_00${randomHex(2)}_${randomUUID()}g`;
        return {
          messageType: 'file' as const,
          content: { file_key: fileKey, file_name: content.fileName },
          resource: { file_key: fileKey, file_name: content.fileName, bytes: content.bytes },
        };
      }
      case 'merge_forward': {
        // Times are real milliseconds, like every message the emulator records; the page shifts them.
        const at = Date.now();
        content.items.forEach((item, i) => {
          emulator.recordUserMessage({
            message_id: randomLarkId('om'),
            chat_id: input.chatId,
            sender_open_id: item.from,
            msg_type: 'text',
            content: { text: item.text },
            upper_message_id: messageId,
            at: at - (content.items.length - i) * 60_000,
          });
        });
        return { messageType: 'merge_forward' as const, raw: 'Merged and Forwarded Message' };
      }
    }
  }

  return {
    /** Sends a person's message; resolves with the message id once the bot has answered the push. */
    async send(input: SendInput): Promise<{ messageId: string; status: number }> {
      const messageId = randomLarkId('om');
      const made = eventContent(input, messageId);
      const createTime = clock.now().getTime();
      const envelope = messageEvent({
        ...common(),
        messageId,
        senderOpenId: input.from,
        chatId: input.chatId,
        chatType: input.chatType,
        messageType: made.messageType,
        createTime,
        ...('raw' in made ? { rawContent: made.raw } : { content: made.content }),
        ...(input.mentionBot && { mentions: [mention] }),
      });
      // Recorded first: the bot's reply may come back before the push is answered.
      emulator.recordUserMessage({
        message_id: messageId,
        chat_id: input.chatId,
        sender_open_id: input.from,
        msg_type: made.messageType,
        content: 'raw' in made ? made.raw : made.content,
        at: Date.now(),
        ...('resource' in made && made.resource && { resource: made.resource }),
      });
      // In a group without an @, Feishu keeps the message in the chat and tells the bot nothing.
      if (input.chatType === 'group' && !input.mentionBot) return { messageId, status: 0 };
      const res = await opts.deliver('/lark/events', signedRequest(secrets, envelope, stamp()));
      return { messageId, status: res.status };
    },

    /** Clicks a card button as Feishu's client does and applies the answer to the card. */
    async click(input: ClickInput): Promise<{ toast: Toast | null }> {
      const cardToken = `c-${randomHex(40)}`;
      emulator.registerCardToken(cardToken, input.messageId);
      const envelope = cardActionEvent({
        ...common(),
        operatorOpenId: input.from,
        value: input.value,
        openMessageId: input.messageId,
        openChatId: input.chatId,
        cardToken,
        createTimeMicros: clock.now().getTime() * 1000,
        ...(input.formValue && { formValue: input.formValue }),
        ...(input.name && { name: input.name }),
      });
      const res = await opts.deliver('/lark/cards', signedRequest(secrets, envelope, stamp()));
      // What Feishu's client shows for a callback that failed (its error codes in the message).
      if (res.status !== 200)
        return { toast: { type: 'error', content: `回调失败（200671，HTTP ${res.status}）` } };
      let answer: { toast?: Toast; card?: { type?: string; data?: unknown } };
      try {
        answer = (await res.json()) as typeof answer;
      } catch {
        return { toast: { type: 'error', content: '回调返回内容无效（200672）' } };
      }
      if (answer.card?.type === 'raw') {
        const refused = emulator.replaceCard(input.messageId, answer.card.data);
        if (refused) return { toast: { type: 'error', content: '卡片更新失败（200673）' } };
      }
      return { toast: answer.toast ?? null };
    },
  };
}

export type FeishuPlayer = ReturnType<typeof createFeishuPlayer>;
