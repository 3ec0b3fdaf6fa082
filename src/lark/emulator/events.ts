import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { larkFixture, p2pChatIdFor, randomHex, randomLarkId, unionIdFor, userIdFor } from './ids.ts';

export { larkFixture, p2pChatIdFor } from './ids.ts';

export type LarkSecrets = { encryptKey: string; verificationToken: string; appId: string };

export const fixtureSecrets: LarkSecrets = {
  encryptKey: larkFixture.encryptKey,
  verificationToken: larkFixture.verificationToken,
  appId: larkFixture.appId,
};

export type LarkEventHeader = {
  event_id: string;
  event_type: string;
  create_time: string;
  token: string;
  app_id: string;
  tenant_key: string;
};
export type LarkEnvelope<E> = { schema: '2.0'; header: LarkEventHeader; event: E };
export type LarkUserId = { union_id: string; user_id: string | null; open_id: string };

export type MessageReceiveEvent = {
  sender: { sender_id: LarkUserId; sender_type: 'user'; tenant_key: string };
  message: {
    message_id: string;
    root_id?: string;
    parent_id?: string;
    create_time: string;
    update_time: string;
    chat_id: string;
    chat_type: 'p2p' | 'group';
    message_type: string;
    /** JSON string. */
    content: string;
    mentions?: Array<{
      key: string;
      id: LarkUserId;
      mentioned_type: 'bot' | 'user';
      name: string;
      tenant_key: string;
    }>;
  };
};

export type CardActionTriggerEvent = {
  operator: { tenant_key: string; user_id: string; open_id: string; union_id: string };
  /** Update token for /open-apis/interactive/v1/card/update. */
  token: string;
  action: {
    value: Record<string, unknown>;
    tag: string;
    timezone: string;
    form_value?: Record<string, unknown>;
    name?: string;
  };
  host: 'im_message';
  context: { open_message_id: string; open_chat_id: string };
};

export type BotAddedEvent = {
  chat_id: string;
  operator_id: LarkUserId;
  external: boolean;
  operator_tenant_key: string;
  name: string;
  i18n_names: Record<string, string>;
};

export type P2pChatEnteredEvent = {
  chat_id: string;
  operator_id: LarkUserId;
  last_message_id?: string;
  last_message_create_time?: string;
};

export type UrlVerification = { challenge: string; token: string; type: 'url_verification' };

export type SignedRequest = { body: string; headers: Record<string, string> };

/** Fields every builder accepts; defaults come from the fixtures' app. */
type EnvelopeOptions = { tenantKey?: string; eventId?: string; token?: string; appId?: string };

// ── crypto ────────────────────────────────────────────────────────────

/** AES-256-CBC, key = sha256(encryptKey), random 16-byte IV prefix, base64 (Feishu's scheme). */
export function encryptBody(encryptKey: string, plaintext: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function decryptBody(encryptKey: string, encrypted: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const data = Buffer.from(encrypted, 'base64');
  const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
  return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
}

/** hex sha256(timestamp + nonce + encryptKey + rawBody), as in X-Lark-Signature. */
export function larkSignature(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + body)
    .digest('hex');
}

/**
 * A webhook POST as Feishu sends it: compact JSON (the SDK re-stringifies the parsed body to
 * check the signature, so whitespace would break it) and lower-case headers. Spread the result
 * into `app.request(path, { method: 'POST', ...signed })`.
 */
export function signedRequest(
  secrets: Pick<LarkSecrets, 'encryptKey'>,
  envelope: object,
  opts: { timestamp?: number; nonce?: string; encrypt?: boolean; tamper?: boolean } = {},
): SignedRequest {
  const plain = JSON.stringify(envelope);
  const body =
    opts.encrypt === false ? plain : JSON.stringify({ encrypt: encryptBody(secrets.encryptKey, plain) });
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = opts.nonce ?? randomHex(16);
  // A tampered request carries a signature over different bytes; the body itself still decrypts.
  const signature = larkSignature(timestamp, nonce, secrets.encryptKey, opts.tamper ? `${body}x` : body);
  return {
    body,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': signature,
    },
  };
}

// ── envelopes ─────────────────────────────────────────────────────────

function header(eventType: string, createTime: string, opts: EnvelopeOptions): LarkEventHeader {
  return {
    event_id: opts.eventId ?? randomHex(32),
    event_type: eventType,
    create_time: createTime,
    token: opts.token ?? larkFixture.verificationToken,
    app_id: opts.appId ?? larkFixture.appId,
    tenant_key: opts.tenantKey ?? larkFixture.tenantKey,
  };
}

