import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { FEISHU_CARD_WINDOW_MS } from '../../domain/card-window.ts';
import { CARD_EXPIRED_CODE } from '../errors.ts';
import { type BaseEmulator, createBaseEmulator } from './base.ts';
import { checkCard, checkCardUpdate } from './card-rules.ts';
import { createDeliveryEmulator, type DeliveryEmulator, type UrgentCall } from './delivery.ts';
import { createDocsEmulator, type DocsEmulator } from './docs.ts';
import type { LarkReply, ParsedBody } from './http.ts';
import {
  fieldViolation,
  flatHeaders,
  invalidToken,
  isRecord,
  larkError,
  missingToken,
  notFound,
  ok,
  parseBody,
  rateLimited,
  readRaw,
  sendReply,
  stringAt,
  stringListAt,
} from './http.ts';
import { larkFixture, p2pChatIdFor, randomHex, randomLarkId } from './ids.ts';
import type { RateLimitOptions } from './rate-limit.ts';
import { SlidingWindowLimiter } from './rate-limit.ts';

export type { DeliveryEmulator, UrgentCall, UserState } from './delivery.ts';
export type { LarkReply } from './http.ts';
export type { RateLimitOptions } from './rate-limit.ts';

export type RecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** Parsed JSON; for multipart `{field: string | {filename?, content_type?, size}}`. */
  body: unknown;
  at: number;
  /** HTTP status the fake answered with (0 while the request is in flight). */
  status: number;
};

export type SentMessage = {
  kind: 'create' | 'reply';
  message_id: string;
  chat_id: string;
  receive_id_type?: string;
  receive_id?: string;
  /** The message replied to (`:message_id` of the reply call). */
  reply_to?: string;
  root_id?: string;
  reply_in_thread?: boolean;
  msg_type: string;
  /** `content` parsed once: a card object, `{text}`, … */
  content: unknown;
  raw_content: string;
  uuid?: string;
  at: number;
};

export type MessagePatch = { message_id: string; content: unknown; at: number };
/** A message a person sent (played by the sandbox): replies to it land in its chat. */
export type UserMessage = {
  message_id: string;
  chat_id: string;
  sender_open_id: string;
  msg_type: string;
  content: unknown;
  root_id?: string;
  /** Set on the messages inside a merged forward: the forward's message_id. */
  upper_message_id?: string;
  /** The bytes behind a file message's file_key (for the resource download). */
  resource?: { file_key: string; file_name: string; bytes: Buffer };
  at: number;
};
export type CardUpdate = { token: string; card: unknown; at: number };
export type UploadedFile = {
  file_key: string;
  file_type: string;
  file_name: string;
  /** The multipart part's own filename: form-data sends one for streams, none for Buffers. */
  part_filename?: string;
  size: number;
  bytes: Buffer;
  at: number;
};
/** A message a user sent, as GET message returns it to the bot (see the merge_forward fixture). */
export type ReceivedMessage = {
  message_id: string;
  msg_type: string;
  /** The body's content: a string as is, an object JSON-encoded. */
  content: string | object;
  sender_open_id: string;
  chat_id?: string;
  /** Milliseconds. */
  create_time?: number;
  /** The merged forward this message sits in. */
  upper_message_id?: string;
  deleted?: boolean;
};

export type EmulatedUser = {
  name: string;
  en_name?: string;
  union_id?: string;
  user_id?: string;
  email?: string;
  mobile?: string;
  department_ids?: string[];
  /** As batch_get_id reports it; an absent status is an active user. */
  status?: { is_frozen?: boolean; is_resigned?: boolean; is_activated?: boolean; is_exited?: boolean };
};

export type LarkEmulatorOptions = {
  appId?: string;
  appSecret?: string;
  tenantKey?: string;
  botOpenId?: string;
  botName?: string;
  /** `expire` in the token response; Feishu's is 7200. */
  tokenExpireSeconds?: number;
  rateLimit?: RateLimitOptions | null;
  /** Keyed by open_id. */
  users?: Record<string, EmulatedUser>;
};

