import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorClient } from '../../src/lark/emulator/client.ts';
import { createEmulatorClient, silentLarkLogger } from '../../src/lark/emulator/client.ts';
import type { LarkEmulator } from '../../src/lark/emulator/server.ts';
import { startLarkEmulator } from '../../src/lark/emulator/server.ts';
import {
  botAddedEvent,
  cardActionEvent,
  decryptBody,
  encryptBody,
  fixtureSecrets,
  larkFixture,
  larkSignature,
  messageEvent,
  sdkInvokeData,
  signedRequest,
  urlVerification,
} from '../support/lark-requests.ts';

const FIXTURES = '/work/shared/fixtures/lark';
const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';
const { zhangsan, lisi } = larkFixture.users;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

async function fixture(name: string): Promise<unknown> {
  return JSON.parse(await readFile(join(FIXTURES, name), 'utf8'));
}

/** The HTTP answer inside an SDK error (axios throws on any non-2xx). */
function responseOf(error: unknown): { status: number; data: unknown; headers: unknown } | undefined {
  if (typeof error !== 'object' || error === null || !('response' in error)) return undefined;
  const response: unknown = error.response;
  if (typeof response !== 'object' || response === null) return undefined;
  if (!('status' in response) || typeof response.status !== 'number') return undefined;
  return {
    status: response.status,
    data: 'data' in response ? response.data : undefined,
    headers: 'headers' in response ? response.headers : undefined,
  };
}

function sendText(client: lark.Client, chatId: string, text: string, uuid?: string) {
  return client.im.v1.message.create({
    params: { receive_id_type: 'chat_id' },
    data: {
      receive_id: chatId,
      msg_type: 'text',
      content: JSON.stringify({ text }),
      ...(uuid ? { uuid } : {}),
    },
  });
}

function card(title: string, padding = ''): string {
  return JSON.stringify({
    schema: '2.0',
    config: { update_multi: true },
    header: { title: { tag: 'plain_text', content: title } },
    body: { elements: [{ tag: 'markdown', content: `状态：${title}${padding}` }] },
  });
}

/** Replaces what differs run to run (ids, times) so builder output can be compared with fixtures. */
function shapeOf(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) =>
    ['event_id', 'create_time', 'update_time', 'token', 'message_id'].includes(key) && typeof v === 'string'
      ? `<${key}:${v.length}>`
      : v,
  );
}