function userId(openId: string, kind: 'bot' | 'user' = 'user'): LarkUserId {
  return {
    union_id: unionIdFor(openId),
    user_id: kind === 'bot' ? null : userIdFor(openId),
    open_id: openId,
  };
}

export type MessageEventOptions = EnvelopeOptions & {
  senderOpenId: string;
  text?: string;
  chatType?: 'p2p' | 'group';
  chatId?: string;
  messageId?: string;
  mentions?: Array<{ key: string; openId: string; name: string; type?: 'bot' | 'user' }>;
  parentId?: string;
  rootId?: string;
  messageType?: string;
  /** Message content as an object; it is JSON-encoded. Defaults to `{text}` for text messages. */
  content?: object;
  /** Content sent as is: a merged forward's is the bare text `Merged and Forwarded Message`. */
  rawContent?: string;
  /** Milliseconds; defaults to now. */
  createTime?: number;
};

/** im.message.receive_v1, shaped like fixtures/lark/im.message.receive_v1.*.json. */
export function messageEvent(opts: MessageEventOptions): LarkEnvelope<MessageReceiveEvent> {
  const tenantKey = opts.tenantKey ?? larkFixture.tenantKey;
  const createdMs = opts.createTime ?? Date.now();
  const chatType = opts.chatType ?? 'p2p';
  const isReply = opts.rootId !== undefined || opts.parentId !== undefined;
  const message: MessageReceiveEvent['message'] = {
    message_id: opts.messageId ?? randomLarkId('om'),
    ...(isReply ? { root_id: opts.rootId ?? opts.parentId, parent_id: opts.parentId ?? opts.rootId } : {}),
    create_time: String(createdMs),
    update_time: String(createdMs),
    chat_id: opts.chatId ?? (chatType === 'p2p' ? p2pChatIdFor(opts.senderOpenId) : larkFixture.groupChatId),
    chat_type: chatType,
    message_type: opts.messageType ?? 'text',
    content: opts.rawContent ?? JSON.stringify(messageContent(opts)),
  };
  if (opts.mentions && opts.mentions.length > 0) {
    message.mentions = opts.mentions.map((m) => ({
      key: m.key,
      id: userId(m.openId, m.type),
      mentioned_type: m.type ?? 'user',
      name: m.name,
      tenant_key: tenantKey,
    }));
  }
  return {
    schema: '2.0',
    header: header('im.message.receive_v1', String(createdMs), opts),
    event: {
      sender: { sender_id: userId(opts.senderOpenId), sender_type: 'user', tenant_key: tenantKey },
      message,
    },
  };
}

function messageContent(opts: MessageEventOptions): object {
  if (opts.content !== undefined) return opts.content;
  if ((opts.messageType ?? 'text') !== 'text' || opts.text === undefined) {
    throw new Error('messageEvent: pass `text` for text messages, `content` for other types');
  }
  return { text: opts.text };
}

export type CardActionOptions = EnvelopeOptions & {
  operatorOpenId: string;
  value: Record<string, unknown>;
  formValue?: Record<string, unknown>;
  /** The form's submit button name (`action.name`). */
  name?: string;
  tag?: string;
  openMessageId?: string;
  openChatId?: string;
  /** The card update token (`event.token`, `c-…`). */
  cardToken?: string;
  /** Microseconds; defaults to now. */
  createTimeMicros?: number;
};

/** card.action.trigger, shaped like fixtures/lark/card.action.trigger.*.json (µs create_time). */
export function cardActionEvent(opts: CardActionOptions): LarkEnvelope<CardActionTriggerEvent> {
  const tenantKey = opts.tenantKey ?? larkFixture.tenantKey;
  const micros = opts.createTimeMicros ?? Date.now() * 1000 + Math.floor(Math.random() * 1000);
  const action: CardActionTriggerEvent['action'] = {
    value: opts.value,
    tag: opts.tag ?? 'button',
    timezone: 'Asia/Shanghai',
  };
  if (opts.formValue !== undefined) action.form_value = opts.formValue;
  if (opts.name !== undefined) action.name = opts.name;
  const h = header('card.action.trigger', String(micros), opts);
  return {
    schema: '2.0',
    // The card fixtures order the header differently from im.* events.
    header: {
      event_id: h.event_id,
      token: h.token,
      create_time: h.create_time,
      event_type: h.event_type,
      tenant_key: h.tenant_key,
      app_id: h.app_id,
    },
    event: {
      operator: {
        tenant_key: tenantKey,
        user_id: userIdFor(opts.operatorOpenId),
        open_id: opts.operatorOpenId,
        union_id: unionIdFor(opts.operatorOpenId),
      },
      token: opts.cardToken ?? `c-${randomHex(40)}`,
      action,
      host: 'im_message',
      context: {
        open_message_id: opts.openMessageId ?? randomLarkId('om'),
        open_chat_id: opts.openChatId ?? larkFixture.groupChatId,
      },
    },
  };
}

