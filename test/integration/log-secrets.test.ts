import { Writable } from 'node:stream';
import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.ts';
import { announceStartup, buildRuntime } from '../../src/entry/runtime.ts';
import { createLarkApi } from '../../src/lark/client.ts';
import type { LarkEmulator } from '../../src/lark/emulator/server.ts';
import { startLarkEmulator } from '../../src/lark/emulator/server.ts';
import { createLogger } from '../../src/lib/logger.ts';
import type { TestDb } from '../support/db.ts';
import { createTestDb } from '../support/db.ts';

let fake: LarkEmulator;
let testDb: TestDb;
beforeAll(async () => {
  fake = await startLarkEmulator();
  testDb = await createTestDb({ migrate: false });
});
afterAll(async () => {
  await testDb.drop();
  await fake.close();
});

/** A logger at trace level whose lines the test reads. */
function capturedLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger('trace', {}, sink), lines };
}

describe('no secret reaches the log', () => {
  it('start-up with passwords in DATABASE_URL and REDIS_URL names the servers, not the passwords', async () => {
    const { logger, lines } = capturedLogger();
    const dbUrl = new URL(testDb.url);
    dbUrl.password = 'pg-pass-S3CRET';
    const env = parseEnv({
      DATABASE_URL: dbUrl.toString(),
      // Nothing listens on port 1: the start-up check reports Redis unreachable, with its address.
      REDIS_URL: 'redis://duban:redis-pass-S3CRET@127.0.0.1:1/0',
    });
    if (!env.ok) throw new Error(env.error);
    const built = await buildRuntime(env.value, logger);
    if (!built.ok) throw new Error(built.error);
    const rt = built.value;
    try {
      await announceStartup(rt, env.value);
    } finally {
      await rt.close();
    }
    const all = lines.join('\n');
    expect(all).toContain('redis://duban:***@127.0.0.1:1/0');
    expect(all).not.toContain('S3CRET');
  });

  it('a failed token fetch and a refused send log what went wrong, without app_secret or the token', async () => {
    const { logger, lines } = capturedLogger();
    const api = createLarkApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url }, logger);
    fake.failNext((r) => r.path.endsWith('/tenant_access_token/internal'), {
      status: 500,
      body: { code: 1, msg: 'internal error' },
    });
    const send = (uuid: string) =>
      api.send({
        receiveIdType: 'chat_id',
        receiveId: 'oc_x',
        replyTo: null,
        msgType: 'text',
        content: '{}',
        uuid,
      });
    expect((await send('u-1')).ok).toBe(false);
    fake.failNext((r) => r.path === '/open-apis/im/v1/messages', {
      status: 400,
      body: { code: 230001, msg: 'invalid receive_id' },
    });
    expect((await send('u-2')).ok).toBe(false);
    const token = fake.requests.find((r) => r.path === '/open-apis/im/v1/messages')?.headers.authorization;
    expect(token).toMatch(/^Bearer t-/);

    const all = lines.join('\n');
    expect(lines.some((l) => l.includes('lark sdk error'))).toBe(true);
    expect(all).toContain('internal error');
    expect(all).not.toContain(fake.appSecret);
    expect(all).not.toContain(token?.slice('Bearer '.length));
  });

  it('an HTTP client error logged as err keeps its message and code, not its Authorization header', async () => {
    const { logger, lines } = capturedLogger();
    const secret = 'Bearer t-never-in-a-log';
    let thrown: unknown;
    try {
      await lark.defaultHttpInstance.post(
        `${fake.url}/open-apis/im/v1/messages?receive_id_type=chat_id`,
        { receive_id: 'oc_x', msg_type: 'text', content: '{}', app_secret: 'in-the-body-too' },
        { headers: { Authorization: secret } },
      );
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    logger.error({ err: thrown }, 'unhandled error');
    // Objects handed to the logger are redacted by key wherever they sit.
    logger.warn({ req: { headers: { authorization: secret } }, body: { app_secret: 'plain-S3CRET' } }, 'x');
    const all = lines.join('\n');
    expect(all).toMatch(/"status":4\d\d/);
    expect(all).not.toContain('t-never-in-a-log');
    expect(all).not.toContain('in-the-body-too');
    expect(all).not.toContain('plain-S3CRET');
  });
});