describe('fake Feishu Open API through the real SDK', () => {
  let fake: LarkEmulator;
  let sdk: EmulatorClient;

  beforeAll(async () => {
    fake = await startLarkEmulator({
      users: { [zhangsan]: { name: '张三', email: 'zhangsan@example.gov.cn' } },
    });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    sdk = createEmulatorClient(fake);
  });

  it('fetches the tenant token once and reuses it', async () => {
    const info = await sdk.client.request({ method: 'GET', url: '/open-apis/bot/v3/info' });
    await sendText(sdk.client, larkFixture.groupChatId, '一');
    await sendText(sdk.client, larkFixture.groupChatId, '二');

    expect(info).toMatchObject({ code: 0, bot: { open_id: fake.botOpenId, app_name: '督查督办助手' } });
    const tokenCalls = fake.requests.filter((r) => r.path === TOKEN_PATH);
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]?.body).toEqual({ app_id: fake.appId, app_secret: fake.appSecret });
    const apiCalls = fake.requests.filter((r) => r.path !== TOKEN_PATH);
    expect(new Set(apiCalls.map((r) => r.headers.authorization)).size).toBe(1);
    expect(apiCalls[0]?.headers.authorization).toMatch(/^Bearer t-/);
  });

  it('records create, reply and patch with parsed content', async () => {
    const created = await sdk.client.im.v1.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: larkFixture.groupChatId, msg_type: 'interactive', content: card('待签收') },
    });
    const cardId = created.data?.message_id ?? '';
    const replied = await sdk.client.im.v1.message.reply({
      path: { message_id: cardId },
      data: { msg_type: 'text', content: JSON.stringify({ text: '已提醒承办人' }) },
    });
    const patched = await sdk.client.im.v1.message.patch({
      path: { message_id: cardId },
      data: { content: card('已签收') },
    });

    expect(created).toMatchObject({ code: 0, msg: 'success', data: { chat_id: larkFixture.groupChatId } });
    expect(cardId).toMatch(/^om_[0-9a-f]{32}$/);
    expect(replied.data).toMatchObject({
      root_id: cardId,
      parent_id: cardId,
      chat_id: larkFixture.groupChatId,
    });
    expect(patched).toEqual({ code: 0, msg: 'success', data: {} });
    const [sentCard, sentReply] = fake.messages();
    expect(sentCard).toMatchObject({
      kind: 'create',
      message_id: cardId,
      receive_id_type: 'chat_id',
      receive_id: larkFixture.groupChatId,
      msg_type: 'interactive',
      content: { header: { title: { content: '待签收' } } },
    });
    expect(sentReply).toMatchObject({ kind: 'reply', reply_to: cardId, content: { text: '已提醒承办人' } });
    expect(fake.patches()).toMatchObject([
      { message_id: cardId, content: { header: { title: { content: '已签收' } } } },
    ]);
    expect(fake.latestContent(cardId)).toMatchObject({ header: { title: { content: '已签收' } } });
  });

  it('sends to a user in one stable p2p chat', async () => {
    const first = await sdk.client.im.v1.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: lisi, msg_type: 'text', content: JSON.stringify({ text: '您有新的督办事项' }) },
    });
    const event = messageEvent({ senderOpenId: lisi, text: '我的督办' });
    expect(first.data?.chat_id).toBe(event.event.message.chat_id);
  });

  it('replies to a user message known only from an event, in a thread if asked', async () => {
    const incoming = messageEvent({ senderOpenId: zhangsan, chatType: 'group', text: '@_user_1 督办 列表' });
    const messageId = incoming.event.message.message_id;
    const replied = await sdk.client.im.v1.message.reply({
      path: { message_id: messageId },
      data: { msg_type: 'text', content: JSON.stringify({ text: '在办 3 项' }), reply_in_thread: true },
    });

    expect(replied.data).toMatchObject({ parent_id: messageId, root_id: messageId });
    expect(replied.data?.thread_id).toMatch(/^omt_/);
    expect(fake.messages()).toMatchObject([{ kind: 'reply', reply_to: messageId, reply_in_thread: true }]);
  });

  it('dedupes by uuid: same message_id, one recorded message', async () => {
    const a = await sendText(sdk.client, larkFixture.groupChatId, '催办', 'remind-2026-017-d1');
    const b = await sendText(sdk.client, larkFixture.groupChatId, '催办', 'remind-2026-017-d1');
    const c = await sendText(sdk.client, larkFixture.groupChatId, '催办', 'remind-2026-017-d2');

    expect(b.data?.message_id).toBe(a.data?.message_id);
    expect(c.data?.message_id).not.toBe(a.data?.message_id);
    expect(fake.messages().map((m) => m.uuid)).toEqual(['remind-2026-017-d1', 'remind-2026-017-d2']);
  });

  it('surfaces an injected 429 as an AxiosError with the reset header', async () => {
    fake.failNext((r) => r.path === '/open-apis/im/v1/messages', {
      status: 429,
      body: { code: 99991400, msg: 'request trigger frequency limit' },
      headers: { 'x-ogw-ratelimit-limit': '100', 'x-ogw-ratelimit-reset': '52' },
    });

    const error = await sendText(sdk.client, larkFixture.groupChatId, '一').catch((e: unknown) => e);
    const retried = await sendText(sdk.client, larkFixture.groupChatId, '一');

    expect(error).toMatchObject({ name: 'AxiosError', isAxiosError: true });
    const response = responseOf(error);
    expect(response?.status).toBe(429);
    expect(response?.data).toEqual({ code: 99991400, msg: 'request trigger frequency limit' });
    expect(response?.headers).toMatchObject({ 'x-ogw-ratelimit-reset': '52' });
    expect(retried.code).toBe(0);
    expect(fake.messages()).toHaveLength(1);
  });

  it('resolves (does not throw) when Feishu answers HTTP 200 with a non-zero code', async () => {
    fake.failNext((r) => r.path === '/open-apis/im/v1/messages', {
      status: 200,
      body: { code: 230002, msg: 'Bot/User can NOT be out of the chat.' },
    });
    const answer = await sendText(sdk.client, larkFixture.groupChatId, '一');
    expect(answer).toEqual({ code: 230002, msg: 'Bot/User can NOT be out of the chat.' });
  });

  it('answers 99991663 after expireTokens until the cached token is dropped', async () => {
    await sendText(sdk.client, larkFixture.groupChatId, '一');
    fake.expireTokens();

    const error = await sendText(sdk.client, larkFixture.groupChatId, '二').catch((e: unknown) => e);
    expect(responseOf(error)).toMatchObject({ status: 400, data: { code: 99991663 } });
    // The SDK keeps using the cached token; only dropping it makes it fetch a new one.
    const stillCached = await sendText(sdk.client, larkFixture.groupChatId, '二').catch((e: unknown) => e);
    expect(responseOf(stillCached)?.status).toBe(400);

    await sdk.cache.set(lark.CTenantAccessToken, undefined, 0, { namespace: fake.appId });
    const retried = await sendText(sdk.client, larkFixture.groupChatId, '二');

    expect(retried.code).toBe(0);
    const tokens = fake.requests.filter((r) => r.path !== TOKEN_PATH).map((r) => r.headers.authorization);
    expect(new Set(tokens).size).toBe(2);
    expect(fake.requests.filter((r) => r.path === TOKEN_PATH)).toHaveLength(2);
  });

  it('rejects calls without a token (99991661) and a wrong app secret (10015)', async () => {
    const res = await fetch(`${fake.url}/open-apis/bot/v3/info`);
    const wrong = createEmulatorClient({ url: fake.url, appId: fake.appId, appSecret: 'nope' });
    const error = await sendText(wrong.client, larkFixture.groupChatId, '一').catch((e: unknown) => e);

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 99991661 });
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/tenant_access_token/);
    expect(fake.requests.find((r) => r.path === TOKEN_PATH)?.status).toBe(200);
  });

  it('uploads a Buffer and a stream through the SDK and keeps the bytes', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('督办台账').addRow(['编号', '事项', '状态']);
    workbook.getWorksheet('督办台账')?.addRow(['2026-017', '防汛物资检查', '推进中']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const dir = await mkdtemp(join(tmpdir(), 'fake-lark-'));
    await writeFile(join(dir, 'notes.txt'), 'line 1\r\n--not-a-boundary\r\n');

    try {
      const fromBuffer = await sdk.client.im.v1.file.create({
        data: { file_type: 'xls', file_name: '督办台账 2026-06.xlsx', file: xlsx },
      });
      const fromStream = await sdk.client.im.v1.file.create({
        data: { file_type: 'stream', file_name: 'notes.txt', file: createReadStream(join(dir, 'notes.txt')) },
      });

      // file.create resolves to body.data, unlike message.create which resolves to the whole body.
      expect(fromBuffer?.file_key).toMatch(/^file_v3_/);
      const [xls, txt] = fake.uploads();
      expect(xls).toMatchObject({
        file_key: fromBuffer?.file_key,
        file_type: 'xls',
        file_name: '督办台账 2026-06.xlsx',
      });
      expect(xls?.size).toBe(xlsx.length);
      expect(xls?.part_filename).toBeUndefined();
      const reopened = new ExcelJS.Workbook();
      // exceljs declares its own ArrayBuffer-like `Buffer`; a plain ArrayBuffer copy satisfies it.
      await reopened.xlsx.load(new Uint8Array(xls?.bytes ?? []).buffer);
      expect(reopened.getWorksheet('督办台账')?.getRow(2).getCell(2).value).toBe('防汛物资检查');
      expect(txt).toMatchObject({ file_key: fromStream?.file_key, part_filename: 'notes.txt' });
      expect(txt?.bytes.toString()).toBe('line 1\r\n--not-a-boundary\r\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('limits one receiver to N per second with 429s that are not recorded as messages', async () => {
    fake.setRateLimit({ perReceiverPerSecond: 5 });
    const results = [];
    for (let i = 0; i < 7; i++) {
      results.push(await sendText(sdk.client, larkFixture.groupChatId, `第${i}条`).catch((e: unknown) => e));
    }
    const other = await sendText(sdk.client, 'oc_other_group_xxxxxxxxxxxxxxxxxxxx', '别的群');

    const statuses = results.map((r) => responseOf(r)?.status ?? 200);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(responseOf(results[5])).toMatchObject({
      data: { code: 99991400, msg: 'request trigger frequency limit' },
      headers: { 'x-ogw-ratelimit-reset': '1', 'x-ogw-ratelimit-limit': '5' },
    });
    expect(other.code).toBe(0);
    expect(fake.messages()).toHaveLength(6);
    expect(fake.requests.filter((r) => r.status === 429)).toHaveLength(2);
  });

  it('limits the whole app too', async () => {
    fake.setRateLimit({ appPerSecond: 3, perReceiverPerSecond: 100 });
    const sends = ['oc_a', 'oc_b', 'oc_c', 'oc_d'].map((chat) =>
      sendText(sdk.client, chat, '通知').catch((e: unknown) => e),
    );
    const statuses = (await Promise.all(sends)).map((r) => responseOf(r)?.status ?? 200);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
  });

  it('validates message content like Feishu', async () => {
    const bigCard = card('超长', 'x'.repeat(31 * 1024));
    const attempts = [
      sdk.client.im.v1.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: larkFixture.groupChatId, msg_type: 'interactive', content: bigCard },
      }),
      sdk.client.im.v1.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: '', msg_type: 'text', content: '{"text":"x"}' },
      }),
      sdk.client.request({
        method: 'POST',
        url: '/open-apis/im/v1/messages',
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: larkFixture.groupChatId, msg_type: 'text', content: { text: 'not a string' } },
      }),
      sdk.client.im.v1.message.patch({ path: { message_id: 'om_unknown' }, data: { content: card('x') } }),
    ];
    const codes = await Promise.all(
      attempts.map((p) => p.then(() => undefined).catch((e: unknown) => responseOf(e)?.data)),
    );

    expect(codes).toMatchObject([{ code: 230025 }, { code: 99992402 }, { code: 99992402 }, { code: 230001 }]);
    expect(fake.messages()).toHaveLength(0);
  });

  it('handles urgent_app, card/update, contacts and unknown paths', async () => {
    const sent = await sendText(sdk.client, larkFixture.groupChatId, '请尽快反馈');
    const messageId = sent.data?.message_id ?? '';
    const urgent = await sdk.client.im.v1.message.urgentApp({
      path: { message_id: messageId },
      params: { user_id_type: 'open_id' },
      data: { user_id_list: [lisi] },
    });
    const updated = await sdk.client.request({
      method: 'POST',
      url: '/open-apis/interactive/v1/card/update',
      data: { token: 'c-xxx', card: JSON.parse(card('已办结')) },
    });
    const user = await sdk.client.contact.v3.user.get({
      path: { user_id: zhangsan },
      params: { user_id_type: 'open_id' },
    });
    const ids = await sdk.client.contact.v3.user.batchGetId({
      params: { user_id_type: 'open_id' },
      data: { emails: ['zhangsan@example.gov.cn', 'nobody@example.gov.cn'] },
    });
    const missing = await sdk.client
      .request({ method: 'GET', url: '/open-apis/im/v1/chats' })
      .catch((e: unknown) => e);

    expect(urgent).toEqual({ code: 0, msg: 'success', data: { invalid_user_id_list: [] } });
    expect(fake.urgents()).toMatchObject([{ message_id: messageId, kind: 'app', user_id_list: [lisi] }]);
    expect(updated).toEqual({ code: 0, msg: 'success' });
    expect(fake.cardUpdates()).toMatchObject([
      { token: 'c-xxx', card: { header: { title: { content: '已办结' } } } },
    ]);
    expect(user.data?.user).toMatchObject({ open_id: zhangsan, name: '张三' });
    expect(ids.data?.user_list).toEqual([
      {
        user_id: zhangsan,
        email: 'zhangsan@example.gov.cn',
        status: {
          is_frozen: false,
          is_resigned: false,
          is_activated: true,
          is_exited: false,
          is_unjoin: false,
        },
      },
      { email: 'nobody@example.gov.cn' },
    ]);
    expect(responseOf(missing)).toMatchObject({ status: 404, data: { code: 404, msg: 'not found in fake' } });
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/open-apis/im/v1/chats',
      status: 404,
    });
  });

  it('waitFor resolves once the condition holds and names recent requests on timeout', async () => {
    setTimeout(() => void sendText(sdk.client, larkFixture.groupChatId, '稍后'), 20);
    await fake.waitFor(() => fake.messages().length === 1, 2000);
    await expect(fake.waitFor(() => false, 50)).rejects.toThrow(/POST \/open-apis\/im\/v1\/messages → 200/);
  });
});

