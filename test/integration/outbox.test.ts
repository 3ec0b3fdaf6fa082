import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findOutboxByMessageId, insertOutbox } from '../../src/db/queries/outbox.ts';
import { jobIds } from '../../src/jobs/catalog.ts';
import { textMessage } from '../../src/services/outbox-message.ts';
import { sendOutboxMessage } from '../../src/services/send-outbox.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';

let h: Harness;
let n = 0;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());
beforeEach(() => h.fake.reset());

/** Writes one message to the outbox and queues it, as a service does after its transaction commits. */
async function produce(text: string): Promise<string> {
  const row = textMessage(
    {
      tenantKey: SAMPLE.tenantKey,
      to: { type: 'open_id', id: SAMPLE.housing.head },
      key: `test:${++n}:${text}`,
      purpose: 'test',
    },
    text,
  );
  const [id] = await insertOutbox(h.deps.db, [row]);
  if (!id) throw new Error('not inserted');
  await h.deps.jobs.enqueue('send-message', { outboxId: id }, { jobId: jobIds.sendMessage(id) });
  return id;
}

const rowOf = (id: string) =>
  h.deps.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const sentTexts = () => h.fake.messages().map((m) => (m.content as { text: string }).text);

describe('sending', () => {
  beforeAll(() => {
    h.startEngine({ sweepIntervalMs: 100 });
  });

  it('delivers through the SDK with the row id as uuid and records the message id', async () => {
    const id = await produce('通知一');
    await h.fake.waitFor(() => h.fake.messages().length === 1);
    const [msg] = h.fake.messages();
    expect(msg?.uuid).toBe(id);
    expect(msg?.receive_id_type).toBe('open_id');
    expect(msg?.receive_id).toBe(SAMPLE.housing.head);
    await expect.poll(async () => (await rowOf(id)).status).toBe('sent');
    expect((await rowOf(id)).message_id).toBe(msg?.message_id);
  });

  it('a 429 with x-ogw-ratelimit-reset slows down and then delivers once', async () => {
    h.fake.failNext((r) => r.path === '/open-apis/im/v1/messages', {
      status: 429,
      body: { code: 99991400, msg: 'request trigger frequency limit' },
      headers: { 'x-ogw-ratelimit-reset': '1' },
    });
    const started = Date.now();
    const id = await produce('限流后送达');
    await h.fake.waitFor(() => h.fake.messages().length === 1, 10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(h.fake.requests.filter((r) => r.status === 429)).toHaveLength(1);
    expect(sentTexts()).toEqual(['限流后送达']);
    await expect.poll(async () => (await rowOf(id)).status).toBe('sent');
    expect((await rowOf(id)).attempts).toBe(2);
  });

  it('an expired tenant token is refreshed and the message goes out', async () => {
    await produce('预热');
    await h.fake.waitFor(() => h.fake.messages().length === 1);
    h.fake.expireTokens();
    const tokensBefore = h.fake.requests.filter((r) =>
      r.path.endsWith('tenant_access_token/internal'),
    ).length;
    await produce('换令牌后送达');
    await h.fake.waitFor(() => h.fake.messages().length === 2);
    expect(h.fake.requests.filter((r) => r.path.endsWith('tenant_access_token/internal')).length).toBe(
      tokensBefore + 1,
    );
    expect(sentTexts()).toEqual(['预热', '换令牌后送达']);
  });

  it('a server error is retried with backoff', async () => {
    h.fake.failNext(
      (r) => r.path === '/open-apis/im/v1/messages',
      { status: 500, body: { code: 1, msg: 'internal' } },
      2,
    );
    const id = await produce('服务端错误后送达');
    await h.fake.waitFor(() => h.fake.messages().length === 1, 15_000);
    await expect.poll(async () => (await rowOf(id)).status).toBe('sent');
    expect((await rowOf(id)).attempts).toBe(3);
  });

  it('a permanent error (bot not in chat) is recorded on the row and not retried', async () => {
    h.fake.failNext((r) => r.path === '/open-apis/im/v1/messages', {
      status: 400,
      body: { code: 230002, msg: 'Bot/User can NOT be out of the chat.' },
    });
    const id = await produce('发不出去');
    await expect.poll(async () => (await rowOf(id)).status, { timeout: 5000 }).toBe('failed');
    const row = await rowOf(id);
    expect(row.last_error).toContain('230002');
    await new Promise((r) => setTimeout(r, 300));
    // Sent once; what goes next is a copy along the route and the office's card (delivery-route.test.ts).
    const attempts = h.fake.requests.filter(
      (r) => r.path === '/open-apis/im/v1/messages' && (r.body as { uuid?: string }).uuid === id,
    );
    expect(attempts).toHaveLength(1);
  });
});

describe('claims', () => {
  it('two senders racing for one row send it once', async () => {
    const row = textMessage(
      {
        tenantKey: SAMPLE.tenantKey,
        to: { type: 'chat_id', id: SAMPLE.groups.supervision },
        key: 'race',
        purpose: 'test',
      },
      '只发一次',
    );
    const [id] = await insertOutbox(h.deps.db, [row]);
    if (!id) throw new Error('not inserted');
    const outcomes = await Promise.all([sendOutboxMessage(h.deps, id), sendOutboxMessage(h.deps, id)]);
    // The loser finds the row claimed (busy) or, if the winner was quick, already sent (skipped).
    const kinds = outcomes.map((o) => o.kind);
    expect(kinds.filter((k) => k === 'sent')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'busy' || k === 'skipped')).toHaveLength(1);
    expect(sentTexts().filter((t) => t === '只发一次')).toHaveLength(1);
  });

  it('a row left in sending by a dead process is resent with the same uuid, which Feishu drops', async () => {
    const row = textMessage(
      {
        tenantKey: SAMPLE.tenantKey,
        to: { type: 'chat_id', id: SAMPLE.groups.leaders },
        key: 'crash',
        purpose: 'test',
      },
      '进程中断',
    );
    const [id] = await insertOutbox(h.deps.db, [row]);
    if (!id) throw new Error('not inserted');
    // The first process sent it and died before recording 'sent'.
    expect((await sendOutboxMessage(h.deps, id)).kind).toBe('sent');
    await h.deps.db
      .updateTable('outbox')
      .set({ status: 'sending', lease_until: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    expect((await sendOutboxMessage(h.deps, id)).kind).toBe('sent');
    expect(sentTexts().filter((t) => t === '进程中断')).toHaveLength(1);
    expect(
      h.fake.requests.filter(
        (r) => r.path === '/open-apis/im/v1/messages' && (r.body as { uuid?: string }).uuid === id,
      ),
    ).toHaveLength(2);
  });

  it('a fresh sending claim is not taken over', async () => {
    const row = textMessage(
      {
        tenantKey: SAMPLE.tenantKey,
        to: { type: 'chat_id', id: SAMPLE.groups.leaders },
        key: 'fresh',
        purpose: 'test',
      },
      '正在发送',
    );
    const [id] = await insertOutbox(h.deps.db, [row]);
    if (!id) throw new Error('not inserted');
    await h.deps.db
      .updateTable('outbox')
      .set({ status: 'sending', claimed_at: new Date(), lease_until: new Date(Date.now() + 60_000) })
      .where('id', '=', id)
      .execute();
    expect((await sendOutboxMessage(h.deps, id)).kind).toBe('busy');
  });
});

describe('lookups', () => {
  it('a message id finds the message, not a 加急 of it that records the same id', async () => {
    const messageId = 'om_lookup_1';
    const card = textMessage(
      {
        tenantKey: SAMPLE.tenantKey,
        to: { type: 'chat_id', id: SAMPLE.housing.chat },
        key: 'lookup',
        purpose: 'notice:1',
      },
      '通知',
    );
    const urgent = {
      ...textMessage(
        {
          tenantKey: SAMPLE.tenantKey,
          to: { type: 'open_id', id: SAMPLE.housing.head },
          key: 'lookup-urgent',
          purpose: 'urgent',
        },
        '',
      ),
      msg_type: 'urgent_app',
      content: JSON.stringify({ of: card.id, manual: false }),
    };
    // The 加急 row written first, so a lookup by message id alone would meet it first.
    await insertOutbox(h.deps.db, [urgent]);
    await insertOutbox(h.deps.db, [card]);
    await h.deps.db
      .updateTable('outbox')
      .set({ status: 'sent', message_id: messageId })
      .where('id', 'in', [card.id, urgent.id])
      .execute();
    expect((await findOutboxByMessageId(h.deps.db, SAMPLE.tenantKey, messageId))?.id).toBe(card.id);
  });
});
