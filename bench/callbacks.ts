/**
 * Card callbacks under load (issue #15 point 8), measured from outside: signed, encrypted
 * card.action.trigger requests to POST /lark/cards of the real server (its own process, engine
 * running, fake Feishu) at a fixed rate, open loop (each answer timed from when its click was due).
 *   A. 反馈进展 on the unit's notice at --rate clicks/s over 10 accepted items (target p99 ≤ 200 ms);
 *   B. the same rate on one item (every click queues on that item's lock);
 *   C. 20 co-units of one item each pressing their card's button within one second (target: all answered
 *      ≤ 1 s, each with its own refreshed card). A co-unit does not 签收 here (only the lead unit
 *      accepts, domain/lifecycle), so its button is 反馈进展 on its 督查通知单（协办）.
 * Needs what `npm test` needs: Postgres and Redis on 127.0.0.1.
 *   npx tsx bench/callbacks.ts [--seconds 10] [--rate 50] [--json]
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Db } from '../src/db/client.ts';
import { startLarkEmulator } from '../src/lark/emulator/server.ts';
import { createTestDb } from '../test/support/db.ts';
import { importSample, SAMPLE } from '../test/support/directory.ts';
import { TEST_REDIS_URL } from '../test/support/env.ts';
import { seedUnits } from '../test/support/followup-seed.ts';
import {
  cardActionEvent,
  fixtureSecrets,
  messageEvent,
  signedRequest,
} from '../test/support/lark-requests.ts';
import { clearRedisPrefix } from '../test/support/real-process.ts';
import type { BenchServer } from './bench-server.ts';
import { startBenchServer } from './bench-server.ts';

const SERVER = fileURLToPath(new URL('./callbacks-server.ts', import.meta.url));
const FALLBACK = '正在处理';

type Answer = { ms: number; ok: boolean; fallback: boolean; card: boolean };
type Figures = {
  scenario: string;
  clicks: number;
  ok: number;
  fallbacks: number;
  withCard: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
};

let base = '';
const post = async (path: string, envelope: object): Promise<{ status: number; body: unknown }> => {
  const req = signedRequest(fixtureSecrets, envelope);
  const res = await fetch(`${base}${path}`, { method: 'POST', body: req.body, headers: req.headers });
  return { status: res.status, body: await res.json().catch(() => null) };
};

type ClickSpec = {
  who: string;
  value: Record<string, unknown>;
  form?: Record<string, unknown>;
  messageId?: string;
};
const clickEnvelope = (c: ClickSpec) =>
  cardActionEvent({
    tenantKey: SAMPLE.tenantKey,
    operatorOpenId: c.who,
    value: c.value,
    ...(c.form ? { formValue: c.form, name: 'submit' } : {}),
    ...(c.messageId ? { openMessageId: c.messageId } : {}),
  });

async function click(c: ClickSpec): Promise<Answer> {
  const envelope = clickEnvelope(c);
  const start = performance.now();
  return answerOf(await post('/lark/cards', envelope), start);
}

function answerOf(res: { status: number; body: unknown }, start: number): Answer {
  const body = (res.body ?? {}) as { toast?: { type?: string; content?: string }; card?: unknown };
  return {
    ms: performance.now() - start,
    ok: res.status === 200 && body.toast?.type === 'success',
    fallback: body.toast?.content?.includes(FALLBACK) ?? false,
    card: body.card !== undefined,
  };
}

async function until<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('setup timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An item issued the way the office does it (instruction → draft → 交办), through the server. */
async function issue(db: Db, n: number, lead: number, co: number[]): Promise<number> {
  const instruction = `请县住建局牵头开展第${n}批压测燃气管道排查，12月31日前完成。`;
  await post(
    '/lark/events',
    messageEvent({ tenantKey: SAMPLE.tenantKey, senderOpenId: SAMPLE.leaders.li, text: instruction }),
  );
  const draft = await until(() =>
    db.selectFrom('items').select(['id', 'version']).where('text', '=', instruction).executeTakeFirst(),
  );
  const res = await post(
    '/lark/cards',
    clickEnvelope({
      who: SAMPLE.office.zhou,
      value: { a: 'issue', i: draft.id, v: draft.version },
      form: {
        title: `压测事项${n}`,
        lead: String(lead),
        co: co.map(String),
        kind: co.length > 0 ? 'co_handled' : 'forwarded',
        deadline: '2026-12-31 +0800',
        source: 'leader_instruction',
        priority: 'normal',
      },
    }),
  );
  if (res.status !== 200) throw new Error(`issue answered ${res.status}`);
  return draft.id;
}

/** The Feishu message id of the card `purpose` of the item sent to `receiver`, once sent. */
const cardOf = (db: Db, itemId: number, purpose: string, receiver: string) =>
  until(async () => {
    const row = await db
      .selectFrom('outbox')
      .select('message_id')
      .where('item_id', '=', itemId)
      .where('purpose', '=', purpose)
      .where('receive_id', '=', receiver)
      .where('status', '=', 'sent')
      .executeTakeFirst();
    return row?.message_id;
  });

/** Open loop: click i is due at start + i/rate; its answer is timed from then. */
async function atRate(scenario: string, specs: ClickSpec[], rate: number): Promise<Figures> {
  const answers: Answer[] = [];
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < specs.length; ) {
    const now = performance.now();
    for (; i < specs.length && start + (i * 1000) / rate <= now; i++) {
      const due = start + (i * 1000) / rate;
      const spec = specs[i];
      if (!spec) continue;
      const envelope = clickEnvelope(spec);
      inflight.push(
        post('/lark/cards', envelope).then(
          (res) => void answers.push(answerOf(res, due)),
          () => void answers.push({ ms: performance.now() - due, ok: false, fallback: false, card: false }),
        ),
      );
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inflight);
  return figures(scenario, answers);
}