export type LarkEmulator = {
  readonly url: string;
  readonly appId: string;
  readonly appSecret: string;
  readonly tenantKey: string;
  readonly botOpenId: string;
  /** Every request received, in arrival order, including rejected ones. */
  readonly requests: RecordedRequest[];
  /** Keyed by open_id; edit freely. */
  readonly users: Map<string, EmulatedUser>;
  /** 多维表格 tables, fields and records (src/lark/emulator/base.ts). */
  readonly base: BaseEmulator;
  /** Documents and their sharing (src/lark/emulator/docs.ts). */
  readonly docs: DocsEmulator;
  /** Who Feishu will not deliver to, and the 加急 rules (src/lark/emulator/delivery.ts). */
  readonly delivery: DeliveryEmulator;
  messages(): SentMessage[];
  /** A message's content after all patches, parsed; undefined for messages the fake never sent. */
  latestContent(messageId: string): unknown;
  patches(): MessagePatch[];
  cardUpdates(): CardUpdate[];
  urgents(): UrgentCall[];
  uploads(): UploadedFile[];
  /** Makes a user's message readable through GET message (sub-messages: set upper_message_id). */
  addReceivedMessage(msg: ReceivedMessage): void;
  /** Makes a file or image of a received message downloadable through the resource API. */
  addResource(messageId: string, fileKey: string, bytes: Buffer, contentType: string): void;
  /** Answers the next `times` requests that match with `reply` instead of handling them. */
  failNext(match: (r: RecordedRequest) => boolean, reply: LarkReply, times?: number): void;
  setRateLimit(opts: RateLimitOptions | null): void;
  /** Records a message a person sent, so the bot's replies to it thread into its chat. */
  recordUserMessage(message: UserMessage): void;
  userMessages(): UserMessage[];
  /** A card callback's answer replacing the clicked card; an error reply when Feishu would refuse it. */
  replaceCard(messageId: string, card: unknown): LarkReply | undefined;
  /** Moves a sent message's send time back by `ms`, as if it had been sent that long ago. */
  ageMessage(messageId: string, ms: number): void;
  /** The update token a callback carried, so /interactive/v1/card/update can find its card. */
  registerCardToken(token: string, messageId: string): void;
  /** Invalidates every issued tenant token; the next token request gets a fresh one. */
  expireTokens(): void;
  /** Forgets recordings, injections and uuids, restores start options; issued tokens stay valid. */
  reset(): void;
  close(): Promise<void>;
  waitFor(pred: () => boolean | Promise<boolean>, timeoutMs?: number): Promise<void>;
  /** LARK_* variables for src/config/env.ts. */
  env(): Record<string, string>;
};

type RouteContext = { req: RecordedRequest; params: Record<string, string>; body: ParsedBody };
type Route = {
  method: string;
  pattern: RegExp;
  auth: boolean;
  /** Present for the calls Feishu rate-limits per receiver. */
  receiver?: (ctx: RouteContext) => string;
  handle: (ctx: RouteContext) => LarkReply;
};
type MessageFields = Omit<SentMessage, 'message_id' | 'content' | 'raw_content' | 'at'>;
/** `at`: when it was sent (ms), for Feishu's 14-day update window; tests move it back with ageMessage. */
type StoredMessage = { chat_id: string; root_id?: string; msg_type: string; content: unknown; at: number };
type Injection = { match: (r: RecordedRequest) => boolean; reply: LarkReply; remaining: number };
type ContentCheck = { ok: true; raw: string; parsed: unknown } | { ok: false; reply: LarkReply };

const KB = 1024;
const UUID_WINDOW_MS = 60 * 60 * 1000;
const RECEIVE_ID_TYPES = new Set(['open_id', 'union_id', 'user_id', 'email', 'chat_id']);
const FILE_TYPES = new Set(['opus', 'mp4', 'pdf', 'doc', 'xls', 'ppt', 'stream']);
/** What Feishu returns as body.content for a 2.0 card (see fixtures README, point 4). */
const CARD_PLACEHOLDER = JSON.stringify({
  title: null,
  elements: [[{ tag: 'text', text: '请升级至最新版本客户端，以查看内容' }]],
});

class LarkEmulatorServer implements LarkEmulator {
  readonly appId: string;
  readonly appSecret: string;
  readonly tenantKey: string;
  readonly botOpenId: string;
  readonly requests: RecordedRequest[] = [];
  readonly users = new Map<string, EmulatedUser>();
  readonly base = createBaseEmulator();
  readonly docs = createDocsEmulator();
  readonly delivery = createDeliveryEmulator();

  private readonly server = createServer((req, res) => {
    // Only a malformed injected reply (bad header value) can throw here; drop the socket.
    this.handle(req, res).catch(() => res.destroy());
  });
  private readonly routes: Route[];
  private readonly tokens = new Map<string, number>();
  private currentToken: string | undefined;
  private limiter: SlidingWindowLimiter | undefined;
  private injections: Injection[] = [];
  private sent: SentMessage[] = [];
  private byId = new Map<string, StoredMessage>();
  private byUuid = new Map<string, { data: Record<string, unknown>; at: number }>();
  private patchLog: MessagePatch[] = [];
  private cardUpdateLog: CardUpdate[] = [];
  private uploadLog: UploadedFile[] = [];
  private received = new Map<string, ReceivedMessage>();
  private resources = new Map<string, { bytes: Buffer; contentType: string }>();
  private inbound: UserMessage[] = [];
  private cardTokens = new Map<string, { messageId: string; uses: number; at: number }>();

