import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.ts';
import { createApp } from '../../src/http/app.ts';
import { proxiedTransport } from '../../src/lark/proxy.ts';
import type { LongConnection, LongConnectionSettings } from '../../src/lark/ws-receiver.ts';
import { startLongConnection } from '../../src/lark/ws-receiver.ts';
import { SAMPLE } from '../support/directory.ts';
import type { FakeLongConnection } from '../support/fake-long-connection.ts';
import { startFakeLongConnection } from '../support/fake-long-connection.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { cardActionEvent, messageEvent } from '../support/lark-requests.ts';

let h: Harness;
let feishu: FakeLongConnection;
let link: LongConnection | null = null;
const logLines: Array<{ level: number; msg: string }> = [];

beforeAll(async () => {
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  h.startEngine({ sweepIntervalMs: 500 });
  feishu = await startFakeLongConnection();
});
afterEach(() => {
  link?.close();
  link = null;
});
afterAll(async () => {
  await feishu.close();
  await h.close();
});

/** The harness's deps with a logger the test reads: the long connection logs its outages there. */
function deps(): Deps {
  const logger = pino({ level: 'info' }, { write: (l: string) => logLines.push(JSON.parse(l)) });
  return { ...h.deps, logger };
}

async function connected(extra: Partial<LongConnectionSettings> = {}): Promise<LongConnection> {
  const opened = feishu.connections();
  link = startLongConnection(deps(), {
    appId: feishu.appId,
    appSecret: feishu.appSecret,
    domain: feishu.url,
    ...extra,
  });
  await feishu.waitFor(() => feishu.connections() > opened && feishu.pings() > 0);
  await expect.poll(() => link?.state()).toBe('connected');
  return link;
}

const eventRow = (eventId: string) =>
  h.deps.db.selectFrom('lark_events').selectAll().where('event_id', '=', eventId).executeTakeFirst();

