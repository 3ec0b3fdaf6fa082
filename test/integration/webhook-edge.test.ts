import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/http/routes/lark.ts';
import { decryptLark } from '../../src/lark/crypto.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import type { SignedRequest } from '../support/lark-requests.ts';
import {
  encryptBody,
  fixtureSecrets,
  larkSignature,
  messageEvent,
  signedRequest,
  urlVerification,
} from '../support/lark-requests.ts';

let h: Harness;
const key = fixtureSecrets.encryptKey;
const token = fixtureSecrets.verificationToken;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

const eventCount = async () => (await h.deps.db.selectFrom('lark_events').select('id').execute()).length;
const event = () =>
  messageEvent({ tenantKey: SAMPLE.tenantKey, senderOpenId: SAMPLE.housing.head, text: '帮助' });
const enc = (plain: string) => JSON.stringify({ encrypt: encryptBody(key, plain) });

/** Ciphertext whose last block does not unpad: what a padding-oracle attacker sends most of the time. */
function badPadding(): string {
  for (;;) {
    const candidate = randomBytes(48).toString('base64');
    if (decryptLark(key, candidate) === null) return JSON.stringify({ encrypt: candidate });
  }
}

/** Valid PKCS#7 padding around bytes that are not JSON: the other half of the oracle. */
function goodPaddingNotJson(): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', createHash('sha256').update(key).digest(), iv);
  const bytes = Buffer.concat([iv, cipher.update(randomBytes(20)), cipher.final()]);
  return JSON.stringify({ encrypt: bytes.toString('base64') });
}

type Headers = Record<string, string>;
const noHeaders: Headers = { 'content-type': 'application/json' };
const ts = () => String(Math.floor(Date.now() / 1000));
/** Signature headers over other bytes than the body sent. */
const wrongSignature = (): Headers => ({
  ...noHeaders,
  'x-lark-request-timestamp': ts(),
  'x-lark-request-nonce': 'n1',
  'x-lark-signature': larkSignature(ts(), 'n1', key, '{"encrypt":"other"}'),
});
/** A correct-looking signature made with another key. */
const otherKey = (body: string): Headers => ({
  ...noHeaders,
  'x-lark-request-timestamp': ts(),
  'x-lark-request-nonce': 'n2',
  'x-lark-signature': larkSignature(ts(), 'n2', 'not-the-key', body),
});

const bodies: Array<[string, () => string]> = [
  ['bad padding', badPadding],
  ['good padding, not JSON', goodPaddingNotJson],
  ['encrypted JSON that is not an object', () => enc('[1,2]')],
  ['a valid encrypted event', () => enc(JSON.stringify(event()))],
  ['an encrypted challenge with the wrong token', () => enc(JSON.stringify(urlVerification('forged', 'c1')))],
  [
    'an encrypted challenge with an extra field',
    () => enc(JSON.stringify({ ...urlVerification(token, 'c2'), header: {} })),
  ],
  ['an encrypted challenge with an odd value', () => enc(JSON.stringify(urlVerification(token, 'a"b c')))],
  ['a plaintext challenge with the wrong token', () => JSON.stringify(urlVerification('forged', 'c3'))],
  ['a plaintext event', () => JSON.stringify(event())],
  ['not JSON', () => '{"encrypt":'],
  ['encrypt not a string', () => JSON.stringify({ encrypt: 42 })],
  ['encrypt beside other fields', () => JSON.stringify({ encrypt: encryptBody(key, '{}'), type: 'x' })],
  ['an empty body', () => ''],
];

describe('unsigned and wrongly signed requests (padding oracle)', () => {
  it('all get one byte-identical refusal and store nothing', async () => {
    const before = await eventCount();
    const answers = new Set<string>();
    const cases: string[] = [];
    for (const [name, build] of bodies) {
      for (const [how, headers] of [
        ['unsigned', () => noHeaders],
        ['wrong signature', wrongSignature],
        ['signed with another key', otherKey],
      ] as Array<[string, (body: string) => Headers]>) {
        const body = build();
        for (const path of ['/lark/events', '/lark/cards']) {
          const res = await h.app.request(path, { method: 'POST', body, headers: headers(body) });
          const text = await res.text();
          answers.add(`${res.status} ${res.headers.get('content-type')} ${text}`);
          cases.push(`${name} / ${how} ${path}: ${res.status} ${text}`);
        }
      }
    }
    expect(answers.size, cases.join('\n')).toBe(1);
    expect([...answers][0]).toMatch(/^401 application\/json {"error":"BAD_SIGNATURE"/);
    expect(await eventCount()).toBe(before);
  });

  it('the real challenge is still answered, plain and encrypted', async () => {
    const plain = JSON.stringify(urlVerification(token, 'chal-1'));
    const encrypted = enc(JSON.stringify(urlVerification(token, '5634b122-c042-4634-bc7f-b07a3c3e77ad')));
    for (const [body, challenge] of [
      [plain, 'chal-1'],
      [encrypted, '5634b122-c042-4634-bc7f-b07a3c3e77ad'],
    ] as const) {
      const res = await h.app.request('/lark/events', { method: 'POST', body, headers: noHeaders });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ challenge });
    }
  });

  it('a signed event is still received, and a signed one that does not decrypt is told so', async () => {
    const before = await eventCount();
    const ok = await h.postRaw(signedRequest(fixtureSecrets, event()));
    expect(ok.status).toBe(200);
    expect(await eventCount()).toBe(before + 1);
    const garbled = signRaw(badPadding());
    const res = await h.postRaw(garbled);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('UNDECRYPTABLE');
    expect(await eventCount()).toBe(before + 1);
  });
});

function signRaw(body: string): SignedRequest {
  const t = ts();
  return {
    body,
    headers: {
      ...noHeaders,
      'x-lark-request-timestamp': t,
      'x-lark-request-nonce': 'n3',
      'x-lark-signature': larkSignature(t, 'n3', key, body),
    },
  };
}

describe('a refused oversized body on a keep-alive connection', () => {
  let server: ServerType;
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is answered 413 with Connection: close, and the next request on the same agent is answered', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = (body: string, headers: Headers) =>
      new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port, path: '/lark/events', method: 'POST', agent, headers },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => {
              text += d.toString();
            });
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      for (const chunked of [false, true]) {
        const big = signedRequest(fixtureSecrets, { ...event(), padding: 'x'.repeat(MAX_BODY_BYTES) });
        const tooBig = await post(
          big.body,
          chunked ? big.headers : { ...big.headers, 'content-length': String(Buffer.byteLength(big.body)) },
        );
        const next = signedRequest(fixtureSecrets, event());
        const answered = await post(next.body, next.headers);
        expect(tooBig.status).toBe(413);
        expect(tooBig.connection).toBe('close');
        expect(answered.status).toBe(200);
        expect(JSON.parse(answered.body)).toMatchObject({ ok: true });
      }
    } finally {
      agent.destroy();
    }
  });
});
