import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.ts';
import type { Deps } from '../../src/deps.ts';
import type { Engine } from '../../src/entry/engine.ts';
import { startEngine } from '../../src/entry/engine.ts';
import { createApp } from '../../src/http/app.ts';
import type { AppEnv } from '../../src/http/context.ts';
import type { RedisSettings } from '../../src/jobs/queue.ts';
import { createJobQueue } from '../../src/jobs/queue.ts';
import { createLarkApi } from '../../src/lark/client.ts';
import { p2pChatIdFor } from '../../src/lark/emulator/ids.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { noMetrics } from '../../src/metrics/metrics.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { startSandbox } from '../../src/sandbox/index.ts';
import type { TestDb } from '../support/db.ts';
import { createTestDb } from '../support/db.ts';
import { SAMPLE } from '../support/directory.ts';
import { TEST_REDIS_URL } from '../support/env.ts';

let testDb: TestDb;
let sandbox: Sandbox;
let deps: Deps;
let app: Hono<AppEnv>;
let engine: Engine;
const redis: RedisSettings = { url: TEST_REDIS_URL, prefix: `t${randomBytes(5).toString('hex')}` };

beforeAll(async () => {
  testDb = await createTestDb();
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const env = parseEnv({});
  if (!env.ok) throw new Error(env.error);
  sandbox = await startSandbox(env.value, logger);
  // An empty database: the sandbox brings the sample county.
  await sandbox.prepare(testDb.db);
  const { LARK_APP_ID, LARK_APP_SECRET, LARK_DOMAIN, LARK_ENCRYPT_KEY, LARK_VERIFICATION_TOKEN } =
    sandbox.env;
  deps = {
    db: testDb.db,
    jobs: createJobQueue(redis, logger),
    lark: createLarkApi({ appId: LARK_APP_ID, appSecret: LARK_APP_SECRET, domain: LARK_DOMAIN }, logger),
    logger,
    secrets: { encryptKey: LARK_ENCRYPT_KEY, verificationToken: LARK_VERIFICATION_TOKEN },
    now: sandbox.clock.now,
    metrics: noMetrics,
  };
  app = createApp(deps, {
    mounts: [{ path: '/sandbox', app: sandbox.routes(deps, async (r) => app.fetch(r)) }],
  });
  // No periodic sweep during the tests: a clock jump must set the engine going by itself.
  engine = startEngine(
    { deps, dbHandle: testDb, redis, close: async () => {} },
    { sweepIntervalMs: 3_600_000 },
  );
});

afterAll(async () => {
  await engine.close();
  await deps.jobs.close();
  const r = new Redis(redis.url);
  const keys = await r.keys(`${redis.prefix}:*`);
  if (keys.length) await r.del(...keys);
  await r.quit();
  await sandbox.close();
  await testDb.drop();
});

const form = (fields: Record<string, string | Blob>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};
const send = (fields: Record<string, string | Blob>) =>
  app.request('/sandbox/send', { method: 'POST', body: form(fields) });