describe('request builders, checked by the SDK', () => {
  const secrets = fixtureSecrets;

  it('encrypts like Feishu: the doc test vector decrypts, and a round trip works', () => {
    expect(decryptBody('test key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe('hello world');
    const encrypted = encryptBody(secrets.encryptKey, '督办');
    expect(new lark.AESCipher(secrets.encryptKey).decrypt(encrypted)).toBe('督办');
  });

  it('signs like the fixture signed_request.example.json', async () => {
    const example = await fixture('signed_request.example.json');
    const field = (key: string) => String(isRecord(example) ? example[key] : '');
    const body = field('body');
    const signature = larkSignature(field('timestamp'), field('nonce'), field('encrypt_key'), body);
    expect(signature).toBe(field('signature'));
    const encrypted: unknown = JSON.parse(body);
    const decrypted: unknown = JSON.parse(
      decryptBody(field('encrypt_key'), String(isRecord(encrypted) ? encrypted.encrypt : '')),
    );
    expect(decrypted).toEqual(await fixture('im.message.receive_v1.p2p_text.json'));
  });

  it('EventDispatcher accepts a signed request and rejects a tampered one', async () => {
    const received: unknown[] = [];
    const dispatcher = new lark.EventDispatcher({ ...secrets, logger: silentLarkLogger }).register({
      'im.message.receive_v1': async (data) => {
        received.push(data);
        return 'handled';
      },
    });
    const event = messageEvent({ senderOpenId: lisi, text: '我的督办' });

    const accepted = await dispatcher.invoke(sdkInvokeData(signedRequest(secrets, event)));
    const rejected = await dispatcher.invoke(sdkInvokeData(signedRequest(secrets, event, { tamper: true })));

    expect(accepted).toBe('handled');
    expect(rejected).toBeUndefined();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      event_id: event.header.event_id,
      message: { message_id: event.event.message.message_id, content: '{"text":"我的督办"}' },
    });
  });

  it('the SDK accepts card callbacks and unencrypted signed bodies', async () => {
    const clicks: unknown[] = [];
    const dispatcher = new lark.EventDispatcher({ ...secrets, logger: silentLarkLogger }).register<
      Record<string, (data: unknown) => Promise<unknown>>
    >({
      'card.action.trigger': async (data) => {
        clicks.push(data);
        return { toast: { type: 'success', content: '已签收' } };
      },
    });
    const click = cardActionEvent({ operatorOpenId: lisi, value: { action: 'accept', item_id: '2026-017' } });

    const answer = await dispatcher.invoke(sdkInvokeData(signedRequest(secrets, click)));
    const plain = await dispatcher.invoke(sdkInvokeData(signedRequest(secrets, click, { encrypt: false })));

    expect(answer).toEqual({ toast: { type: 'success', content: '已签收' } });
    expect(plain).toEqual(answer);
    // The SDK flattens header and event, so `token` is the card update token.
    expect(clicks[0]).toMatchObject({ token: click.event.token, operator: { open_id: lisi } });
  });

  it('generateChallenge answers an encrypted url_verification', () => {
    const body: unknown = JSON.parse(
      signedRequest(secrets, urlVerification(secrets.verificationToken, 'challenge-001')).body,
    );
    const answer = lark.generateChallenge(body, { encryptKey: secrets.encryptKey });
    expect(answer).toEqual({ isChallenge: true, challenge: { challenge: 'challenge-001' } });
  });

  it('builds message events shaped exactly like the fixtures', async () => {
    const p2p = messageEvent({ senderOpenId: lisi, text: '我的督办', chatId: larkFixture.p2pChatId });
    const group = messageEvent({
      senderOpenId: zhangsan,
      chatType: 'group',
      text: '@_user_1 督办 列表',
      mentions: [{ key: '@_user_1', openId: larkFixture.botOpenId, name: larkFixture.botName, type: 'bot' }],
    });
    const reply = messageEvent({
      senderOpenId: zhangsan,
      chatType: 'group',
      text: '@_user_1 好的，请把第 17 号的详情发我',
      rootId: 'om_xxxxxxxxxxxxxxxxxxxxxxxxxxxxm002',
      parentId: 'om_xxxxxxxxxxxxxxxxxxxxxxxxxxxxm102',
      mentions: [{ key: '@_user_1', openId: larkFixture.botOpenId, name: larkFixture.botName, type: 'bot' }],
    });
    const file = messageEvent({
      senderOpenId: lisi,
      chatId: larkFixture.p2pChatId,
      messageType: 'file',
      content: {
        file_key: 'file_v3_00xx_xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxx001g',
        file_name: '防汛物资检查情况报告.docx',
      },
    });

    expect(shapeOf(p2p)).toEqual(shapeOf(await fixture('im.message.receive_v1.p2p_text.json')));
    expect(shapeOf(group)).toEqual(shapeOf(await fixture('im.message.receive_v1.group_at_text.json')));
    expect(shapeOf(reply)).toEqual(shapeOf(await fixture('im.message.receive_v1.reply.json')));
    expect(shapeOf(file)).toEqual(shapeOf(await fixture('im.message.receive_v1.file.json')));
    expect(JSON.stringify(shapeOf(p2p))).toBe(
      JSON.stringify(shapeOf(await fixture('im.message.receive_v1.p2p_text.json'))),
    );
    expect(p2p.header.create_time).toMatch(/^\d{13}$/);
  });

  it('builds card callbacks and bot-added events shaped like the fixtures', async () => {
    const form = cardActionEvent({
      operatorOpenId: lisi,
      value: { action: 'feedback', item_id: '2026-017' },
      formValue: {
        progress: '已完成 12 个乡镇物资清点，剩余 3 个乡镇本周内完成。',
        eta: '2026-07-01 +0800',
        status: 'doing',
        co_handlers: [larkFixture.users.u003, larkFixture.users.u004],
      },
      name: 'submit_feedback',
      openMessageId: 'om_xxxxxxxxxxxxxxxxxxxxxxxxxxxxm101',
    });
    const added = botAddedEvent({
      operatorOpenId: zhangsan,
      chatId: larkFixture.groupChatId,
      i18nNames: {
        zh_cn: '督查督办工作群',
        en_us: 'Supervision Work Group',
        ja_jp: '督査督弁ワークグループ',
      },
    });

    const formFixture = await fixture('card.action.trigger.form_submit.json');
    expect(JSON.stringify(shapeOf(form))).toBe(JSON.stringify(shapeOf(formFixture)));
    expect(form.header.create_time).toMatch(/^\d{16}$/);
    expect(form.event.token).toMatch(/^c-/);
    expect(JSON.stringify(shapeOf(added))).toBe(
      JSON.stringify(shapeOf(await fixture('im.chat.member.bot.added_v1.json'))),
    );
  });

  it('gives fresh ids unless they are passed', () => {
    const a = messageEvent({ senderOpenId: lisi, text: '一' });
    const b = messageEvent({ senderOpenId: lisi, text: '一' });
    const pinned = messageEvent({ senderOpenId: lisi, text: '一', eventId: 'evt-1', messageId: 'om_1' });

    expect(a.header.event_id).not.toBe(b.header.event_id);
    expect(a.event.message.message_id).not.toBe(b.event.message.message_id);
    expect([pinned.header.event_id, pinned.event.message.message_id]).toEqual(['evt-1', 'om_1']);
    expect(a.header.event_id).toMatch(/^[0-9a-f]{32}$/);
  });
});
