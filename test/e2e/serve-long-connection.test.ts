import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LarkEmulator } from '../../src/lark/emulator/server.ts';
import { startLarkEmulator } from '../../src/lark/emulator/server.ts';
import type { TestDb } from '../support/db.ts';
import { createTestDb } from '../support/db.ts';
import { importSample, SAMPLE } from '../support/directory.ts';
import type { FakeLongConnection } from '../support/fake-long-connection.ts';
import { startFakeLongConnection } from '../support/fake-long-connection.ts';
import { messageEvent } from '../support/lark-requests.ts';
import type { ServeProcess } from '../support/serve-process.ts';
import { startServe } from '../support/serve-process.ts';

/**
 * A county with no public ingress: `duban serve` with LARK_EVENT_MODE=ws and nothing but the app's
 * credentials. Feishu here is one URL serving the long-connection endpoint and the Open API.
 */

let db: TestDb;
let openApi: LarkEmulator;
let feishu: FakeLongConnection;
let server: ServeProcess;

const readyz = async () => {
  const res = await fetch(`${server.base}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  db = await createTestDb();
  await importSample(db.db);
  openApi = await startLarkEmulator({ appId: 'cli_a1b2c3d4e5f60718', appSecret: 'longConnectionSecret0001' });
  feishu = await startFakeLongConnection({
    appId: openApi.appId,
    appSecret: openApi.appSecret,
    openApi: openApi.url,
  });
  server = await startServe(
    {
      DATABASE_URL: db.url,
      LARK_EVENT_MODE: 'ws',
      LARK_APP_ID: feishu.appId,
      LARK_APP_SECRET: feishu.appSecret,
      LARK_DOMAIN: feishu.url,
    },
    12,
  );
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await feishu?.close();
  await openApi?.close();
  await db?.drop();
});

describe('duban serve with LARK_EVENT_MODE=ws', () => {
  it('connects out, reports the connection in /readyz, and answers an event that came over it', async () => {
    await expect
      .poll(async () => (await readyz()).body.longConnection, { timeout: 20_000 })
      .toBe('connected');
    expect((await readyz()).status).toBe(200);
    const ev = messageEvent({ tenantKey: SAMPLE.tenantKey, senderOpenId: SAMPLE.office.zhou, text: '帮助' });
    expect((await feishu.sendEvent(ev)).code).toBe(200);
    await openApi.waitFor(
      () => openApi.messages().some((m) => m.reply_to === ev.event.message.message_id),
      20_000,
    );
  });

  it('is not ready while the connection is down, and is again once it is back', async () => {
    feishu.refuseEndpoint(20);
    feishu.dropConnections();
    await expect.poll(async () => (await readyz()).status, { timeout: 20_000 }).toBe(503);
    await expect
      .poll(async () => (await readyz()).body.longConnection, { timeout: 20_000 })
      .toBe('connected');
    const lost = server.logs
      .join('')
      .split('\n')
      .filter((l) => l.includes('long connection to Feishu lost'));
    expect(lost).toHaveLength(1);
  });
});