const postJson = (path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const events = () =>
  deps.db.selectFrom('lark_events').select(['event_type', 'payload']).orderBy('id').execute();
const lastMessageOf = async () => {
  const rows = await events();
  const payload = rows.at(-1)?.payload as { event: { message: Record<string, unknown> } } | undefined;
  return payload?.event.message;
};

describe('the sandbox plays Feishu', () => {
  it('imported the sample county into an empty database and lists its people', async () => {
    const page = await (await app.request('/sandbox')).text();
    expect(page).toContain('李建国');
    expect(page).toContain('赵立新');
    const tenants = await deps.db.selectFrom('tenants').select('tenant_key').execute();
    expect(tenants.map((t) => t.tenant_key)).toEqual([SAMPLE.tenantKey]);
  });

  it('a group message without @ stays in the group; with @ it reaches the bot as a signed event', async () => {
    const before = (await events()).length;
    const quiet = await send({
      as: SAMPLE.office.zhou,
      chat: SAMPLE.groups.supervision,
      kind: 'text',
      text: '大家好',
    });
    expect(await quiet.json()).toMatchObject({ note: '未@机器人：消息只留在群里' });
    expect(await events()).toHaveLength(before);

    const loud = await send({
      as: SAMPLE.office.zhou,
      chat: SAMPLE.groups.supervision,
      kind: 'text',
      text: '帮助',
      mention: '1',
    });
    expect(loud.status).toBe(200);
    const message = await lastMessageOf();
    expect(message).toMatchObject({ chat_type: 'group', chat_id: SAMPLE.groups.supervision });
    expect(JSON.stringify(message?.mentions)).toContain(sandbox.emulator.botOpenId);
    // The bot's answer threads into the group, where the page shows it.
    await sandbox.emulator.waitFor(() =>
      sandbox.emulator
        .messages()
        .some((m) => m.chat_id === SAMPLE.groups.supervision && m.msg_type === 'interactive'),
    );
  });

  it('a post, a merged forward and a file arrive in Feishu’s shapes', async () => {
    const me = SAMPLE.housing.head;
    const chat = p2pChatIdFor(me);
    await send({ as: me, chat, kind: 'post', title: '进展', text: '已完成入户摸底\n正在汇总' });
    expect(JSON.parse(String((await lastMessageOf())?.content))).toMatchObject({ title: '进展' });

    await send({ as: me, chat, kind: 'merge_forward', text: '李建国：请抓紧落实\n周敏：已转住建局' });
    const forward = await lastMessageOf();
    expect(forward).toMatchObject({ message_type: 'merge_forward', content: 'Merged and Forwarded Message' });
    const inner = sandbox.emulator.userMessages().filter((m) => m.upper_message_id === forward?.message_id);
    expect(inner.map((m) => m.sender_open_id)).toEqual([SAMPLE.leaders.li, SAMPLE.office.zhou]);

    const file = new File([Buffer.from('摸底台账')], '摸底台账.txt');
    await send({ as: me, chat, kind: 'file', file });
    const sentFile = JSON.parse(String((await lastMessageOf())?.content)) as {
      file_key: string;
      file_name: string;
    };
    expect(sentFile.file_name).toBe('摸底台账.txt');
    const download = await app.request(`/sandbox/files/${sentFile.file_key}`);
    expect(await download.text()).toBe('摸底台账');
  });

  it('bad input gets a clear answer and sends nothing', async () => {
    const before = (await events()).length;
    const cases = [
      await send({ as: SAMPLE.stranger, chat: 'oc_x', kind: 'text', text: '你好' }),
      await send({ as: SAMPLE.housing.head, chat: SAMPLE.groups.leaders, kind: 'text', text: '你好' }),
      await send({
        as: SAMPLE.housing.head,
        chat: p2pChatIdFor(SAMPLE.housing.head),
        kind: 'text',
        text: ' ',
      }),
      await postJson('/sandbox/act', {
        as: SAMPLE.housing.head,
        chat: p2pChatIdFor(SAMPLE.housing.head),
        messageId: 'om_not_here',
        value: { a: 'accept', i: 1, v: 1 },
      }),
      await postJson('/sandbox/clock', { move: 'yesterday' }),
    ];
    for (const res of cases) {
      expect(res.status).toBe(400);
      expect((await res.json()) as { error: string }).toMatchObject({
        error: expect.stringMatching(/[\u4e00-\u9fa5]/),
      });
    }
    expect(await events()).toHaveLength(before);
  });

  it('the clock control moves the engine’s time, and the follow-up engine acts on it', async () => {
    const leaderChat = p2pChatIdFor(SAMPLE.leaders.li);
    await send({
      as: SAMPLE.leaders.li,
      chat: leaderChat,
      kind: 'text',
      text: '请县财政局于10个工作日内完成专项资金清理。',
    });
    await sandbox.emulator.waitFor(() =>
      sandbox.emulator
        .messages()
        .some(
          (m) =>
            m.chat_id === SAMPLE.groups.supervision && JSON.stringify(m.content).includes('专项资金清理'),
        ),
    );
    const draft = sandbox.emulator
      .messages()
      .filter((m) => m.chat_id === SAMPLE.groups.supervision)
      .at(-1);
    const item = await deps.db
      .selectFrom('items')
      .selectAll()
      .where('text', 'like', '%专项资金清理%')
      .executeTakeFirstOrThrow();
    const finance = await deps.db
      .selectFrom('units')
      .select('id')
      .where('name', '=', '县财政局')
      .executeTakeFirstOrThrow();
    const issued = await postJson('/sandbox/act', {
      as: SAMPLE.office.zhou,
      chat: SAMPLE.groups.supervision,
      messageId: draft?.message_id,
      value: { a: 'issue', i: item.id, v: item.version },
      name: 'submit',
      formValue: {
        title: '专项资金清理',
        lead: String(finance.id),
        kind: 'forwarded',
        source: 'leader_instruction',
        priority: 'normal',
      },
    });
    expect(await issued.json()).toMatchObject({ toast: { type: 'success' } });

    const before = deps.now().getTime();
    const sentBefore = sandbox.emulator.messages().length;
    const moved = await postJson('/sandbox/clock', { move: 'week' });
    expect(moved.status).toBe(200);
    expect(deps.now().getTime()).toBeGreaterThan(before + 6 * 86_400_000);
    // Not accepted for days: the engine urges the unit without anyone waiting a real week.
    await expect
      .poll(
        async () =>
          (
            await sql<{
              n: number;
            }>`select count(*)::int as n from followup_steps where item_id = ${item.id}`.execute(deps.db)
          ).rows[0]?.n,
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
    await sandbox.emulator.waitFor(() => sandbox.emulator.messages().length > sentBefore, 15_000);
    const toUnit = sandbox.emulator
      .messages()
      .slice(sentBefore)
      .filter((m) => m.receive_id === SAMPLE.finance.head || m.receive_id === SAMPLE.finance.liaison);
    expect(toUnit.length).toBeGreaterThan(0);
  });

  it('a jump to the next working day brings the office its 待办 at once, not at the next minute tick', async () => {
    await send({
      as: SAMPLE.leaders.li,
      chat: p2pChatIdFor(SAMPLE.leaders.li),
      kind: 'text',
      text: '请县教育局于12月20日前完成校舍安全排查。',
    });
    await sandbox.emulator.waitFor(() =>
      sandbox.emulator
        .messages()
        .some(
          (m) =>
            m.chat_id === SAMPLE.groups.supervision && JSON.stringify(m.content).includes('校舍安全排查'),
        ),
    );
    const moved = await postJson('/sandbox/clock', { move: 'nextWorkday' });
    expect(moved.status).toBe(200);
    // The engine's own tick is an hour away in this test: only the jump can have written it.
    await sandbox.emulator.waitFor(
      () =>
        sandbox.emulator
          .messages()
          .some(
            (m) =>
              m.chat_id === SAMPLE.groups.supervision &&
              JSON.stringify(m.content).includes('督查室待办') &&
              JSON.stringify(m.content).includes('校舍安全排查'),
          ),
      10_000,
    );
  });

  it('the clock refuses to go back', () => {
    expect(sandbox.clock.advanceTo(new Date(Date.now() - 1000))).toBe(false);
  });

  it('without the sandbox mount (a Feishu app configured) there is no /sandbox and no clock', async () => {
    const plain = createApp(deps);
    expect((await plain.request('/sandbox')).status).toBe(404);
    expect((await plain.request('/sandbox/clock', { method: 'POST' })).status).toBe(404);
  });
});