function figures(scenario: string, answers: Answer[]): Figures {
  const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
  const pct = (p: number) => Number((ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0).toFixed(1));
  return {
    scenario,
    clicks: answers.length,
    ok: answers.filter((a) => a.ok).length,
    fallbacks: answers.filter((a) => a.fallback).length,
    withCard: answers.filter((a) => a.card).length,
    p50Ms: pct(0.5),
    p90Ms: pct(0.9),
    p99Ms: pct(0.99),
    maxMs: pct(1),
  };
}

/** Until the clicks answered late have done their work (reports stop coming): the next scenario starts clean. */
async function drained(db: Db): Promise<void> {
  let last = -1;
  for (let stable = 0; stable < 4; ) {
    const { n } = await db
      .selectFrom('item_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    stable = Number(n) === last ? stable + 1 : 0;
    last = Number(n);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      rate: { type: 'string', default: '50' },
      json: { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values.seconds);
  const rate = Number(values.rate);
  const log = (s: string) => values.json || process.stderr.write(`${s}\n`);
  const fake = await startLarkEmulator();
  const testDb = await createTestDb();
  await importSample(testDb.db);
  const coUnits = await seedUnits(testDb.db, 20, { tag: randomBytes(3).toString('hex'), chats: true });
  const db = testDb.db;
  const housing = (
    await db
      .selectFrom('units')
      .select('id')
      .where('name', '=', '县住房和城乡建设局')
      .executeTakeFirstOrThrow()
  ).id;
  const land = (
    await db.selectFrom('units').select('id').where('name', '=', '县自然资源局').executeTakeFirstOrThrow()
  ).id;
  const prefix = `bench${randomBytes(4).toString('hex')}`;
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  let server: BenchServer | undefined;
  try {
    server = await startBenchServer(SERVER, {
      databaseUrl: testDb.url,
      redisPrefix: prefix,
      env: fake.env(),
      nodeArgs: profile,
    });
    base = `http://127.0.0.1:${server.ports[0]}`;
    log('setting up: 10 accepted items (lead 县住建局, co 县自然资源局), one item with 20 co-units');
    const items: Array<{ id: number; notice: string }> = [];
    for (let n = 1; n <= 10; n++) {
      const id = await issue(db, n, housing, [land]);
      const notice = await cardOf(db, id, `notice:${housing}`, SAMPLE.housing.head);
      const row = await db
        .selectFrom('items')
        .select('version')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const accepted = await click({
        who: SAMPLE.housing.head,
        value: { a: 'accept', i: id, v: row.version },
        messageId: notice,
      });
      if (!accepted.ok) throw new Error('accept refused');
      items.push({ id, notice });
    }
    const shared = await issue(
      db,
      11,
      housing,
      coUnits.map((u) => u.id),
    );
    const coCards = await Promise.all(coUnits.map((u) => cardOf(db, shared, `co_notice:${u.id}`, u.head)));

    const first = items[0];
    if (!first) throw new Error('no items');
    // 反馈进展 carries no version check; the card version only keys the repeat guard (one report per
    // person and card version), so each click names a version of its own and every click is a report.
    let seq = 1_000;
    const report = (item: { id: number; notice: string }): ClickSpec => {
      seq += 1;
      return {
        who: SAMPLE.housing.head,
        value: { a: 'report', i: item.id, v: seq },
        form: { text: `压测进展${seq}` },
        messageId: item.notice,
      };
    };
    // Warm-up: JIT, pools, the SDK's token.
    await atRate(
      'warm-up',
      Array.from({ length: 40 }, (_, i) => report(items[i % 10] ?? first)),
      20,
    );
    await drained(db);

    const results: Figures[] = [];
    // What one click costs on this machine now, one at a time: the floor under the figures below.
    const alone: Answer[] = [];
    for (let i = 0; i < 20; i++) alone.push(await click(report(items[i % 10] ?? first)));
    results.push(figures('0: 反馈进展 one at a time', alone));
    const total = Math.round(seconds * rate);
    const a = await atRate(
      `A: 反馈进展 at ${rate}/s over 10 items`,
      Array.from({ length: total }, (_, i) => report(items[i % 10] ?? first)),
      rate,
    );
    results.push(a);
    await drained(db);
    const b = await atRate(
      `B: 反馈进展 at ${rate}/s on one item`,
      Array.from({ length: total }, () => report(first)),
      rate,
    );
    results.push(b);
    await drained(db);
    const c = await atRate(
      'C: 20 co-units of one item, one click each within 1 s',
      coUnits.map((u, i) => ({
        who: u.head,
        value: { a: 'report', i: shared, v: 1 },
        form: { text: `协办单位${i}反馈` },
        messageId: coCards[i],
      })),
      20,
    );
    results.push(c);
    for (const r of results)
      log(
        `${r.scenario}: p50 ${r.p50Ms} ms, p90 ${r.p90Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms; ` +
          `${r.ok}/${r.clicks} done, ${r.withCard} with their card, ${r.fallbacks} “正在处理” fallbacks`,
      );
    if (values.json) process.stdout.write(`${JSON.stringify({ seconds, rate, results }, null, 2)}\n`);
  } finally {
    await server?.stop();
    await clearRedisPrefix(TEST_REDIS_URL, prefix);
    await testDb.drop();
    await fake.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
