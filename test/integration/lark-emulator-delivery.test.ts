/** The emulator's delivery errors and 加急 rules (src/lark/emulator/delivery.ts), through the real SDK. */
import type * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorClient } from '../../src/lark/emulator/client.ts';
import { createEmulatorClient } from '../../src/lark/emulator/client.ts';
import type { LarkEmulator } from '../../src/lark/emulator/server.ts';
import { startLarkEmulator } from '../../src/lark/emulator/server.ts';
import { larkFixture } from '../support/lark-requests.ts';

let fake: LarkEmulator;
let sdk: EmulatorClient;
const { zhangsan, lisi } = larkFixture.users;
const group = larkFixture.groupChatId;

beforeAll(async () => {
  fake = await startLarkEmulator();
  sdk = createEmulatorClient(fake);
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());

/** Feishu's code for a call, 0 when it succeeded. */
async function codeOf(call: Promise<{ code?: number | undefined }>): Promise<number | undefined> {
  try {
    return (await call).code;
  } catch (e) {
    return (e as { response?: { data?: { code?: number } } }).response?.data?.code;
  }
}

const send = (client: lark.Client, type: 'chat_id' | 'open_id', id: string) =>
  client.im.v1.message.create({
    params: { receive_id_type: type },
    data: { receive_id: id, msg_type: 'text', content: JSON.stringify({ text: '请反馈' }) },
  });
const urgent = (messageId: string, users: string[], kind: 'app' | 'sms' = 'app') => {
  const payload = {
    path: { message_id: messageId },
    params: { user_id_type: 'open_id' as const },
    data: { user_id_list: users },
  };
  return kind === 'sms'
    ? sdk.client.im.v1.message.urgentSms(payload)
    : sdk.client.im.v1.message.urgentApp(payload);
};

describe('undeliverable', () => {
  it('groups the bot left or that were disbanded; people it cannot reach', async () => {
    fake.delivery.removeBot(group);
    expect(await codeOf(send(sdk.client, 'chat_id', group))).toBe(230002);
    fake.delivery.disband('oc_gone');
    expect(await codeOf(send(sdk.client, 'chat_id', 'oc_gone'))).toBe(232009);
    for (const [state, code] of [
      ['invisible', 230013],
      ['resigned', 230029],
      ['blocked', 230053],
    ] as const) {
      fake.delivery.setUser(zhangsan, state);
      expect(await codeOf(send(sdk.client, 'open_id', zhangsan))).toBe(code);
    }
    expect(fake.messages()).toEqual([]);
    fake.delivery.addBot(group);
    fake.delivery.setUser(zhangsan, 'ok');
    expect(await codeOf(send(sdk.client, 'chat_id', group))).toBe(0);
    expect(await codeOf(send(sdk.client, 'open_id', zhangsan))).toBe(0);
  });
});

describe('加急', () => {
  it('only people in the chat: others come back in invalid_user_id_list', async () => {
    fake.delivery.setMembers(group, [zhangsan]);
    const id = (await send(sdk.client, 'chat_id', group)).data?.message_id ?? '';
    const res = await urgent(id, [zhangsan, lisi]);
    expect(res.data).toEqual({ invalid_user_id_list: [lisi] });
    const privately = (await send(sdk.client, 'open_id', lisi)).data?.message_id ?? '';
    expect((await urgent(privately, [zhangsan, lisi])).data).toEqual({ invalid_user_id_list: [zhangsan] });
    expect(fake.delivery.unreadUrgents(zhangsan)).toBe(1);
    expect(fake.delivery.unreadUrgents(lisi)).toBe(1);
  });

  it('at most 200 unread per person (230023); reading them lets 加急 through again', async () => {
    const id = (await send(sdk.client, 'open_id', zhangsan)).data?.message_id ?? '';
    fake.delivery.setUnreadUrgents(zhangsan, 199);
    expect(await codeOf(urgent(id, [zhangsan]))).toBe(0);
    expect(await codeOf(urgent(id, [zhangsan]))).toBe(230023);
    fake.delivery.readUrgents(zhangsan);
    expect(await codeOf(urgent(id, [zhangsan]))).toBe(0);
  });

  it('the scope (230027), the SMS quota (230024), the bot’s own messages (230012), the bot in the chat', async () => {
    const id = (await send(sdk.client, 'open_id', zhangsan)).data?.message_id ?? '';
    fake.delivery.grantUrgent(['sms']);
    expect(await codeOf(urgent(id, [zhangsan]))).toBe(230027);
    fake.delivery.setUrgentQuota(1);
    expect(await codeOf(urgent(id, [zhangsan], 'sms'))).toBe(0);
    expect(await codeOf(urgent(id, [zhangsan], 'sms'))).toBe(230024);
    fake.recordUserMessage({
      message_id: 'om_user_1',
      chat_id: group,
      sender_open_id: lisi,
      msg_type: 'text',
      content: { text: '收到' },
      at: Date.now(),
    });
    fake.delivery.grantUrgent(['app']);
    expect(await codeOf(urgent('om_user_1', [lisi]))).toBe(230012);
    const inGroup = (await send(sdk.client, 'chat_id', group)).data?.message_id ?? '';
    fake.delivery.removeBot(group);
    expect(await codeOf(urgent(inGroup, [lisi]))).toBe(230002);
    expect(fake.urgents().map((u) => u.kind)).toEqual(['sms']);
  });
});
