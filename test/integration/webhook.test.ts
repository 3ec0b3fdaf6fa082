import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/http/routes/lark.ts';
import { STRANGER_REPLY } from '../../src/services/handle-message.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import {
  botAddedEvent,
  encryptBody,
  fixtureSecrets,
  messageEvent,
  signedRequest,
  urlVerification,
} from '../support/lark-requests.ts';

let h: Harness;
const tenantKey = SAMPLE.tenantKey;

beforeAll(async () => {
  h = await createHarness();
  h.startEngine();
});
afterAll(async () => h.close());
beforeEach(() => h.fake.reset());

const eventCount = async () =>
  Number(
    (
      await h.deps.db
        .selectFrom('lark_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const cardText = (content: unknown) => JSON.stringify(content);

describe('url_verification', () => {
  it('echoes the challenge of a plain request', async () => {
    const res = await h.app.request('/lark/events', {
      method: 'POST',
      body: JSON.stringify(urlVerification(fixtureSecrets.verificationToken, 'chal-plain-1')),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'chal-plain-1' });
  });

  it('echoes the challenge of an encrypted request, also on /lark/cards', async () => {
    const body = JSON.stringify({
      encrypt: encryptBody(
        fixtureSecrets.encryptKey,
        JSON.stringify(urlVerification(fixtureSecrets.verificationToken, 'chal-enc-2')),
      ),
    });
    for (const path of ['/lark/events', '/lark/cards']) {
      const res = await h.app.request(path, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ challenge: 'chal-enc-2' });
    }
  });

  it('refuses a challenge with the wrong verification token', async () => {
    const res = await h.app.request('/lark/events', {
      method: 'POST',
      body: JSON.stringify(urlVerification('not-our-token', 'x')),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(401);
  });
});

describe('refusals store nothing', () => {
  const event = () =>
    messageEvent({ tenantKey, senderOpenId: SAMPLE.leaders.li, text: '请住建局牵头做好防汛工作' });

  it.each([
    ['a bad signature', () => signedRequest(fixtureSecrets, event(), { tamper: true }), 401],
    [
      'a stale timestamp',
      () => signedRequest(fixtureSecrets, event(), { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
      401,
    ],
    [
      'a future timestamp',
      () => signedRequest(fixtureSecrets, event(), { timestamp: Math.floor(Date.now() / 1000) + 3600 }),
      401,
    ],
    [
      'a wrong verification token',
      () => signedRequest(fixtureSecrets, { ...event(), header: { ...event().header, token: 'forged' } }),
      401,
    ],
    [
      'a plaintext event while an encrypt key is set',
      () => signedRequest(fixtureSecrets, event(), { encrypt: false }),
      400,
    ],
  ])('%s', async (_name, build, status) => {
    const before = await eventCount();
    const res = await h.postRaw(build());
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/^[A-Z_]+$/);
    expect(await eventCount()).toBe(before);
  });

  it('malformed JSON (the signature was over other bytes, so it is refused as unsigned)', async () => {
    const before = await eventCount();
    const req = signedRequest(fixtureSecrets, event());
    const res = await h.postRaw({ ...req, body: '{"encrypt":' });
    expect(res.status).toBe(401);
    expect(await eventCount()).toBe(before);
  });

  it('an oversized body', async () => {
    const before = await eventCount();
    const res = await h.postRaw(
      signedRequest(fixtureSecrets, { ...event(), padding: 'x'.repeat(MAX_BODY_BYTES) }),
    );
    expect(res.status).toBe(413);
    expect(await eventCount()).toBe(before);
  });
});

describe('delivery', () => {
  it('a leader writing privately gets one reply, and the office one draft card quoting the instruction', async () => {
    const ev = messageEvent({
      tenantKey,
      senderOpenId: SAMPLE.leaders.li,
      text: '请县住建局牵头，11月30日前完成老旧小区改造摸底',
    });
    const res = await h.post(ev);
    expect(res.status).toBe(200);
    await h.fake.waitFor(() => h.fake.messages().length === 2);
    const reply = h.fake.messages().find((m) => m.kind === 'reply');
    expect(reply?.reply_to).toBe(ev.event.message.message_id);
    expect(reply?.msg_type).toBe('text');
    const draft = h.fake.messages().find((m) => m.kind === 'create');
    expect(draft?.receive_id).toBe(SAMPLE.groups.supervision);
    expect(draft?.msg_type).toBe('interactive');
    expect(cardText(draft?.content)).toContain('老旧小区改造摸底');
    const stored = await h.deps.db
      .selectFrom('lark_events')
      .selectAll()
      .where('event_id', '=', ev.header.event_id)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('done');
    const out = await h.deps.db
      .selectFrom('outbox')
      .selectAll()
      .where('reply_to', '=', ev.event.message.message_id)
      .execute();
    expect(out).toHaveLength(1);
    await expect
      .poll(
        async () =>
          (
            await h.deps.db
              .selectFrom('outbox')
              .select('status')
              .where('id', '=', out[0]?.id ?? '')
              .executeTakeFirstOrThrow()
          ).status,
      )
      .toBe('sent');
    const sentRow = await h.deps.db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', out[0]?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(sentRow.message_id).toBe(reply?.message_id);
    expect(reply?.uuid).toBe(sentRow.id);
  });

  it('帮助 gets the help card', async () => {
    await h.post(messageEvent({ tenantKey, senderOpenId: SAMPLE.housing.head, text: '帮助' }));
    await h.fake.waitFor(() => h.fake.messages().length === 1);
    const text = cardText(h.fake.messages()[0]?.content);
    expect(text).toContain('我的事项');
    expect(text).toContain('帮助');
  });

  it('a stranger gets a short refusal and nothing else', async () => {
    await h.post(messageEvent({ tenantKey, senderOpenId: SAMPLE.stranger, text: '你好' }));
    await h.fake.waitFor(() => h.fake.messages().length === 1);
    const [sent] = h.fake.messages();
    expect(sent?.msg_type).toBe('text');
    expect(sent?.content).toEqual({ text: STRANGER_REPLY });
  });

  it('in a group the bot answers only when @-mentioned', async () => {
    const chatId = SAMPLE.groups.supervision;
    await h.post(
      messageEvent({
        tenantKey,
        senderOpenId: SAMPLE.office.zhou,
        chatType: 'group',
        chatId,
        text: '大家好',
      }),
    );
    const mentioned = messageEvent({
      tenantKey,
      senderOpenId: SAMPLE.office.zhou,
      chatType: 'group',
      chatId,
      text: '@_user_1 帮助',
      mentions: [{ key: '@_user_1', openId: h.fake.botOpenId, name: '督查督办助手', type: 'bot' }],
    });
    await h.post(mentioned);
    await h.fake.waitFor(() => h.fake.messages().length === 1);
    // Both events are processed by now (the second after the first); only the mention was answered.
    await expect
      .poll(
        async () =>
          (
            await h.deps.db
              .selectFrom('lark_events')
              .select('status')
              .where('status', '=', 'pending')
              .execute()
          ).length,
      )
      .toBe(0);
    expect(h.fake.messages()).toHaveLength(1);
    expect(h.fake.messages()[0]?.reply_to).toBe(mentioned.event.message.message_id);
  });

  it('the same event twice in a row is handled once', async () => {
    const ev = messageEvent({ tenantKey, senderOpenId: SAMPLE.housing.head, text: '重复投递测试一' });
    const first = await h.post(ev);
    const second = await h.post(ev);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(((await second.json()) as { outcome: string }).outcome).toBe('duplicate');
    await h.fake.waitFor(() => h.fake.messages().length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.messages()).toHaveLength(1);
  });

  it('five concurrent deliveries of one event are handled once', async () => {
    const ev = messageEvent({ tenantKey, senderOpenId: SAMPLE.land.head, text: '并发投递测试' });
    const responses = await Promise.all(Array.from({ length: 5 }, () => h.post(ev)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const outcomes = await Promise.all(
      responses.map(async (r) => ((await r.json()) as { outcome: string }).outcome),
    );
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(4);
    await h.fake.waitFor(() => h.fake.messages().length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.messages()).toHaveLength(1);
    const rows = await h.deps.db
      .selectFrom('lark_events')
      .select('id')
      .where('event_id', '=', ev.header.event_id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('an unknown event type is answered 200 and stored as ignored', async () => {
    const base = botAddedEvent({ tenantKey, operatorOpenId: SAMPLE.office.zhou });
    const ev = { ...base, header: { ...base.header, event_type: 'contact.user.created_v3' } };
    const res = await h.post(ev);
    expect(res.status).toBe(200);
    const row = await h.deps.db
      .selectFrom('lark_events')
      .selectAll()
      .where('event_id', '=', ev.header.event_id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('ignored');
  });
});

describe('health', () => {
  it('healthz and readyz report Postgres and Redis', async () => {
    expect((await h.app.request('/healthz')).status).toBe(200);
    const ready = await h.app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', postgres: true, redis: true });
  });
});
