/**
 * Recovery drills against the real `duban serve` (a child process), a private redis-server, a fresh
 * database and the fake Feishu with its limits on (50/s per app, 5/s per chat):
 *   kill:  serve is killed with SIGKILL mid-batch and started again at once; the figure is the time
 *          from the restart to the last reply.
 *   redis: redis-server is killed mid-batch (it keeps nothing on disk, so it comes back empty) and
 *          started again after an outage; the figure is the time from Redis being back to the last reply.
 * Events are strangers' messages, each answered by exactly one reply; the sender re-delivers any
 * event not answered 200, as Feishu does. Each drill also counts missing and duplicate replies.
 *   npx tsx bench/recovery.ts [--drill kill|redis|all] [--events 200] [--runs 3] [--outage-ms 3000] [--tsx]
 * serve runs from the built dist/ (built first), as production runs it; --tsx runs the sources.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { randomHex } from '../src/lark/emulator/ids.ts';
import type { LarkEmulator } from '../src/lark/emulator/server.ts';
import { startLarkEmulator } from '../src/lark/emulator/server.ts';
import { createTestDb } from '../test/support/db.ts';
import { importSample } from '../test/support/directory.ts';
import type { MessageReceiveEvent } from '../test/support/lark-requests.ts';
import { fixtureSecrets, messageEvent } from '../test/support/lark-requests.ts';
import { buildDist } from '../test/support/real-process.ts';
import { ownRedis } from '../test/support/redis-server.ts';
import type { ServeProcess } from '../test/support/serve-child.ts';
import { deliverEvent, startServe } from '../test/support/serve-child.ts';

type Drill = 'kill' | 'redis';
export type DrillResult = {
  drill: Drill;
  events: number;
  /** From the restart (kill) or Redis being back (redis) to the last reply, seconds. */
  secondsToLastReply: number;
  /** Kill drill: from the restart to the new process answering /healthz. */
  secondsToListening: number | null;
  /** From the same moment to the first reply after it. */
  secondsToFirstReply: number;
  /** Replies still missing at the restart / at Redis's return. */
  outstandingAtRecovery: number;
  /** Kill drill: outbox rows the killed process left in 'sending', and when the last was sent again. */
  leftSending: number;
  secondsToLeftSendingResent: number | null;
  missing: number;
  duplicates: number;
};

const progress = (line: string) => process.stderr.write(`${line}\n`);
const repliesTo = (fake: LarkEmulator, ids: ReadonlySet<string>) =>
  fake.messages().filter((m) => m.reply_to !== undefined && m.reply_to !== null && ids.has(m.reply_to));

