/**
 * 10,000 reminders due in the same minute, end to end: follow-up jobs fire the steps, the outbox
 * sends them through the real SDK to the fake Feishu with its rate limits on (50/s per app, 5/s per
 * chat). Fresh database and Redis prefix per scenario.
 *   npx tsx bench/reminders.ts [--items 10000] [--mode distinct|units|digest|all] [--json]
 *   distinct: every item's unit is its own chat (the app limit is what binds)
 *   units:    the sample directory's 8 units share the items (8 chats × 5/s is what binds)
 *   digest:   as units, with the per-recipient daily digest on (减负)
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadTenantContext } from '../src/db/queries/tenants.ts';
import type { Deps } from '../src/deps.ts';
import { beijingInstant } from '../src/domain/calendar/index.ts';
import { startEngine } from '../src/entry/engine.ts';
import { createJobQueue } from '../src/jobs/queue.ts';
import { createLarkApi } from '../src/lark/client.ts';
import type { SentMessage } from '../src/lark/emulator/server.ts';
import { startLarkEmulator } from '../src/lark/emulator/server.ts';
import { createLogger } from '../src/lib/logger.ts';
import { noMetrics } from '../src/metrics/metrics.ts';
import { followupDb, rescheduleItem } from '../src/services/followup/index.ts';
import { createTestDb } from '../test/support/db.ts';
import { importSample, SAMPLE } from '../test/support/directory.ts';
import { TEST_REDIS_URL } from '../test/support/env.ts';
import { seedItems, seedUnits, setFollowupSettings } from '../test/support/followup-seed.ts';
import { rollingPeak } from '../test/support/rolling-peak.ts';

type Mode = 'distinct' | 'units' | 'digest';
export type BenchResult = {
  mode: Mode;
  items: number;
  receivers: number;
  delivered: number;
  seconds: number;
  ratePerSecond: number;
  fractionOfAppLimit: number;
  /** Against what binds: 50/s for the app, or 5/s for each receiver when there are fewer than ten. */
  fractionOfBindingLimit: number;
  peakAppPerSecond: number;
  peakReceiverPerSecond: number;
  http429: number;
  /** Messages Feishu showed twice under one uuid (the fake keeps one per uuid, so this is a bug check). */
  duplicateUuids: number;
  /** Calls repeated with a uuid already sent (Feishu drops them; only after a crash should there be any). */
  resentUuids: number;
  duplicateSteps: number;
  missedItems: number;
};

const DUE = beijingInstant('2026-10-12', '09:00');
const LEAD_MS = 20_000;

async function waitUntil(
  pred: () => Promise<boolean> | boolean,
  timeoutMs: number,
  tick: () => void,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await pred()) return true;
    tick();
    await new Promise((r) => setTimeout(r, 1000));
  }
  return false;
}

