import type * as Lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../lib/logger.ts';
import { errorForLog, scrubSecrets } from '../lib/logger.ts';
import type { Result } from '../lib/result.ts';
import { err, ok } from '../lib/result.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { noMetrics } from '../metrics/metrics.ts';
import { type BaseApi, createBaseApi } from './base.ts';
import { type ContactApi, createContactApi } from './contact.ts';
import { createDocsApi, type DocsApi } from './docs.ts';
import type { SendFailure } from './errors.ts';
import { classifyLarkError } from './errors.ts';
import type { Download, FetchedMessage, FetchFailure } from './fetch.ts';
import { downloadResource, getMessage } from './fetch.ts';

export type { SendFailure };

export type UrgentChannel = 'app' | 'sms' | 'phone';

export type OutboundMessage = {
  receiveIdType: 'open_id' | 'chat_id';
  receiveId: string;
  /** Reply in the thread of this message instead of starting a new one. */
  replyTo: string | null;
  msgType: string;
  /** The JSON string Feishu expects in `content`. */
  content: string;
  /** Feishu sends at most one message per uuid within an hour. */
  uuid: string;
};

export type LarkApi = {
  send(msg: OutboundMessage): Promise<Result<{ messageId: string }, SendFailure>>;
  patchCard(messageId: string, card: object): Promise<Result<null, SendFailure>>;
  /**
   * 加急 a message the bot sent for these people (open_ids); answers with those Feishu refused
   * (not in the chat). Needs im:message.urgent (sms/phone: im:message.urgent:sms/:phone).
   */
  urgent(
    kind: UrgentChannel,
    messageId: string,
    openIds: readonly string[],
  ): Promise<Result<{ invalid: string[] }, SendFailure>>;
  botOpenId(): Promise<string | null>;
  uploadFile(
    fileName: string,
    bytes: Buffer,
    fileType: 'xls' | 'doc' | 'stream',
  ): Promise<Result<{ fileKey: string }, SendFailure>>;
  /** A message as the bot may read it; a merged forward comes with all its sub-messages. */
  getMessage(messageId: string): Promise<Result<FetchedMessage[], SendFailure>>;
  /** A user's file or image in a message; `too_large` past `maxBytes`. */
  downloadResource(
    messageId: string,
    fileKey: string,
    type: 'file' | 'image',
    maxBytes: number,
  ): Promise<Result<Download, FetchFailure>>;
  /** 多维表格 records and fields (the live 台账). */
  base: BaseApi;
  /** Feishu documents (the written 专报). */
  docs: DocsApi;
  /** open_ids by mobile or email (the directory import). */
  contact: ContactApi;
};

/** Runs one SDK call on the app's client, with the token retry and error classification of `call`. */
export type SdkInvoke = <R extends SdkReply>(
  fn: (client: Lark.Client) => Promise<R>,
) => Promise<Result<R, SendFailure>>;

export type LarkSettings = {
  appId?: string | undefined;
  appSecret?: string | undefined;
  domain: string;
  /** Through a proxy (proxy.ts); the SDK's default instance otherwise. */
  httpInstance?: Lark.HttpInstance | undefined;
};

const TOKEN_CODES = new Set([99991661, 99991663, 99991664]);

/** The SDK logs whole request configs (a token request's body holds app_secret): keep what went wrong only. */
const sdkLine = (m: unknown[]) =>
  m.flat(2).map((x) => (typeof x === 'string' ? scrubSecrets(x) : errorForLog(x)));

const silentSdkLogger = (logger: Logger) => ({
  error: (...m: unknown[]) => logger.debug({ sdk: sdkLine(m) }, 'lark sdk error'),
  warn: (...m: unknown[]) => logger.debug({ sdk: sdkLine(m) }, 'lark sdk warn'),
  info: () => {},
  debug: () => {},
  trace: () => {},
});

export type SdkReply = { code?: number; msg?: string; data?: Record<string, unknown> };

