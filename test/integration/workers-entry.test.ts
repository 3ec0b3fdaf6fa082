import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIds } from '../../src/jobs/catalog.ts';
import { SAMPLE } from '../support/directory.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { cardActionEvent, fixtureSecrets, messageEvent, signedRequest } from '../support/lark-requests.ts';
import { clearDubanKeys, freePort, redisDb } from '../support/real-process.ts';

/**
 * `wrangler dev` (workerd, local) serving src/entry/worker.ts against the test Postgres (as a local
 * Hyperdrive connection string) and Redis. The Worker queues with the production prefix, so this file
 * has a Redis database of its own.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REDIS_URL = redisDb(TEST_REDIS_URL, 12);
let h: Harness;
let wrangler: ChildProcess;
let work: string;
let base: string;
let output = '';

/** Hyperdrive's local connection string must carry a password; trust authentication ignores it. */
function withPassword(url: string): string {
  const u = new URL(url);
  if (!u.password) u.password = 'postgres';
  return u.toString();
}

beforeAll(async () => {
  await clearDubanKeys(REDIS_URL);
  h = await createHarness({ redisUrl: REDIS_URL, redisPrefix: 'duban' });
  work = await mkdtemp(path.join(tmpdir(), 'duban-wrangler-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const vars = {
    REDIS_URL,
    LARK_ENCRYPT_KEY: fixtureSecrets.encryptKey,
    LARK_VERIFICATION_TOKEN: fixtureSecrets.verificationToken,
    LARK_DOMAIN: h.fake.url,
    LOG_LEVEL: 'warn',
  };
  wrangler = spawn(
    process.execPath,
    [
      'node_modules/wrangler/bin/wrangler.js',
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--show-interactive-dev-session=false',
      '--persist-to',
      path.join(work, 'state'),
      ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
    ],
    {
      cwd: ROOT,
      // Its own process group, so workerd goes with it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: withPassword(h.testDb.url),
        // No telemetry, error reports, update check or account lookups; config and logs in a scratch dir.
        WRANGLER_SEND_METRICS: 'false',
        WRANGLER_SEND_ERROR_REPORTS: 'false',
        WRANGLER_HIDE_BANNER: 'true',
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        XDG_CONFIG_HOME: path.join(work, 'xdg'),
        WRANGLER_LOG_PATH: path.join(work, 'logs'),
        CLOUDFLARE_API_TOKEN: '',
        CLOUDFLARE_ACCOUNT_ID: '',
      },
    },
  );
  for (const stream of [wrangler.stdout, wrangler.stderr])
    stream?.on('data', (d: Buffer) => {
      output += d.toString();
    });
  for (;;) {
    if (wrangler.exitCode !== null) throw new Error(`wrangler dev exited:\n${output}`);
    const up = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 250));
  }
}, 120_000);

afterAll(async () => {
  if (wrangler?.pid && wrangler.exitCode === null) {
    const exited = new Promise((r) => wrangler.once('exit', r));
    process.kill(-wrangler.pid, 'SIGTERM');
    await exited;
  }
  await h?.close();
  await clearDubanKeys(REDIS_URL);
  if (work) await rm(work, { recursive: true, force: true });
});

const post = (envelope: object, route = '/lark/events') => {
  const req = signedRequest(fixtureSecrets, envelope);
  return fetch(`${base}${route}`, { method: 'POST', body: req.body, headers: req.headers });
};

describe('the Workers entry under wrangler dev', () => {
  it('is ready: Postgres through Hyperdrive and Redis over TCP, on every request', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/readyz`);
      expect(await res.json()).toEqual({ status: 'ready', postgres: true, redis: true });
    }
  });

  it('stores a signed event and queues it to BullMQ; the Node jobs engine sends the reply', async () => {
    const event = messageEvent({ tenantKey: SAMPLE.tenantKey, senderOpenId: SAMPLE.stranger, text: '你好' });
    const res = await post(event);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, outcome: 'queued' });
    // A second request on a fresh connection works too (a client kept across requests would hang).
    expect(await (await post(event)).json()).toEqual({ ok: true, outcome: 'duplicate' });

    const row = await h.deps.db
      .selectFrom('lark_events')
      .select(['id', 'status'])
      .where('event_id', '=', event.header.event_id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    const job = await h.deps.jobs.queues.get('events')?.getJob(jobIds.processEvent(row.id));
    expect(job?.data).toEqual({ eventRowId: row.id });

    // The engine's own sweep leaves events younger than its grace period to the queue: the job is it.
    h.startEngine({ sweepIntervalMs: 600_000 });
    await h.fake.waitFor(() => h.fake.messages().length === 1, 20_000);
    expect(h.fake.messages()[0]?.receive_id ?? h.fake.messages()[0]?.chat_id).toBeTruthy();
    const after = await h.deps.db
      .selectFrom('lark_events')
      .select('status')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('done');
  });

  it('answers a card callback itself, and refuses a forged request', async () => {
    const click = cardActionEvent({
      tenantKey: SAMPLE.tenantKey,
      operatorOpenId: SAMPLE.stranger,
      value: { a: 'accept', i: 1, v: 1 },
    });
    const res = await post(click, '/lark/cards');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ toast: { type: 'error' } });

    const forged = signedRequest(fixtureSecrets, messageEvent({ senderOpenId: SAMPLE.stranger, text: 'x' }));
    forged.headers['x-lark-signature'] = '0'.repeat(64);
    const refused = await fetch(`${base}/lark/events`, {
      method: 'POST',
      body: forged.body,
      headers: forged.headers,
    });
    expect(refused.status).toBe(401);
  });
});
