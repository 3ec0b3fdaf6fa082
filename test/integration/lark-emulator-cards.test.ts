import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorClient } from '../../src/lark/emulator/client.ts';
import { createEmulatorClient } from '../../src/lark/emulator/client.ts';
import type { LarkEmulator } from '../../src/lark/emulator/server.ts';
import { startLarkEmulator } from '../../src/lark/emulator/server.ts';

let fake: LarkEmulator;
let sdk: EmulatorClient;

beforeAll(async () => {
  fake = await startLarkEmulator();
  sdk = createEmulatorClient(fake);
});
beforeEach(() => fake.reset());
afterAll(async () => fake.close());

const card = (elements: unknown[], config: object = { update_multi: true }) => ({
  schema: '2.0',
  config,
  body: { elements },
});

type Reply = { code?: number; msg?: string; data?: { message_id?: string } };

async function send(content: unknown, receiveId = 'oc_group'): Promise<Reply> {
  try {
    return (await sdk.client.im.v1.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: receiveId, msg_type: 'interactive', content: JSON.stringify(content) },
    })) as Reply;
  } catch (e) {
    return (e as { response: { data: Reply } }).response.data;
  }
}

async function patch(messageId: string, content: unknown): Promise<Reply> {
  try {
    return (await sdk.client.im.v1.message.patch({
      path: { message_id: messageId },
      data: { content: JSON.stringify(content) },
    })) as Reply;
  } catch (e) {
    return (e as { response: { data: Reply } }).response.data;
  }
}

describe("the emulator refuses cards as Feishu's server does", () => {
  it('1.0 components in a 2.0 card (action, note) are refused with 230099 / 200861', async () => {
    const reply = await send(card([{ tag: 'action', actions: [] }]));
    expect(reply.code).toBe(230099);
    expect(reply.msg).toContain('ErrCode: 200861');
    expect(fake.messages()).toHaveLength(0);
  });

  it('update_multi=false, a form field without a name and more than 200 components are refused', async () => {
    expect((await send(card([{ tag: 'hr' }], { update_multi: false }))).code).toBe(230099);
    const unnamed = card([
      { tag: 'form', name: 'f', elements: [{ tag: 'input' }, { tag: 'button', name: 'b' }] },
    ]);
    expect((await send(unnamed)).msg).toContain('ErrCode: 200530');
    const crowded = card(Array.from({ length: 201 }, () => ({ tag: 'hr' })));
    expect((await send(crowded)).code).toBe(230099);
  });

  it('a patch must keep the card shared and 2.0; a valid one replaces the content', async () => {
    const sent = await send(card([{ tag: 'markdown', content: 'v1' }]));
    const id = sent.data?.message_id ?? '';
    expect((await patch(id, { config: { wide_screen_mode: true }, elements: [] })).code).not.toBe(0);
    expect((await patch(id, card([{ tag: 'note', elements: [] }]))).code).toBe(230099);
    expect((await patch(id, card([{ tag: 'markdown', content: 'v2' }]))).code).toBe(0);
    expect(fake.latestContent(id)).toEqual(card([{ tag: 'markdown', content: 'v2' }]));
  });
});

describe('what the sandbox plays through the emulator', () => {
  it("a person's message threads the bot's reply into that person's chat", async () => {
    fake.recordUserMessage({
      message_id: 'om_user1',
      chat_id: 'oc_unit_group',
      sender_open_id: 'ou_someone',
      msg_type: 'text',
      content: { text: '已完成' },
      at: Date.now(),
    });
    await sdk.client.im.v1.message.reply({
      path: { message_id: 'om_user1' },
      data: { msg_type: 'text', content: JSON.stringify({ text: '收到' }) },
    });
    expect(fake.messages()[0]).toMatchObject({ chat_id: 'oc_unit_group', root_id: 'om_user1' });
    expect(fake.userMessages().map((m) => m.message_id)).toEqual(['om_user1']);
  });

  it("a callback's card replaces the clicked card, and a registered token updates it at most twice", async () => {
    const id = (await send(card([{ tag: 'markdown', content: 'v1' }]))).data?.message_id ?? '';
    expect(fake.replaceCard(id, card([{ tag: 'markdown', content: 'v2' }]))).toBeUndefined();
    expect(fake.replaceCard(id, { elements: [] })?.status).toBe(400);
    expect(fake.latestContent(id)).toEqual(card([{ tag: 'markdown', content: 'v2' }]));

    fake.registerCardToken('c-token', id);
    const update = (content: string) =>
      sdk.client
        .request({
          method: 'POST',
          url: '/open-apis/interactive/v1/card/update',
          data: { token: 'c-token', card: card([{ tag: 'markdown', content }]) },
        })
        .then(
          (r: Reply) => r.code,
          (e: { response: { data: Reply } }) => e.response.data.code,
        );
    expect(await update('v3')).toBe(0);
    expect(await update('v4')).toBe(0);
    expect(await update('v5')).toBe(200750);
    expect(fake.latestContent(id)).toEqual(card([{ tag: 'markdown', content: 'v4' }]));
  });
});