export function createLarkApi(
  settings: LarkSettings,
  logger: Logger,
  metrics: Pick<Metrics, 'feishuRateLimited'> = noMetrics,
): LarkApi {
  const { appId, appSecret } = settings;
  if (!appId || !appSecret) return unconfiguredLarkApi();
  const namespace: string = appId;
  // The SDK is a 6 MB module (about 70 MB resident): loaded on the first call, so a process that
  // sends nothing (the webhook under load, an idle server) never carries it.
  let sdk: Promise<{ lark: typeof Lark; client: Lark.Client; cache: Lark.Cache }> | null = null;
  const loadSdk = () => {
    sdk ??= import('@larksuiteoapi/node-sdk').then((lark) => {
      // The SDK's axios instance has no timeout of its own; a hung request would hold a send slot forever.
      lark.defaultHttpInstance.defaults.timeout = 15_000;
      const cache = new lark.DefaultCache();
      const client = new lark.Client({
        appId,
        appSecret,
        domain: settings.domain,
        cache,
        logger: silentSdkLogger(logger),
        ...(settings.httpInstance && { httpInstance: settings.httpInstance }),
      });
      return { lark, client, cache };
    });
    return sdk;
  };
  let botId: string | null = null;

  /** Runs a call; on an invalid tenant token drops the cached one and tries once more (the SDK never does). */
  async function call<R extends SdkReply>(
    fn: (client: Lark.Client) => Promise<R>,
  ): Promise<Result<R, SendFailure>> {
    const { lark, client, cache } = await loadSdk();
    for (let attempt = 0; ; attempt++) {
      let failure: SendFailure;
      try {
        const reply = await fn(client);
        if ((reply.code ?? 0) === 0) return ok(reply);
        failure = classifyLarkError({ status: 200, code: reply.code, msg: reply.msg });
      } catch (e) {
        failure = classifyLarkError(e);
      }
      if (failure.kind === 'rate_limited') metrics.feishuRateLimited(failure.scope);
      if (attempt === 0 && failure.code !== undefined && TOKEN_CODES.has(failure.code)) {
        // An expiry in the past makes the cache answer undefined, so the SDK fetches a new token.
        await cache.set(lark.CTenantAccessToken, '', 1, { namespace });
        continue;
      }
      return err(failure);
    }
  }

  const invoke: SdkInvoke = (fn) => call(fn);
  return {
    base: createBaseApi(invoke),
    docs: createDocsApi(invoke),
    contact: createContactApi(invoke),
    async send(msg) {
      const data = { msg_type: msg.msgType, content: msg.content, uuid: msg.uuid };
      const res = await call((client) =>
        msg.replyTo
          ? client.im.v1.message.reply({ path: { message_id: msg.replyTo }, data })
          : client.im.v1.message.create({
              params: { receive_id_type: msg.receiveIdType },
              data: { ...data, receive_id: msg.receiveId },
            }),
      );
      if (!res.ok) return res;
      const messageId = res.value.data?.message_id;
      return typeof messageId === 'string'
        ? ok({ messageId })
        : err({ kind: 'retryable', message: 'send answered without message_id' });
    },
    async patchCard(messageId, card) {
      const res = await call((client) =>
        client.im.v1.message.patch({
          path: { message_id: messageId },
          data: { content: JSON.stringify(card) },
        }),
      );
      return res.ok ? ok(null) : res;
    },
    async urgent(kind, messageId, openIds) {
      const payload = {
        path: { message_id: messageId },
        params: { user_id_type: 'open_id' as const },
        data: { user_id_list: [...openIds] },
      };
      const res = await call((client) => {
        const message = client.im.v1.message;
        if (kind === 'sms') return message.urgentSms(payload);
        if (kind === 'phone') return message.urgentPhone(payload);
        return message.urgentApp(payload);
      });
      if (!res.ok) return res;
      const invalid = res.value.data?.invalid_user_id_list;
      return ok({ invalid: Array.isArray(invalid) ? invalid.filter((x) => typeof x === 'string') : [] });
    },
    async botOpenId() {
      if (botId) return botId;
      const res = await call((client) => client.request({ method: 'GET', url: '/open-apis/bot/v3/info' }));
      const bot = res.ok ? (res.value as { bot?: { open_id?: unknown } }).bot : undefined;
      if (typeof bot?.open_id === 'string') botId = bot.open_id;
      else
        logger.warn(
          { err: res.ok ? 'no bot in answer' : res.error.message },
          'could not read the bot identity',
        );
      return botId;
    },
    async uploadFile(fileName, bytes, fileType) {
      const res = await call(async (client) => {
        const reply = await client.im.v1.file.create({
          data: { file_type: fileType, file_name: fileName, file: bytes },
        });
        return { code: 0, data: reply ?? {} };
      });
      if (!res.ok) return res;
      const fileKey = res.value.data?.file_key;
      return typeof fileKey === 'string'
        ? ok({ fileKey })
        : err({ kind: 'permanent', message: 'upload answered without file_key' });
    },
    async getMessage(messageId) {
      const { client } = await loadSdk();
      return getMessage(client, (fn) => call(fn), messageId);
    },
    async downloadResource(messageId, fileKey, type, maxBytes) {
      const { lark, client, cache } = await loadSdk();
      const res = await downloadResource(client, messageId, fileKey, type, maxBytes);
      if (res.ok || res.error.code === undefined || !TOKEN_CODES.has(res.error.code)) return res;
      await cache.set(lark.CTenantAccessToken, '', 1, { namespace });
      return downloadResource(client, messageId, fileKey, type, maxBytes);
    },
  };
}

function unconfiguredLarkApi(): LarkApi {
  const failure: SendFailure = {
    kind: 'not_configured',
    message: 'LARK_APP_ID and LARK_APP_SECRET are not set',
  };
  const invoke: SdkInvoke = async () => err(failure);
  return {
    base: createBaseApi(invoke),
    docs: createDocsApi(invoke),
    contact: createContactApi(invoke),
    send: async () => err(failure),
    patchCard: async () => err(failure),
    urgent: async () => err(failure),
    botOpenId: async () => null,
    uploadFile: async () => err(failure),
    getMessage: async () => err(failure),
    downloadResource: async () => err(failure),
  };
}
