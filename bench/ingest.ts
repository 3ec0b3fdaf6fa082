/**
 * Webhook ingest: signed, encrypted events per second that POST /lark/events stores (verify, decrypt,
 * insert into lark_events, queue to BullMQ, answer), side by side with a verify-only Hono handler in the
 * same server process and the same run; the ratio of the two is the figure. Then latency at a fixed
 * rate (open loop: each request is timed from when it was due, so a stall counts against every request
 * queued behind it). Needs what `npm test` needs: Postgres and Redis on 127.0.0.1.
 *   npx tsx bench/ingest.ts [--seconds 10] [--concurrency 32] [--rate 500] [--json]
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createTestDb } from '../test/support/db.ts';
import { TEST_REDIS_URL } from '../test/support/env.ts';
import type { SignedRequest } from '../test/support/lark-requests.ts';
import { fixtureSecrets, messageEvent, signedRequest } from '../test/support/lark-requests.ts';
import { clearRedisPrefix } from '../test/support/real-process.ts';
import type { BenchServer } from './bench-server.ts';
import { startBenchServer } from './bench-server.ts';

type Throughput = { target: string; requests: number; ok: number; seconds: number; perSecond: number };
type Latency = {
  target: string;
  rate: number;
  requests: number;
  ok: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
};

const SERVER = fileURLToPath(new URL('./ingest-server.ts', import.meta.url));

/** Distinct events (unique event_id), signed now, as Feishu sends them. */
function requests(n: number): SignedRequest[] {
  const sender = `ou_${randomBytes(16).toString('hex')}`;
  return Array.from({ length: n }, (_, i) =>
    signedRequest(fixtureSecrets, messageEvent({ senderOpenId: sender, text: `压测消息 ${i}` })),
  );
}

const post = (url: string, req: SignedRequest) =>
  fetch(url, { method: 'POST', body: req.body, headers: req.headers }).then(
    async (r) => {
      await r.arrayBuffer();
      return r.status === 200;
    },
    () => false,
  );

/** Closed loop: `concurrency` clients, each sending its next request as soon as the last is answered. */
async function throughput(
  target: string,
  url: string,
  seconds: number,
  concurrency: number,
): Promise<Throughput> {
  const pool = requests(Math.max(2000, Math.ceil(seconds * 8000)));
  let next = 0;
  let ok = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end && next < pool.length) {
        const req = pool[next++];
        if (req && (await post(url, req))) ok++;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return { target, requests: next, ok, seconds: elapsed, perSecond: ok / elapsed };
}

/** Open loop at `rate` per second; each latency counts from the request's due time. */
async function fixedRate(target: string, url: string, seconds: number, rate: number): Promise<Latency> {
  const pool = requests(Math.round(seconds * rate));
  const latencies: number[] = [];
  let ok = 0;
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < pool.length; ) {
    const now = performance.now();
    for (; i < pool.length && start + (i * 1000) / rate <= now; i++) {
      const due = start + (i * 1000) / rate;
      const req = pool[i];
      if (!req) continue;
      inflight.push(
        post(url, req).then((good) => {
          latencies.push(performance.now() - due);
          if (good) ok++;
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    Number((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0).toFixed(1));
  return {
    target,
    rate,
    requests: pool.length,
    ok,
    p50Ms: pct(0.5),
    p90Ms: pct(0.9),
    p99Ms: pct(0.99),
    maxMs: pct(1),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '32' },
      rate: { type: 'string', default: '500' },
      json: { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values.seconds);
  const concurrency = Number(values.concurrency);
  const rate = Number(values.rate);
  const testDb = await createTestDb();
  const prefix = `bench${randomBytes(4).toString('hex')}`;
  let server: BenchServer | undefined;
  try {
    server = await startBenchServer(SERVER, { databaseUrl: testDb.url, redisPrefix: prefix });
    const [fullPort, verifyPort] = server.ports;
    const targets = {
      'verify-only': `http://127.0.0.1:${verifyPort}/lark/events`,
      '/lark/events': `http://127.0.0.1:${fullPort}/lark/events`,
    };
    const log = (s: string) => values.json || process.stderr.write(`${s}\n`);
    // A short warm-up of each, so neither pays for JIT and connection set-up in its figure.
    for (const url of Object.values(targets)) await throughput('warm-up', url, 1, concurrency);
    const runs: Throughput[] = [];
    // Alternated twice, so a burst of load on a shared machine does not land on one side only.
    for (let round = 0; round < 2; round++)
      for (const [target, url] of Object.entries(targets)) {
        const r = await throughput(target, url, seconds, concurrency);
        log(`${target}: ${r.perSecond.toFixed(0)}/s (${r.ok} of ${r.requests} in ${r.seconds.toFixed(1)} s)`);
        runs.push(r);
      }
    const best = (t: string) => Math.max(...runs.filter((r) => r.target === t).map((r) => r.perSecond));
    const ratio = best('/lark/events') / best('verify-only');
    const latency: Latency[] = [];
    for (const [target, url] of Object.entries(targets)) {
      const l = await fixedRate(target, url, seconds, rate);
      log(
        `${target} at ${rate}/s: p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms (${l.ok}/${l.requests} ok)`,
      );
      latency.push(l);
    }
    const stored = Number(
      (
        await testDb.db
          .selectFrom('lark_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const answered = runs.filter((r) => r.target === '/lark/events').reduce((n, r) => n + r.ok, 0);
    const result = { seconds, concurrency, rate, runs, ratio, latency, stored, answeredOk: answered };
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else log(`ratio /lark/events ÷ verify-only: ${(ratio * 100).toFixed(1)} %; rows stored: ${stored}`);
  } finally {
    await server?.stop();
    await clearRedisPrefix(TEST_REDIS_URL, prefix);
    await testDb.drop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