  constructor(private readonly options: LarkEmulatorOptions) {
    this.appId = options.appId ?? larkFixture.appId;
    this.appSecret = options.appSecret ?? larkFixture.appSecret;
    this.tenantKey = options.tenantKey ?? larkFixture.tenantKey;
    this.botOpenId = options.botOpenId ?? larkFixture.botOpenId;
    this.routes = this.buildRoutes();
    this.reset();
  }

  get url(): string {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('Lark emulator is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
  }

  async close(): Promise<void> {
    // The SDK's axios keeps sockets alive, and server.close() alone would wait for them.
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
  }

  messages(): SentMessage[] {
    return [...this.sent];
  }

  latestContent(messageId: string): unknown {
    return this.byId.get(messageId)?.content;
  }

  patches(): MessagePatch[] {
    return [...this.patchLog];
  }

  cardUpdates(): CardUpdate[] {
    return [...this.cardUpdateLog];
  }

  urgents(): UrgentCall[] {
    return this.delivery.urgents();
  }

  uploads(): UploadedFile[] {
    return [...this.uploadLog];
  }

  addReceivedMessage(msg: ReceivedMessage): void {
    this.received.set(msg.message_id, msg);
  }

  addResource(messageId: string, fileKey: string, bytes: Buffer, contentType: string): void {
    this.resources.set(`${messageId}/${fileKey}`, { bytes, contentType });
  }

  /** A person's message: replies thread into its chat, and the bot can read it back (GET message, resources). */
  recordUserMessage(message: UserMessage): void {
    this.inbound.push(message);
    this.store(message, message.content);
    this.addReceivedMessage({
      message_id: message.message_id,
      msg_type: message.msg_type,
      content: typeof message.content === 'string' ? message.content : JSON.stringify(message.content ?? {}),
      sender_open_id: message.sender_open_id,
      chat_id: message.chat_id,
      create_time: message.at,
      ...(message.upper_message_id !== undefined && { upper_message_id: message.upper_message_id }),
    });
    const { resource } = message;
    if (resource)
      this.addResource(
        message.message_id,
        resource.file_key,
        resource.bytes,
        contentTypeOf(resource.file_name),
      );
  }

  /** Keeps a message by id: replies thread into its chat, patches find it. */
  private store(
    message: Pick<SentMessage, 'message_id' | 'chat_id' | 'msg_type' | 'root_id'>,
    content: unknown,
  ) {
    const stored: StoredMessage = {
      chat_id: message.chat_id,
      msg_type: message.msg_type,
      content,
      at: Date.now(),
    };
    if (message.root_id !== undefined) stored.root_id = message.root_id;
    this.byId.set(message.message_id, stored);
  }

  userMessages(): UserMessage[] {
    return [...this.inbound];
  }

  replaceCard(messageId: string, card: unknown): LarkReply | undefined {
    const stored = this.byId.get(messageId);
    if (stored?.msg_type !== 'interactive') return larkError(400, 230001, 'not a card message');
    if (expired(stored)) return cardExpired();
    const refused = checkCardUpdate(stored.content, card);
    if (refused) return refused;
    stored.content = card;
    this.patchLog.push({ message_id: messageId, content: card, at: Date.now() });
    return undefined;
  }

  ageMessage(messageId: string, ms: number): void {
    const stored = this.byId.get(messageId);
    if (stored) stored.at -= ms;
    for (const m of this.sent) if (m.message_id === messageId) m.at -= ms;
  }

  registerCardToken(token: string, messageId: string): void {
    this.cardTokens.set(token, { messageId, uses: 0, at: Date.now() });
  }

  failNext(match: (r: RecordedRequest) => boolean, reply: LarkReply, times = 1): void {
    this.injections.push({ match, reply, remaining: times });
  }

  setRateLimit(opts: RateLimitOptions | null): void {
    this.limiter = opts === null ? undefined : new SlidingWindowLimiter(opts);
  }

  expireTokens(): void {
    this.tokens.clear();
    this.currentToken = undefined;
  }

  reset(): void {
    this.requests.length = 0;
    this.injections = [];
    this.sent = [];
    this.byId = new Map();
    this.byUuid = new Map();
    this.patchLog = [];
    this.cardUpdateLog = [];
    this.uploadLog = [];
    this.received = new Map();
    this.resources = new Map();
    this.inbound = [];
    this.cardTokens = new Map();
    this.users.clear();
    this.base.reset();
    this.docs.reset();
    this.delivery.reset();
    for (const [openId, user] of Object.entries(this.options.users ?? {})) this.users.set(openId, user);
    this.setRateLimit(this.options.rateLimit ?? null);
  }

  async waitFor(pred: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await pred())) {
      if (Date.now() > deadline) {
        const recent = this.requests.slice(-5).map((r) => `${r.method} ${r.path} → ${r.status}`);
        throw new Error(
          `Lark emulator: condition not met in ${timeoutMs} ms; last requests: ${recent.join('; ')}`,
        );
      }
      await sleep(10);
    }
  }

  env(): Record<string, string> {
    return { LARK_APP_ID: this.appId, LARK_APP_SECRET: this.appSecret, LARK_DOMAIN: this.url };
  }

  // ── request pipeline ────────────────────────────────────────────────

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let reply: LarkReply;
    let recorded: RecordedRequest | undefined;
    try {
      const raw = await readRaw(req);
      const url = new URL(req.url ?? '/', 'http://fake');
      const headers = flatHeaders(req);
      const body = parseBody(raw, headers['content-type'] ?? '');
      recorded = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body: body.recorded,
        at: Date.now(),
        status: 0,
      };
      this.requests.push(recorded);
      reply = this.answer(recorded, body);
    } catch (e) {
      reply = { status: 500, body: { code: 500, msg: `Lark emulator crashed: ${String(e)}` } };
    }
    if (recorded) recorded.status = reply.status;
    sendReply(res, reply);
  }

  private answer(req: RecordedRequest, body: ParsedBody): LarkReply {
    const injected = this.takeInjection(req);
    if (injected) return injected;
    const found = this.findRoute(req);
    if (!found) return notFound(req.method, req.path);
    const ctx: RouteContext = { req, params: found.params, body };
    if (found.route.auth) {
      const denied = this.checkToken(req);
      if (denied) return denied;
    }
    if (body.invalid !== undefined) return larkError(400, 9499, `Bad Request: ${body.invalid}`);
    if (found.route.receiver && this.limiter) {
      const verdict = this.limiter.take(found.route.receiver(ctx), Date.now());
      if (!verdict.allowed) return rateLimited(verdict.limit, verdict.resetSeconds);
    }
    return found.route.handle(ctx);
  }

  private takeInjection(req: RecordedRequest): LarkReply | undefined {
    const injection = this.injections.find((i) => i.remaining > 0 && i.match(req));
    if (!injection) return undefined;
    injection.remaining -= 1;
    this.injections = this.injections.filter((i) => i.remaining > 0);
    return injection.reply;
  }

  private findRoute(req: RecordedRequest): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== req.method) continue;
      const match = route.pattern.exec(req.path);
      if (match) return { route, params: { ...match.groups } };
    }
    return undefined;
  }

  private checkToken(req: RecordedRequest): LarkReply | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const token = match?.[1];
    if (token === undefined) return missingToken();
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined || expiresAt <= Date.now()) return invalidToken();
    return undefined;
  }

  private buildRoutes(): Route[] {
    const messageChat = (ctx: RouteContext) =>
      this.byId.get(ctx.params.id ?? '')?.chat_id ?? `message:${ctx.params.id}`;
    return [
      {
        method: 'POST',
        pattern: /^\/open-apis\/auth\/v3\/tenant_access_token\/internal$/,
        auth: false,
        handle: (ctx) => this.issueToken(ctx),
      },
      { method: 'GET', pattern: /^\/open-apis\/bot\/v3\/info$/, auth: true, handle: () => this.botInfo() },
      {
        method: 'POST',
        pattern: /^\/open-apis\/im\/v1\/messages$/,
        auth: true,
        receiver: (ctx) => this.chatFor(ctx.req.query.receive_id_type, stringAt(ctx.req.body, 'receive_id')),
        handle: (ctx) => this.createMessage(ctx),
      },
      {
        method: 'POST',
        pattern: /^\/open-apis\/im\/v1\/messages\/(?<id>[^/]+)\/reply$/,
        auth: true,
        receiver: messageChat,
        handle: (ctx) => this.replyMessage(ctx),
      },
      {
        method: 'GET',
        pattern: /^\/open-apis\/im\/v1\/messages\/(?<id>[^/]+)$/,
        auth: true,
        handle: (ctx) => this.getMessage(ctx),
      },
      {
        method: 'GET',
        pattern: /^\/open-apis\/im\/v1\/messages\/(?<id>[^/]+)\/resources\/(?<key>[^/]+)$/,
        auth: true,
        handle: (ctx) => this.getResource(ctx),
      },
      {
        method: 'PATCH',
        pattern: /^\/open-apis\/im\/v1\/messages\/(?<id>[^/]+)$/,
        auth: true,
        receiver: (ctx) => `message:${ctx.params.id}`,
        handle: (ctx) => this.patchMessage(ctx),
      },
      {
        method: 'PATCH',
        pattern: /^\/open-apis\/im\/v1\/messages\/(?<id>[^/]+)\/urgent_(?<kind>app|sms|phone)$/,
        auth: true,
        handle: (ctx) => this.urgent(ctx),
      },
      {
        method: 'POST',
        pattern: /^\/open-apis\/interactive\/v1\/card\/update$/,
        auth: true,
        handle: (ctx) => this.updateCard(ctx),
      },
      {
        method: 'POST',
        pattern: /^\/open-apis\/im\/v1\/files$/,
        auth: true,
        handle: (ctx) => this.upload(ctx),
      },
      {
        method: 'GET',
        pattern: /^\/open-apis\/contact\/v3\/users\/(?<id>[^/]+)$/,
        auth: true,
        handle: (ctx) => this.getUser(ctx),
      },
      {
        method: 'POST',
        pattern: /^\/open-apis\/contact\/v3\/users\/batch_get_id$/,
        auth: true,
        handle: (ctx) => this.batchGetId(ctx),
      },
      ...this.base.routes(),
      ...this.docs.routes(),
    ];
  }

  // ── auth and bot ────────────────────────────────────────────────────

  private issueToken(ctx: RouteContext): LarkReply {
    const appId = stringAt(ctx.req.body, 'app_id');
    const secret = stringAt(ctx.req.body, 'app_secret');
    if (appId !== this.appId) return ok200(10003, 'invalid param: app_id');
    if (secret !== this.appSecret) return ok200(10015, 'wrong app secret');
    const expireSeconds = this.options.tokenExpireSeconds ?? 7200;
    const now = Date.now();
    const current = this.currentToken;
    const currentExpiry = current === undefined ? undefined : this.tokens.get(current);
    // Feishu hands back the same token while more than 30 minutes remain.
    if (current !== undefined && currentExpiry !== undefined && currentExpiry - now > 30 * 60 * 1000) {
      const remaining = Math.floor((currentExpiry - now) / 1000);
      return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: current, expire: remaining } };
    }
    const token = `t-${randomHex(40)}`;
    this.tokens.set(token, now + expireSeconds * 1000);
    this.currentToken = token;
    return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: token, expire: expireSeconds } };
  }

  private botInfo(): LarkReply {
    const bot = {
      activate_status: 2,
      app_name: this.options.botName ?? larkFixture.botName,
      avatar_url: '',
      ip_white_list: [],
      open_id: this.botOpenId,
    };
    return { status: 200, body: { code: 0, msg: 'ok', bot } };
  }

  // ── messages ────────────────────────────────────────────────────────

  private createMessage(ctx: RouteContext): LarkReply {
    const receiveIdType = ctx.req.query.receive_id_type ?? '';
    if (!RECEIVE_ID_TYPES.has(receiveIdType))
      return fieldViolation('receive_id_type', `receive_id_type is invalid: ${receiveIdType || '(missing)'}`);
    const body = ctx.req.body;
    const receiveId = stringAt(body, 'receive_id');
    if (!receiveId) return fieldViolation('receive_id', 'receive_id is required');
    const msgType = stringAt(body, 'msg_type');
    if (!msgType) return fieldViolation('msg_type', 'msg_type is required');
    const content = checkContent(body, msgType);
    if (!content.ok) return content.reply;
    const refused = msgType === 'interactive' ? checkCard(content.parsed) : undefined;
    if (refused) return refused;
    const uuid = optionalUuid(body);
    if (typeof uuid !== 'string' && uuid !== undefined) return uuid;
    const duplicate = this.duplicate(uuid);
    if (duplicate) return ok(duplicate);
    const chatId = this.chatFor(receiveIdType, receiveId);
    const undeliverable = this.delivery.refuseSend(chatId, receiveIdType === 'open_id' ? receiveId : null);
    if (undeliverable) return undeliverable;
    const fields: MessageFields = { kind: 'create', chat_id: chatId, msg_type: msgType };
    Object.assign(
      fields,
      { receive_id_type: receiveIdType, receive_id: receiveId },
      uuid === undefined ? {} : { uuid },
    );
    return ok(this.send(fields, content));
  }

  private replyMessage(ctx: RouteContext): LarkReply {
    const parentId = ctx.params.id ?? '';
    const body = ctx.req.body;
    const msgType = stringAt(body, 'msg_type');
    if (!msgType) return fieldViolation('msg_type', 'msg_type is required');
    const content = checkContent(body, msgType);
    if (!content.ok) return content.reply;
    const refused = msgType === 'interactive' ? checkCard(content.parsed) : undefined;
    if (refused) return refused;
    const uuid = optionalUuid(body);
    if (typeof uuid !== 'string' && uuid !== undefined) return uuid;
    const duplicate = this.duplicate(uuid);
    if (duplicate) return ok(duplicate);
    const parent = this.byId.get(parentId);
    const fields: MessageFields = {
      kind: 'reply',
      // Users' messages (from events) are unknown here; their replies get a stable stand-in chat.
      chat_id: parent?.chat_id ?? p2pChatIdFor(`message:${parentId}`),
      reply_to: parentId,
      root_id: parent?.root_id ?? parentId,
      reply_in_thread: isRecord(body) && body.reply_in_thread === true,
      msg_type: msgType,
    };
    if (uuid !== undefined) fields.uuid = uuid;
    const undeliverable = this.delivery.refuseSend(fields.chat_id, null);
    if (undeliverable) return undeliverable;
    return ok(this.send(fields, content));
  }

  private patchMessage(ctx: RouteContext): LarkReply {
    const messageId = ctx.params.id ?? '';
    const stored = this.byId.get(messageId);
    if (!stored)
      return larkError(400, 230001, `invalid message_id: ${messageId} was not sent through the fake`);
    if (stored.msg_type !== 'interactive') return larkError(400, 230001, 'only card messages can be patched');
    if (expired(stored)) return cardExpired();
    const content = checkContent(ctx.req.body, 'interactive');
    if (!content.ok) return content.reply;
    const refused = checkCardUpdate(stored.content, content.parsed);
    if (refused) return refused;
    stored.content = content.parsed;
    this.patchLog.push({ message_id: messageId, content: content.parsed, at: Date.now() });
    return ok({});
  }

  private urgent(ctx: RouteContext): LarkReply {
    const kind = ctx.params.kind === 'sms' ? 'sms' : ctx.params.kind === 'phone' ? 'phone' : 'app';
    return this.delivery.urgent(ctx.req, ctx.params.id ?? '', kind, (id) => {
      const sent = this.sent.find((m) => m.message_id === id);
      if (sent) {
        const person = sent.receive_id_type === 'open_id' ? (sent.receive_id ?? null) : null;
        return { chatId: sent.chat_id, byBot: true, person };
      }
      const theirs = this.byId.get(id);
      return theirs ? { chatId: theirs.chat_id, byBot: false, person: null } : undefined;
    });
  }

  private updateCard(ctx: RouteContext): LarkReply {
    const token = stringAt(ctx.req.body, 'token');
    if (!token) return fieldViolation('token', 'token is required');
    const card = isRecord(ctx.req.body) ? ctx.req.body.card : undefined;
    if (!isRecord(card)) return fieldViolation('card', 'card must be an object');
    if (Buffer.byteLength(JSON.stringify(card)) > 30 * KB) return tooLong();
    const refused = this.applyTokenUpdate(token, card);
    if (refused) return refused;
    this.cardUpdateLog.push({ token, card, at: Date.now() });
    return { status: 200, body: { code: 0, msg: 'success' } };
  }

  /** A token the sandbox registered updates its card: 30 minutes, at most twice (the callback doc). */
  private applyTokenUpdate(token: string, card: unknown): LarkReply | undefined {
    const grant = this.cardTokens.get(token);
    if (!grant) return checkCard(card);
    if (grant.uses >= 2 || Date.now() - grant.at > 30 * 60_000)
      return larkError(400, 200750, 'card update token expired or used up');
    const stored = this.byId.get(grant.messageId);
    const refused = checkCardUpdate(stored?.content, card);
    if (refused || !stored) return refused;
    grant.uses += 1;
    stored.content = card;
    this.patchLog.push({ message_id: grant.messageId, content: card, at: Date.now() });
    return undefined;
  }

  private duplicate(uuid: string | undefined): Record<string, unknown> | undefined {
    if (uuid === undefined) return undefined;
    const earlier = this.byUuid.get(uuid);
    return earlier && Date.now() - earlier.at < UUID_WINDOW_MS ? earlier.data : undefined;
  }

  /** Records a new message and returns the response `data`; a uuid makes later repeats return it. */
  private send(fields: MessageFields, content: { raw: string; parsed: unknown }): Record<string, unknown> {
    const message: SentMessage = {
      ...fields,
      message_id: randomLarkId('om'),
      content: content.parsed,
      raw_content: content.raw,
      at: Date.now(),
    };
    this.sent.push(message);
    this.store(message, content.parsed);
    const data = this.responseData(message);
    if (message.uuid !== undefined) this.byUuid.set(message.uuid, { data, at: message.at });
    return data;
  }

  /** Shaped like open_api/im.v1.messages.create.response.json (and reply.response.json). */
  private responseData(message: SentMessage): Record<string, unknown> {
    const time = String(message.at);
    const data: Record<string, unknown> = { message_id: message.message_id };
    if (message.kind === 'reply') {
      data.root_id = message.root_id;
      data.parent_id = message.reply_to;
      if (message.reply_in_thread) data.thread_id = randomLarkId('omt');
    }
    Object.assign(data, {
      msg_type: message.msg_type,
      create_time: time,
      update_time: time,
      deleted: false,
      updated: false,
      chat_id: message.chat_id,
      sender: { id: this.appId, id_type: 'app_id', sender_type: 'app', tenant_key: this.tenantKey },
      body: { content: message.msg_type === 'interactive' ? CARD_PLACEHOLDER : message.raw_content },
    });
    return data;
  }

  /** Groups are their chat_id; a user maps to one stable p2p chat whichever id type names them. */
  private chatFor(receiveIdType: string | undefined, receiveId: string | undefined): string {
    if (receiveId === undefined) return 'unknown';
    if (receiveIdType === 'chat_id') return receiveId;
    if (receiveIdType === 'open_id') return p2pChatIdFor(receiveId);
    const openId = this.findUser(receiveIdType ?? '', receiveId)?.[0];
    return p2pChatIdFor(openId ?? `${receiveIdType}:${receiveId}`);
  }

  // ── reading what users sent ─────────────────────────────────────────

  /** A merged forward answers with itself and every message nested in it, at any depth, in one list. */
  private getMessage(ctx: RouteContext): LarkReply {
    const root = this.received.get(ctx.params.id ?? '');
    if (!root) return larkError(400, 230001, `invalid message_id: ${ctx.params.id}`);
    if (root.deleted) return larkError(400, 230110, 'Action unavailable as the message has been deleted.');
    const items = [root];
    for (let i = 0; i < items.length; i++) {
      const parent = items[i];
      if (parent?.msg_type !== 'merge_forward') continue;
      for (const m of this.received.values()) if (m.upper_message_id === parent.message_id) items.push(m);
    }
    return ok({ items: items.map((m) => this.messageView(m)) });
  }

  private messageView(m: ReceivedMessage): Record<string, unknown> {
    const time = String(m.create_time ?? Date.now());
    const view: Record<string, unknown> = {
      message_id: m.message_id,
      msg_type: m.msg_type,
      create_time: time,
      update_time: time,
      deleted: m.deleted ?? false,
      updated: false,
      chat_id: m.chat_id ?? p2pChatIdFor(m.sender_open_id),
      sender: { id: m.sender_open_id, id_type: 'open_id', sender_type: 'user', tenant_key: this.tenantKey },
      body: { content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content) },
      mentions: [],
    };
    if (m.upper_message_id !== undefined) view.upper_message_id = m.upper_message_id;
    return view;
  }

  /** Feishu refuses resources inside merged forwards (and of the forward itself or a card) with 234043. */
  private getResource(ctx: RouteContext): LarkReply {
    const type = ctx.req.query.type;
    if (type !== 'file' && type !== 'image') return larkError(400, 234001, 'Invalid request param.');
    const message = this.received.get(ctx.params.id ?? '');
    if (!message) return larkError(400, 234003, 'File not in msg.');
    if (message.deleted) return larkError(400, 230110, 'Action unavailable as the message has been deleted.');
    if (
      message.upper_message_id !== undefined ||
      ['merge_forward', 'interactive', 'sticker'].includes(message.msg_type)
    )
      return larkError(400, 234043, 'Unsupported message type.');
    const found = this.resources.get(`${message.message_id}/${ctx.params.key}`);
    if (!found) return larkError(400, 234003, 'File not in msg.');
    return { status: 200, body: found.bytes, headers: { 'content-type': found.contentType } };
  }

  // ── files and contacts ──────────────────────────────────────────────

  private upload(ctx: RouteContext): LarkReply {
    const parts = ctx.body.parts;
    if (!parts) return fieldViolation('file', 'expected multipart/form-data');
    const field = (name: string) => parts.find((p) => p.name === name);
    const fileType = field('file_type')?.data.toString('utf8') ?? '';
    const fileName = field('file_name')?.data.toString('utf8') ?? '';
    const file = field('file');
    if (!FILE_TYPES.has(fileType)) return fieldViolation('file_type', `file_type is invalid: ${fileType}`);
    if (!fileName) return fieldViolation('file_name', 'file_name is required');
    if (!file || file.data.length === 0)
      return fieldViolation('file', 'file is required and must not be empty');
    if (file.data.length > 30 * KB * KB) return fieldViolation('file', 'file must not exceed 30 MB');
    const upload: UploadedFile = {
      file_key: `file_v3_00${randomHex(2)}_${randomUUID()}g`,
      file_type: fileType,
      file_name: fileName,
      size: file.data.length,
      bytes: file.data,
      at: Date.now(),
    };
    if (file.filename !== undefined) upload.part_filename = file.filename;
    this.uploadLog.push(upload);
    return ok({ file_key: upload.file_key });
  }

  private getUser(ctx: RouteContext): LarkReply {
    const found = this.findUser(ctx.req.query.user_id_type ?? 'open_id', ctx.params.id ?? '');
    if (!found) return larkError(400, 41050, 'no user authority error');
    return ok({ user: userView(found[0], found[1]) });
  }

  private batchGetId(ctx: RouteContext): LarkReply {
    const idType = ctx.req.query.user_id_type ?? 'open_id';
    const emails = stringListAt(ctx.req.body, 'emails') ?? [];
    const mobiles = stringListAt(ctx.req.body, 'mobiles') ?? [];
    // Feishu takes at most 50 of each per call.
    if (emails.length > 50) return fieldViolation('emails', 'emails must not exceed 50');
    if (mobiles.length > 50) return fieldViolation('mobiles', 'mobiles must not exceed 50');
    const withResigned = isRecord(ctx.req.body) && ctx.req.body.include_resigned === true;
    const lookup = (key: 'email' | 'mobile', value: string) => {
      const hit = this.findUser(key, value);
      const resigned = hit?.[1].status?.is_resigned === true;
      // A resigned user is answered as unknown unless the caller asks for them (include_resigned).
      const userId = hit && (!resigned || withResigned) ? idOf(hit[0], hit[1], idType) : undefined;
      if (userId === undefined || !hit) return { [key]: value };
      const status = {
        is_frozen: false,
        is_resigned: false,
        is_activated: true,
        is_exited: false,
        is_unjoin: false,
        ...hit[1].status,
      };
      return { user_id: userId, [key]: value, status };
    };
    const userList = [...emails.map((e) => lookup('email', e)), ...mobiles.map((m) => lookup('mobile', m))];
    return ok({ user_list: userList });
  }

  private findUser(idType: string, id: string): [string, EmulatedUser] | undefined {
    for (const [openId, user] of this.users) {
      if (idOf(openId, user, idType) === id) return [openId, user];
    }
    return undefined;
  }
}

