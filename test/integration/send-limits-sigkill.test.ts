import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTenantContext } from '../../src/db/queries/tenants.ts';
import { beijingInstant } from '../../src/domain/calendar/index.ts';
import { followupDb, queueFollowup, rescheduleItem } from '../../src/services/followup/index.ts';
import { SAMPLE } from '../support/directory.ts';
import { seedItems, seedUnits } from '../support/followup-seed.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';

const CHILD = fileURLToPath(new URL('./send-limits.child.ts', import.meta.url));
let h: Harness;
const children: ChildProcess[] = [];
/** Both the test and the jobs processes run on a clock at 10:00 on a working day. */
const offset = beijingInstant('2026-10-12', '10:00').getTime() - Date.now();

beforeAll(async () => {
  h = await createHarness();
  h.deps.now = () => new Date(Date.now() + offset);
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await h.close();
});

/** Starts a jobs process (node with tsx, one process, so SIGKILL kills all of it) and waits until it runs. */
async function startJobsProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: {
      ...process.env,
      ...h.fake.env(),
      DATABASE_URL: h.testDb.url,
      REDIS_URL: h.redis.url,
      CHILD_REDIS_PREFIX: h.redis.prefix,
      CHILD_CLOCK_OFFSET_MS: String(offset),
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`jobs process exited with ${code}`)));
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('the jobs process killed mid-batch', () => {
  it('SIGKILL while steps fire and messages go out: a second process finishes, each message delivered once', async () => {
    const N = 240;
    h.fake.setRateLimit({ appPerSecond: 50, perReceiverPerSecond: 5 });
    const units = await seedUnits(h.deps.db, N, { tag: 'kl', chats: true });
    const ids = await seedItems(
      h.deps.db,
      units.map((u) => ({
        leadUnitId: u.id,
        deadline: '2026-10-12',
        issuedAt: beijingInstant('2026-09-28', '10:00'),
      })),
    );
    const ctx = await loadTenantContext(h.deps.db, SAMPLE.tenantKey);
    for (const id of ids) {
      const next = await h.deps.db.transaction().execute((trx) => rescheduleItem(trx, ctx, id, h.deps.now()));
      expect(next?.step).toBe('due-day@2026-10-12');
      await queueFollowup(h.deps, id, next?.at, next?.step);
    }

    const first = await startJobsProcess();
    await h.fake.waitFor(() => h.fake.messages().length >= 70, 30_000);
    await kill(first);
    const cutOff = await h.deps.db
      .selectFrom('outbox')
      .select('status')
      .where('status', '=', 'sending')
      .execute();
    // The kill landed mid-send: claimed rows whose fate the dead process never recorded.
    expect(cutOff.length).toBeGreaterThan(0);

    await startJobsProcess();
    await h.fake.waitFor(() => h.fake.messages().length >= N, 60_000);
    await h.fake.waitFor(async () => {
      const rows = await h.deps.db.selectFrom('outbox').select('status').execute();
      return rows.length === N && rows.every((r) => r.status === 'sent');
    }, 20_000);
    await new Promise((r) => setTimeout(r, 1_000));

    const messages = h.fake.messages();
    expect(messages).toHaveLength(N);
    expect(new Set(messages.map((m) => m.uuid)).size).toBe(N);
    expect(new Set(messages.map((m) => m.chat_id)).size).toBe(N);
    const steps = await followupDb(h.deps.db)
      .selectFrom('followup_steps')
      .select(['item_id', 'step'])
      .execute();
    expect(steps).toHaveLength(N);
    expect(new Set(steps.map((s) => s.item_id)).size).toBe(N);
    const events = await h.deps.db
      .selectFrom('item_events')
      .select('item_id')
      .where('action', '=', 'auto_remind')
      .execute();
    expect(events).toHaveLength(N);
  }, 120_000);
});