describe('receiving over the long connection', () => {
  it('an event split into frames is stored before its ACK and answered like a webhook event', async () => {
    await connected();
    const ev = messageEvent({ tenantKey: SAMPLE.tenantKey, senderOpenId: SAMPLE.housing.head, text: '帮助' });
    const ack = await feishu.sendEvent(ev, { parts: 3 });
    expect(ack.code).toBe(200);
    // Committed by the time Feishu hears back: no waiting here.
    expect(await eventRow(ev.header.event_id)).toMatchObject({ event_type: 'im.message.receive_v1' });
    await h.fake.waitFor(() => h.fake.messages().some((m) => m.reply_to === ev.event.message.message_id));
    const help = h.fake.messages().find((m) => m.reply_to === ev.event.message.message_id);
    expect(JSON.stringify(help?.content)).toContain('我的事项');
  });

  it('a card click is answered in the ACK with the same toast and card as the webhook gives', async () => {
    await connected();
    const instruction = '请县住建局于12月15日前完成老旧小区改造摸底。';
    await feishu.sendEvent(
      messageEvent({ tenantKey: SAMPLE.tenantKey, senderOpenId: SAMPLE.leaders.li, text: instruction }),
    );
    await h.fake.waitFor(() =>
      h.fake
        .messages()
        .some((m) => m.receive_id === SAMPLE.groups.supervision && m.msg_type === 'interactive'),
    );
    const draft = h.fake.messages().find((m) => m.receive_id === SAMPLE.groups.supervision);
    const item = await h.deps.db
      .selectFrom('items')
      .selectAll()
      .where('text', '=', instruction)
      .executeTakeFirstOrThrow();
    const housing = await h.deps.db
      .selectFrom('units')
      .select('id')
      .where('name', '=', '县住房和城乡建设局')
      .executeTakeFirstOrThrow();
    const ack = await feishu.sendEvent(
      cardActionEvent({
        tenantKey: SAMPLE.tenantKey,
        operatorOpenId: SAMPLE.office.zhou,
        value: { a: 'issue', i: item.id, v: item.version },
        name: 'submit',
        formValue: {
          title: '老旧小区改造摸底',
          lead: String(housing.id),
          kind: 'forwarded',
          deadline: '2026-12-15 +0800',
          source: 'leader_instruction',
          priority: 'normal',
        },
        openMessageId: draft?.message_id ?? '',
        openChatId: SAMPLE.groups.supervision,
      }),
    );
    expect(ack.code).toBe(200);
    expect(ack.data).toMatchObject({
      toast: { type: 'success', content: expect.stringMatching(/^已交办：督〔2026〕\d+号$/) },
      card: { type: 'raw', data: { schema: '2.0' } },
    });
    const issued = await h.deps.db
      .selectFrom('items')
      .select('state')
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect(issued.state).toBe('issued');
  });

  it('the same event delivered twice (another replica, a redelivery) is handled once', async () => {
    await connected();
    const ev = messageEvent({ tenantKey: SAMPLE.tenantKey, senderOpenId: SAMPLE.finance.head, text: '帮助' });
    const [a, b] = await Promise.all([feishu.sendEvent(ev), feishu.sendEvent(ev)]);
    expect([a.code, b.code]).toEqual([200, 200]);
    await h.fake.waitFor(() => h.fake.messages().some((m) => m.reply_to === ev.event.message.message_id));
    expect(await eventRow(ev.header.event_id)).toMatchObject({ status: 'done' });
    expect(h.fake.messages().filter((m) => m.reply_to === ev.event.message.message_id)).toHaveLength(1);
  });

  it('reconnects after the server drops the connection, logging the outage once, and /readyz follows', async () => {
    const conn = await connected();
    const app = createApp(h.deps, { longConnection: conn.state });
    expect(await (await app.request('/readyz')).json()).toMatchObject({ longConnection: 'connected' });

    logLines.length = 0;
    const opened = feishu.connections();
    // The gateway restarts and refuses the first attempts (retryable), then takes the client back.
    feishu.refuseEndpoint(20);
    feishu.dropConnections();
    await expect.poll(() => conn.state()).not.toBe('connected');
    const down = await app.request('/readyz');
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'unavailable', longConnection: 'reconnecting' });

    await feishu.waitFor(() => feishu.connections() > opened);
    await expect.poll(() => conn.state()).toBe('connected');
    expect((await app.request('/readyz')).status).toBe(200);
    const refused = feishu.endpointCalls.filter((c) => c.code !== 0).length;
    expect(refused).toBeGreaterThanOrEqual(20);
    const warnings = logLines.filter((l) => l.level >= 40).map((l) => l.msg);
    expect(warnings).toEqual(['long connection to Feishu lost; reconnecting']);
    expect(logLines.map((l) => l.msg)).toContain('long connection to Feishu restored');

    const ev = messageEvent({ tenantKey: SAMPLE.tenantKey, senderOpenId: SAMPLE.land.head, text: '帮助' });
    expect((await feishu.sendEvent(ev)).code).toBe(200);
    expect(await eventRow(ev.header.event_id)).toBeDefined();
  });

  it('goes through an HTTPS_PROXY-style proxy: the endpoint request and the socket are tunnelled', async () => {
    const proxy = await startConnectProxy();
    try {
      await connected({ transport: proxiedTransport(proxy.url) });
      const target = new URL(feishu.url).host;
      // One CONNECT for the endpoint request, one for the WebSocket.
      expect(proxy.tunnels.filter((t) => t === target).length).toBeGreaterThanOrEqual(2);
      const ev = messageEvent({
        tenantKey: SAMPLE.tenantKey,
        senderOpenId: SAMPLE.office.chen,
        text: '帮助',
      });
      expect((await feishu.sendEvent(ev)).code).toBe(200);
      expect(await eventRow(ev.header.event_id)).toBeDefined();
    } finally {
      link?.close();
      link = null;
      await proxy.close();
    }
  });
});

/** A minimal CONNECT proxy that records where it tunnelled to. */
async function startConnectProxy(): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
  const tunnels: string[] = [];
  const server: Server = createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  server.on('connect', (req, client, head) => {
    const target = req.url ?? '';
    tunnels.push(target);
    const [host, port] = target.split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
