import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';

/**
 * Feishu's long-connection side, as the SDK's WSClient speaks to it: `POST /callback/ws/endpoint`
 * hands out a socket URL and the client config, then a WebSocket of protobuf `pbbp2.Frame`s carries
 * pings/pongs (control frames) and events (data frames, split into `sum` parts by `seq`), each
 * acknowledged by the client with a data frame whose payload is `{code, data?: base64(JSON)}`.
 * The protobuf is written here by hand from the schema, independent of the SDK's own codec.
 */

export type ClientConfig = {
  PingInterval: number;
  ReconnectCount: number;
  /** Seconds (fractions allowed): the wait between failed reconnect attempts. */
  ReconnectInterval: number;
  /** Seconds: the upper bound of the random wait before the first reconnect attempt. */
  ReconnectNonce: number;
};

export type Ack = { code: number; data?: unknown };
type Header = { key: string; value: string };
export type Frame = {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: Header[];
  payload?: Buffer;
};

const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding']);
const CONTROL = 0;
const DATA = 1;
const SERVICE_ID = 33554678;

// ── pbbp2.Frame codec ──────────────────────────────────────────────────

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}

const field = (no: number, wire: number) => varint((no << 3) | wire);
const bytesField = (no: number, b: Buffer) => Buffer.concat([field(no, 2), varint(b.length), b]);

export function encodeFrame(f: Frame): Buffer {
  const parts = [
    field(1, 0),
    varint(f.SeqID),
    field(2, 0),
    varint(f.LogID),
    field(3, 0),
    varint(f.service),
    field(4, 0),
    varint(f.method),
    ...f.headers.map((h) =>
      bytesField(5, Buffer.concat([bytesField(1, Buffer.from(h.key)), bytesField(2, Buffer.from(h.value))])),
    ),
  ];
  if (f.payload) parts.push(bytesField(8, f.payload));
  return Buffer.concat(parts);
}

function readVarint(buf: Buffer, at: number): [number, number] {
  let value = 0;
  let scale = 1;
  let pos = at;
  for (;;) {
    const byte = buf[pos++] ?? 0;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) return [value, pos];
  }
}

/** Fields by number: varints as numbers, length-delimited ones as buffers (repeated ones in order). */
function readFields(buf: Buffer): Array<[number, number | Buffer]> {
  const out: Array<[number, number | Buffer]> = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, afterTag] = readVarint(buf, pos);
    const no = Math.floor(tag / 8);
    if ((tag & 7) === 0) {
      const [v, next] = readVarint(buf, afterTag);
      out.push([no, v]);
      pos = next;
    } else {
      const [len, start] = readVarint(buf, afterTag);
      out.push([no, buf.subarray(start, start + len)]);
      pos = start + len;
    }
  }
  return out;
}

export function decodeFrame(buf: Buffer): Frame {
  const f: Frame = { SeqID: 0, LogID: 0, service: 0, method: 0, headers: [] };
  for (const [no, v] of readFields(buf)) {
    if (typeof v === 'number') {
      if (no === 1) f.SeqID = v;
      else if (no === 2) f.LogID = v;
      else if (no === 3) f.service = v;
      else if (no === 4) f.method = v;
    } else if (no === 5) {
      const h = Object.fromEntries(readFields(v).map(([n, b]) => [n, String(b)]));
      f.headers.push({ key: h[1] ?? '', value: h[2] ?? '' });
    } else if (no === 8) {
      f.payload = Buffer.from(v);
    }
  }
  return f;
}

const headerOf = (f: Frame, key: string) => f.headers.find((h) => h.key === key)?.value;

// ── the endpoint and the socket ────────────────────────────────────────