export function urlVerification(token: string, challenge: string = randomUUID()): UrlVerification {
  return { challenge, token, type: 'url_verification' };
}

export type BotAddedOptions = EnvelopeOptions & {
  operatorOpenId: string;
  chatId?: string;
  name?: string;
  i18nNames?: Record<string, string>;
  external?: boolean;
  createTime?: number;
};

/** im.chat.member.bot.added_v1, like fixtures/lark/im.chat.member.bot.added_v1.json. */
export function botAddedEvent(opts: BotAddedOptions): LarkEnvelope<BotAddedEvent> {
  return chatMemberEvent('im.chat.member.bot.added_v1', opts);
}

/** The bot removed from a group, or the group disbanded: the same shape as bot.added_v1. */
export function chatMemberEvent(
  eventType: 'im.chat.member.bot.added_v1' | 'im.chat.member.bot.deleted_v1' | 'im.chat.disbanded_v1',
  opts: BotAddedOptions,
): LarkEnvelope<BotAddedEvent> {
  const tenantKey = opts.tenantKey ?? larkFixture.tenantKey;
  const name = opts.name ?? '督查督办工作群';
  return {
    schema: '2.0',
    header: header(eventType, String(opts.createTime ?? Date.now()), opts),
    event: {
      chat_id: opts.chatId ?? randomLarkId('oc'),
      operator_id: userId(opts.operatorOpenId),
      external: opts.external ?? false,
      operator_tenant_key: tenantKey,
      name,
      i18n_names: opts.i18nNames ?? { zh_cn: name },
    },
  };
}

export type P2pEnteredOptions = EnvelopeOptions & {
  operatorOpenId: string;
  chatId?: string;
  lastMessageId?: string;
  lastMessageCreateTime?: number;
  createTime?: number;
};

/** im.chat.access_event.bot_p2p_chat_entered_v1 (user opened the bot's private chat). */
export function p2pChatEnteredEvent(opts: P2pEnteredOptions): LarkEnvelope<P2pChatEnteredEvent> {
  const event: P2pChatEnteredEvent = {
    chat_id: opts.chatId ?? p2pChatIdFor(opts.operatorOpenId),
    operator_id: userId(opts.operatorOpenId),
  };
  if (opts.lastMessageId !== undefined) event.last_message_id = opts.lastMessageId;
  if (opts.lastMessageCreateTime !== undefined)
    event.last_message_create_time = String(opts.lastMessageCreateTime);
  return {
    schema: '2.0',
    header: header(
      'im.chat.access_event.bot_p2p_chat_entered_v1',
      String(opts.createTime ?? Date.now()),
      opts,
    ),
    event,
  };
}

export type MessageReadEvent = {
  reader: { reader_id: LarkUserId; read_time: string; tenant_key: string };
  message_id_list: string[];
};

/** im.message.message_read_v1: a person read the bot's private messages (shape from the SDK's event types). */
export function messageReadEvent(
  opts: EnvelopeOptions & { readerOpenId: string; messageIds: string[]; readTime?: number },
): LarkEnvelope<MessageReadEvent> {
  const time = String(opts.readTime ?? Date.now());
  return {
    schema: '2.0',
    header: header('im.message.message_read_v1', time, opts),
    event: {
      reader: {
        reader_id: userId(opts.readerOpenId),
        read_time: time,
        tenant_key: opts.tenantKey ?? larkFixture.tenantKey,
      },
      message_id_list: opts.messageIds,
    },
  };
}

/**
 * The object the SDK's EventDispatcher/CardActionHandler expect from a custom adapter: the
 * parsed body, with headers on the prototype so JSON.stringify (used for the signature) skips them.
 */
export function sdkInvokeData(signed: SignedRequest): Record<string, unknown> {
  const parsed: unknown = JSON.parse(signed.body);
  return Object.assign(Object.create({ headers: signed.headers }), parsed);
}
