import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopback } from '../../src/entry/serve.ts';
import { ADMIN_COOKIE } from '../../src/http/admin-auth.ts';
import { createApp } from '../../src/http/app.ts';
import { createAdminApp } from '../../src/http/routes/admin.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';

const TOKEN = 'test-admin-token-0123456789abcdef';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let h: Harness;

beforeAll(async () => {
  h = await createHarness({ sample: false });
});
afterAll(async () => h.close());

const withToken = (metricsOpen = false) =>
  createApp(h.deps, {
    metricsOpen,
    adminToken: TOKEN,
    admin: createAdminApp(TOKEN, h.deps.jobs.queues.values()),
  });

describe('/admin/queues (Bull Board)', () => {
  it('does not exist when DUBAN_ADMIN_TOKEN is unset', async () => {
    const app = createApp(h.deps);
    expect((await app.request('/admin/queues')).status).toBe(404);
    expect((await app.request('/admin/queues/api/queues')).status).toBe(404);
  });

  it('refuses without the token or with a wrong one, and serves the board and its API with it', async () => {
    const app = withToken();
    for (const headers of [{}, bearer('wrong-token-0123456789abcdef')]) {
      const res = await app.request('/admin/queues', { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    }
    expect((await app.request('/admin/queues/api/queues')).status).toBe(401);

    const page = await app.request('/admin/queues', { headers: bearer(TOKEN) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const api = await app.request('/admin/queues/api/queues', { headers: bearer(TOKEN) });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['cards', 'events', 'followup', 'maintenance', 'send']);
  });

  it('a browser trades ?token= once for an HttpOnly session cookie and a clean URL', async () => {
    const app = withToken();
    expect((await app.request('/admin/queues?token=nope')).status).toBe(401);

    const login = await app.request(`/admin/queues?token=${TOKEN}&foo=1`);
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/admin/queues?foo=1');
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0] ?? '';
    expect(cookie.startsWith(`${ADMIN_COOKIE}=`)).toBe(true);

    expect((await app.request('/admin/queues', { headers: { cookie } })).status).toBe(200);
    expect((await app.request('/admin/queues/api/queues', { headers: { cookie } })).status).toBe(200);
    const forged = `${ADMIN_COOKIE}=${cookie.split('=')[1]?.replace(/.$/, (c) => (c === 'x' ? 'y' : 'x'))}`;
    expect((await app.request('/admin/queues', { headers: { cookie: forged } })).status).toBe(401);
  });

  it('a session made for another token is refused', async () => {
    const other = createApp(h.deps, {
      adminToken: 'another-token-0123456789abcdef',
      admin: createAdminApp('another-token-0123456789abcdef', h.deps.jobs.queues.values()),
    });
    const login = await other.request('/admin/queues?token=another-token-0123456789abcdef');
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await withToken().request('/admin/queues', { headers: { cookie } })).status).toBe(401);
  });
});

describe('GET /metrics access', () => {
  it('counts only loopback listen addresses as loopback', () => {
    expect(['127.0.0.1', '127.0.0.2', '::1', 'localhost'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['0.0.0.0', '::', '10.0.0.5', '127.0.0.1.example.com'].map(isLoopback)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('is open when the server listens on loopback only', async () => {
    const res = await createApp(h.deps, { metricsOpen: true }).request('/metrics');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('# TYPE duban_webhook_requests_total counter');
  });

  it('otherwise needs the admin token as a Bearer token', async () => {
    const app = withToken();
    expect((await app.request('/metrics')).status).toBe(401);
    expect((await app.request('/metrics', { headers: bearer('wrong-token-0123456789abcdef') })).status).toBe(
      401,
    );
    expect((await app.request('/metrics', { headers: bearer(TOKEN) })).status).toBe(200);
  });

  it('is refused with a reason when not on loopback and no token is set', async () => {
    const res = await createApp(h.deps).request('/metrics');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'metrics_protected' });
  });
});