export async function runScenario(mode: Mode, items: number, log: (s: string) => void): Promise<BenchResult> {
  const fake = await startLarkEmulator({ rateLimit: { appPerSecond: 50, perReceiverPerSecond: 5 } });
  const testDb = await createTestDb();
  const logger = createLogger(process.env.BENCH_LOG_LEVEL ?? 'silent');
  const redis = {
    url: process.env.TEST_REDIS_URL ?? TEST_REDIS_URL,
    prefix: `bench${randomBytes(4).toString('hex')}`,
  };
  const jobs = createJobQueue(redis, logger);
  // The engine's clock stands LEAD_MS before 09:00 on a working day when the scenario starts.
  const offset = DUE.getTime() - LEAD_MS - Date.now();
  const deps: Deps = {
    db: testDb.db,
    jobs,
    lark: createLarkApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url }, logger),
    logger,
    secrets: { encryptKey: undefined, verificationToken: undefined },
    now: () => new Date(Date.now() + offset),
    metrics: noMetrics,
  };
  try {
    await importSample(testDb.db);
    const units =
      mode === 'distinct'
        ? (await seedUnits(testDb.db, items, { tag: 'bn', chats: true })).map((u) => u.id)
        : (await testDb.db.selectFrom('units').select('id').orderBy('id').execute()).map((u) => u.id);
    if (mode === 'digest') await setFollowupSettings(testDb.db, { digest: true });
    const ids = await seedItems(
      testDb.db,
      Array.from({ length: items }, (_, i) => ({
        leadUnitId: units[i % units.length] ?? 0,
        deadline: '2026-10-12',
        issuedAt: beijingInstant('2026-09-28', '10:00'),
      })),
    );
    // Every item gets the same plan (due-day at 09:00); plan one the real way, store it for all.
    const ctx = await loadTenantContext(testDb.db, SAMPLE.tenantKey);
    const first = await testDb.db
      .transaction()
      .execute((trx) => rescheduleItem(trx, ctx, ids[0] ?? 0, deps.now()));
    if (first?.at.getTime() !== DUE.getTime()) throw new Error(`unexpected plan ${JSON.stringify(first)}`);
    await testDb.db
      .updateTable('items')
      .set({ next_action_at: first.at, next_action_step: first.step })
      .where('id', 'in', ids)
      .execute();
    log(`${mode}: ${items} items for ${mode === 'distinct' ? items : units.length} receivers, due at 09:00`);

    // The start-up sweep queues them all as delayed jobs for 09:00.
    const engine = startEngine({ deps, dbHandle: testDb, redis, close: async () => {} });
    await new Promise((r) => setTimeout(r, Math.max(0, DUE.getTime() - deps.now().getTime())));
    const started = Date.now();
    const expected = mode === 'digest' ? units.length : items;
    const done = await waitUntil(
      () => fake.messages().length >= expected,
      Math.max(180_000, (items / 30) * 1000),
      () =>
        log(
          `  ${fake.messages().length}/${expected} delivered, ${fake.requests.filter((r) => r.status === 429).length} × 429`,
        ),
    );
    const lastAt = Math.max(started, ...fake.messages().map((m) => m.at));
    const seconds = (lastAt - started) / 1000;
    // Anything late or doubled would show within a few more seconds.
    await new Promise((r) => setTimeout(r, 3000));
    await engine.close();
    const calls = fake.requests.filter((r) => r.path === '/open-apis/im/v1/messages' && r.status === 200);
    const callUuids = calls.map((r) => String((r.body as { uuid?: string }).uuid));
    return await measure(testDb.db, {
      mode,
      items,
      expected,
      seconds,
      done,
      messages: fake.messages(),
      http429: fake.requests.filter((r) => r.status === 429).length,
      resentUuids: callUuids.length - new Set(callUuids).size,
    });
  } finally {
    await jobs.close();
    await testDb.drop();
    await fake.close();
  }
}

type Observed = {
  mode: Mode;
  items: number;
  expected: number;
  seconds: number;
  done: boolean;
  messages: SentMessage[];
  http429: number;
  resentUuids: number;
};

async function measure(
  db: Parameters<typeof followupDb>[0],
  { mode, items, expected, seconds, done, messages, http429, resentUuids }: Observed,
): Promise<BenchResult> {
  const outbox = await db.selectFrom('outbox').select(['id', 'item_id', 'purpose']).execute();
  const itemOf = new Map(outbox.map((o) => [o.id, o.item_id]));
  const uuids = messages.map((m) => m.uuid ?? '');
  const perItem = new Map<number, number>();
  for (const u of uuids) {
    const item = itemOf.get(u);
    if (item != null) perItem.set(item, (perItem.get(item) ?? 0) + 1);
  }
  const steps = await followupDb(db).selectFrom('followup_steps').select('item_id').execute();
  const fired = new Set(steps.map((s) => s.item_id));
  const missed =
    mode === 'digest'
      ? Math.max(0, items - fired.size) + Math.max(0, expected - messages.length)
      : items - perItem.size;
  const byChat = new Map<string, number[]>();
  for (const m of messages) byChat.set(m.chat_id, [...(byChat.get(m.chat_id) ?? []), m.at]);
  const rate = messages.length / Math.max(seconds, 0.001);
  return {
    mode,
    items,
    receivers: byChat.size,
    delivered: messages.length,
    seconds: Number(seconds.toFixed(1)),
    ratePerSecond: Number(rate.toFixed(1)),
    fractionOfAppLimit: Number((rate / 50).toFixed(3)),
    fractionOfBindingLimit: Number((rate / Math.min(50, 5 * byChat.size)).toFixed(3)),
    peakAppPerSecond: rollingPeak(messages.map((m) => m.at)),
    peakReceiverPerSecond: Math.max(0, ...[...byChat.values()].map(rollingPeak)),
    http429,
    duplicateUuids: uuids.length - new Set(uuids).size,
    resentUuids,
    duplicateSteps: [...perItem.values()].filter((n) => n > 1).length + (steps.length - fired.size),
    missedItems: done ? missed : Math.max(missed, expected - messages.length),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      items: { type: 'string', default: '10000' },
      mode: { type: 'string', default: 'distinct' },
      json: { type: 'boolean', default: false },
    },
  });
  const items = Number(values.items);
  const modes: Mode[] = values.mode === 'all' ? ['distinct', 'units', 'digest'] : [values.mode as Mode];
  const results: BenchResult[] = [];
  for (const mode of modes)
    results.push(await runScenario(mode, items, (s) => process.stderr.write(`${s}\n`)));
  if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else console.table(results);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