export async function runDrill(
  drill: Drill,
  count: number,
  outageMs: number,
  compiled = true,
): Promise<DrillResult> {
  const fake = await startLarkEmulator({ rateLimit: { appPerSecond: 50, perReceiverPerSecond: 5 } });
  const testDb = await createTestDb();
  const redis = await ownRedis();
  await importSample(testDb.db);
  const env = {
    ...fake.env(),
    DATABASE_URL: testDb.url,
    REDIS_URL: redis.url,
    LARK_ENCRYPT_KEY: fixtureSecrets.encryptKey,
    LARK_VERIFICATION_TOKEN: fixtureSecrets.verificationToken,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  };
  let serve: ServeProcess = await startServe(env, { compiled });
  const port = Number(new URL(serve.url).port);
  let stopped = false;
  try {
    const events = Array.from({ length: count }, () =>
      messageEvent({ senderOpenId: `ou_${randomHex(32)}`, text: '你好' }),
    );
    const ids = new Set(events.map((e) => (e.event as MessageReceiveEvent).message.message_id));
    // 50 events a second, each delivered until answered.
    const deliveries = events.map(async (ev, i) => {
      await sleep(i * 20);
      await deliverEvent(() => serve.url, ev, { retryMs: 200, stop: () => stopped });
    });
    // The fault lands mid-batch: once a third of the replies are out.
    progress(`${drill}: batch of ${count} events under way`);
    await fake.waitFor(() => repliesTo(fake, ids).length >= count / 3, 60_000);
    progress(`${drill}: fault at ${repliesTo(fake, ids).length} replies`);
    let recoveredAt: number;
    let leftSending: string[] = [];
    let listeningAt: number | null = null;
    if (drill === 'kill') {
      await serve.kill('SIGKILL');
      recoveredAt = Date.now();
      const rows = await testDb.db
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', 'sending')
        .execute();
      leftSending = rows.map((r) => r.id);
      serve = await startServe(env, { port, compiled });
      listeningAt = Date.now();
    } else {
      await redis.stop();
      await sleep(outageMs);
      await redis.start();
      recoveredAt = Date.now();
    }
    const outstanding = count - repliesTo(fake, ids).length;
    progress(`${drill}: recovered, ${outstanding} replies outstanding`);
    await Promise.all(deliveries);
    progress(`${drill}: every event accepted`);
    await fake.waitFor(() => repliesTo(fake, ids).length >= count, 180_000).catch(() => {});
    const lastAt = Math.max(...repliesTo(fake, ids).map((m) => m.at));
    // Anything doubled would show within a few more seconds.
    await sleep(3000);
    const replies = repliesTo(fake, ids);
    const answered = new Set(replies.map((m) => m.reply_to));
    const firstAt = Math.min(...replies.map((m) => m.at).filter((at) => at >= recoveredAt));
    const resent = fake.requests.filter(
      (r) =>
        r.status === 200 && leftSending.includes(String((r.body as { uuid?: unknown } | undefined)?.uuid)),
    );
    const seconds = (at: number) => Number(((at - recoveredAt) / 1000).toFixed(1));
    return {
      drill,
      events: count,
      secondsToLastReply: seconds(lastAt),
      secondsToListening: listeningAt === null ? null : seconds(listeningAt),
      secondsToFirstReply: seconds(firstAt),
      outstandingAtRecovery: outstanding,
      leftSending: leftSending.length,
      secondsToLeftSendingResent: resent.length > 0 ? seconds(Math.max(...resent.map((r) => r.at))) : null,
      missing: count - answered.size,
      duplicates: replies.length - answered.size,
    };
  } finally {
    stopped = true;
    await serve.kill('SIGKILL');
    await redis.stop();
    await testDb.drop();
    await fake.close();
  }
}

const isMain = process.argv[1]?.endsWith('recovery.ts');
if (isMain) {
  const { values } = parseArgs({
    options: {
      drill: { type: 'string', default: 'all' },
      events: { type: 'string', default: '200' },
      runs: { type: 'string', default: '3' },
      'outage-ms': { type: 'string', default: '3000' },
      json: { type: 'boolean', default: false },
      // The TypeScript sources through tsx instead of the built dist/ that production runs.
      tsx: { type: 'boolean', default: false },
    },
  });
  if (!values.tsx) await buildDist();
  const drills: Drill[] = values.drill === 'all' ? ['kill', 'redis'] : [values.drill as Drill];
  const results: DrillResult[] = [];
  for (const drill of drills) {
    for (let i = 0; i < Number(values.runs); i++) {
      const r = await runDrill(drill, Number(values.events), Number(values['outage-ms']), !values.tsx);
      results.push(r);
      if (!values.json)
        process.stdout.write(
          `${drill} run ${i + 1}: after ${drill === 'kill' ? `the restart, listening ${r.secondsToListening} s,` : 'Redis was back,'} first reply ${r.secondsToFirstReply} s, last ${r.secondsToLastReply} s (${r.outstandingAtRecovery} of ${r.events} outstanding)${drill === 'kill' ? `; ${r.leftSending} rows left in sending, resent by ${r.secondsToLeftSendingResent ?? '–'} s` : ''}; ${r.missing} missing, ${r.duplicates} duplicates\n`,
        );
    }
  }
  if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  process.exit(0);
}