function idOf(openId: string, user: EmulatedUser, idType: string): string | undefined {
  if (idType === 'open_id') return openId;
  if (idType === 'union_id' || idType === 'user_id' || idType === 'email' || idType === 'mobile')
    return user[idType];
  return undefined;
}

function userView(openId: string, user: EmulatedUser): Record<string, unknown> {
  return Object.fromEntries(Object.entries({ open_id: openId, ...user }).filter(([, v]) => v !== undefined));
}

/** Token endpoint failures come back as HTTP 200 with code ≠ 0. */
function ok200(code: number, msg: string): LarkReply {
  return { status: 200, body: { code, msg } };
}

function tooLong(): LarkReply {
  return larkError(400, 230025, 'The length of the message content reaches its limit.');
}

/** A card past Feishu's 14-day update window (reference/feishu-cards.md §1). */
const expired = (stored: StoredMessage): boolean => Date.now() - stored.at > FEISHU_CARD_WINDOW_MS;
/** The code is unverified (see CARD_EXPIRED_CODE); the 14-day rule itself is documented. */
const cardExpired = (): LarkReply =>
  larkError(
    400,
    CARD_EXPIRED_CODE,
    'the message was sent more than 14 days ago and can no longer be updated',
  );

function checkContent(body: unknown, msgType: string): ContentCheck {
  const raw = isRecord(body) ? body.content : undefined;
  if (typeof raw !== 'string') {
    return { ok: false, reply: fieldViolation('content', 'content must be a JSON-encoded string') };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, reply: larkError(400, 230001, 'invalid content: not a JSON string') };
  }
  const limit = msgType === 'text' ? 150 * KB : 30 * KB;
  if (Buffer.byteLength(raw) > limit) return { ok: false, reply: tooLong() };
  return { ok: true, raw, parsed };
}

/** The uuid, undefined when absent, or the error reply. */
function optionalUuid(body: unknown): string | undefined | LarkReply {
  const uuid = isRecord(body) ? body.uuid : undefined;
  if (uuid === undefined || uuid === '') return undefined;
  if (typeof uuid !== 'string' || uuid.length > 50)
    return fieldViolation('uuid', 'uuid must be ≤ 50 characters');
  return uuid;
}

export async function startLarkEmulator(options: LarkEmulatorOptions = {}): Promise<LarkEmulator> {
  const fake = new LarkEmulatorServer(options);
  await fake.listen();
  return fake;
}

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

function contentTypeOf(fileName: string): string {
  const ext = fileName.split('.').pop()?.toLowerCase() ?? '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}