export type FakeLongConnection = {
  readonly url: string;
  readonly appId: string;
  readonly appSecret: string;
  /** Endpoint requests in order (`{AppID, AppSecret}` bodies) and what each was answered. */
  readonly endpointCalls: Array<{ body: unknown; code: number }>;
  /** Sockets ever opened, and pings received. */
  connections(): number;
  openSockets(): number;
  pings(): number;
  /** The next `times` endpoint requests answer Feishu's retryable "internal error". */
  refuseEndpoint(times: number): void;
  /** Sends one event (split into `parts` frames) and resolves with the client's acknowledgement. */
  sendEvent(envelope: object, opts?: { parts?: number }): Promise<Ack>;
  /** Closes every open socket from the server side, as a Feishu gateway restart does. */
  dropConnections(): void;
  waitFor(pred: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

export async function startFakeLongConnection(
  opts: {
    appId?: string;
    appSecret?: string;
    config?: Partial<ClientConfig>;
    /** Where every other request goes (the Open API emulator), so one URL can be LARK_DOMAIN. */
    openApi?: string;
  } = {},
): Promise<FakeLongConnection> {
  const appId = opts.appId ?? 'cli_a1b2c3d4e5f60718';
  const appSecret = opts.appSecret ?? 'longConnectionSecretForTests0001';
  const config: ClientConfig = {
    PingInterval: 120,
    ReconnectCount: -1,
    ReconnectInterval: 0.05,
    ReconnectNonce: 0,
    ...opts.config,
  };
  const endpointCalls: FakeLongConnection['endpointCalls'] = [];
  const tickets = new Set<string>();
  const sockets = new Set<WebSocket>();
  const pending = new Map<string, (ack: Ack) => void>();
  let refusals = 0;
  let opened = 0;
  let pingCount = 0;

  const http = createServer((req, res) => void endpoint(req, res));
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    const ticket = new URL(req.url ?? '/', 'http://fake').searchParams.get('ticket') ?? '';
    if (!tickets.delete(ticket)) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      opened += 1;
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data: Buffer) => onFrame(ws, decodeFrame(data)));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;

  async function endpoint(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: unknown = null;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      body = null;
    }
    const reply = (code: number, extra: object = {}) => {
      endpointCalls.push({ body, code });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code, msg: code === 0 ? 'ok' : 'refused', ...extra }));
    };
    if (req.url !== '/callback/ws/endpoint' && opts.openApi) return forward(req, res, chunks, opts.openApi);
    if (req.method !== 'POST' || req.url !== '/callback/ws/endpoint') return reply(404);
    const creds = body as { AppID?: unknown; AppSecret?: unknown } | null;
    // 514: the SDK's auth_failed, which it does not retry.
    if (creds?.AppID !== appId || creds?.AppSecret !== appSecret) return reply(514);
    if (refusals > 0) {
      refusals -= 1;
      // 1000040343: Feishu's internal error, which the SDK retries.
      return reply(1000040343);
    }
    const ticket = randomBytes(8).toString('hex');
    tickets.add(ticket);
    const wsUrl = `ws://127.0.0.1:${port}/ws/v2?fpid=493&aid=552564&device_id=d${ticket}&access_key=k&service_id=${SERVICE_ID}&ticket=${ticket}`;
    reply(0, { data: { URL: wsUrl, ClientConfig: config } });
  }

  async function forward(req: IncomingMessage, res: ServerResponse, body: Buffer[], target: string) {
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        (e): e is [string, string] => typeof e[1] === 'string' && !HOP_HEADERS.has(e[0]),
      ),
    );
    const method = req.method ?? 'GET';
    const answer = await fetch(`${target}${req.url ?? '/'}`, {
      method,
      headers,
      ...(method !== 'GET' && method !== 'HEAD' && { body: Buffer.concat(body) }),
    });
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  }

  function onFrame(ws: WebSocket, f: Frame) {
    const type = headerOf(f, 'type');
    if (f.method === CONTROL && type === 'ping') {
      pingCount += 1;
      ws.send(
        encodeFrame({
          ...f,
          headers: [{ key: 'type', value: 'pong' }],
          payload: Buffer.from(JSON.stringify(config)),
        }),
      );
      return;
    }
    if (f.method === DATA) {
      const id = headerOf(f, 'message_id') ?? '';
      const resolve = pending.get(id);
      if (!resolve || !f.payload) return;
      pending.delete(id);
      const raw = JSON.parse(f.payload.toString('utf8')) as { code: number; data?: string };
      const ack: Ack = { code: raw.code };
      if (raw.data !== undefined) ack.data = JSON.parse(Buffer.from(raw.data, 'base64').toString('utf8'));
      resolve(ack);
    }
  }

  const fake: FakeLongConnection = {
    url,
    appId,
    appSecret,
    endpointCalls,
    connections: () => opened,
    openSockets: () => sockets.size,
    pings: () => pingCount,
    refuseEndpoint(times) {
      refusals = times;
    },
    async sendEvent(envelope, sendOpts = {}) {
      const ws = [...sockets].at(-1);
      if (!ws) throw new Error('fake long connection: no client connected');
      const bytes = Buffer.from(JSON.stringify(envelope));
      const sum = Math.max(1, sendOpts.parts ?? 1);
      const size = Math.ceil(bytes.length / sum);
      const messageId = `msg_${randomBytes(8).toString('hex')}`;
      const acked = new Promise<Ack>((resolve) => pending.set(messageId, resolve));
      for (let seq = 0; seq < sum; seq++) {
        ws.send(
          encodeFrame({
            SeqID: 0,
            LogID: 0,
            service: SERVICE_ID,
            method: DATA,
            headers: [
              { key: 'type', value: 'event' },
              { key: 'message_id', value: messageId },
              { key: 'sum', value: String(sum) },
              { key: 'seq', value: String(seq) },
              { key: 'trace_id', value: `trace_${seq}` },
            ],
            payload: bytes.subarray(seq * size, (seq + 1) * size),
          }),
        );
      }
      return acked;
    },
    dropConnections() {
      for (const ws of sockets) ws.terminate();
    },
    async waitFor(pred, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred()) {
        if (Date.now() > deadline) throw new Error('fake long connection: condition not met in time');
        await sleep(10);
      }
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  return fake;
}
