/**
 * A 09:00 burst straight into the outbox: 260 people and 20 messages for one busy group, queued at
 * once and sent through the real SDK to the fake Feishu with its limits on (50/s per app, 5/s per
 * chat). The figures test/integration/send-limits.test.ts used to assert: the rate the app limit
 * allows, and the time to the last delivery.
 *   npx tsx bench/send-burst.ts [--people 260] [--group 20] [--runs 3] [--json]
 */
import { parseArgs } from 'node:util';
import { insertOutbox } from '../src/db/queries/outbox.ts';
import { jobIds } from '../src/jobs/catalog.ts';
import { enqueueBulk } from '../src/jobs/queue.ts';
import type { Recipient } from '../src/services/outbox-message.ts';
import { textMessage } from '../src/services/outbox-message.ts';
import { SAMPLE } from '../test/support/directory.ts';
import { createHarness } from '../test/support/harness.ts';
import { rollingPeak } from '../test/support/rolling-peak.ts';

export type BurstResult = {
  messages: number;
  seconds: number;
  /** Messages to the many receivers, per second from their first to their last delivery. */
  ratePerSecond: number;
  peakAppPerSecond: number;
  peakGroupPerSecond: number;
  http429: number;
  duplicates: number;
};

export async function runBurst(people: number, groupMessages: number): Promise<BurstResult> {
  // The tests' harness: fresh database with the sample directory, own Redis prefix, fake Feishu.
  const h = await createHarness();
  h.fake.setRateLimit({ appPerSecond: 50, perReceiverPerSecond: 5 });
  h.startEngine({ sweepIntervalMs: 60_000 });
  try {
    const group: Recipient = { type: 'chat_id', id: SAMPLE.groups.supervision };
    const to: Recipient[] = [
      ...Array.from({ length: people }, (_, i) => ({ type: 'open_id' as const, id: `ou_burst${i}` })),
      ...Array.from({ length: groupMessages }, () => group),
    ];
    const rows = to.map((r, i) =>
      textMessage({ tenantKey: SAMPLE.tenantKey, to: r, key: `burst:${i}`, purpose: 'bench' }, `第${i}条`),
    );
    const started = Date.now();
    const ids = await insertOutbox(h.deps.db, rows);
    await enqueueBulk(
      h.deps.jobs,
      'send-message',
      ids.map((id) => ({ payload: { outboxId: id }, opts: { jobId: jobIds.sendMessage(id) } })),
      h.deps.logger,
    );
    await h.fake.waitFor(() => h.fake.messages().length >= ids.length, 120_000);
    const messages = h.fake.messages();
    const spread = messages.filter((m) => m.chat_id !== group.id).map((m) => m.at);
    const groupAt = messages.filter((m) => m.chat_id === group.id).map((m) => m.at);
    const uuids = messages.map((m) => m.uuid);
    return {
      messages: messages.length,
      seconds: Number(((Math.max(...messages.map((m) => m.at)) - started) / 1000).toFixed(1)),
      ratePerSecond: Number(
        ((spread.length - 1) / ((Math.max(...spread) - Math.min(...spread)) / 1000)).toFixed(1),
      ),
      peakAppPerSecond: rollingPeak(messages.map((m) => m.at)),
      peakGroupPerSecond: rollingPeak(groupAt),
      http429: h.fake.requests.filter((r) => r.status === 429).length,
      duplicates: uuids.length - new Set(uuids).size,
    };
  } finally {
    await h.close();
  }
}

const isMain = process.argv[1]?.endsWith('send-burst.ts');
if (isMain) {
  const { values } = parseArgs({
    options: {
      people: { type: 'string', default: '260' },
      group: { type: 'string', default: '20' },
      runs: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
    },
  });
  const results: BurstResult[] = [];
  for (let i = 0; i < Number(values.runs); i++) {
    const r = await runBurst(Number(values.people), Number(values.group));
    results.push(r);
    if (!values.json)
      process.stdout.write(
        `run ${i + 1}: ${r.messages} messages in ${r.seconds} s, ${r.ratePerSecond}/s to the many, peak ${r.peakAppPerSecond}/s app · ${r.peakGroupPerSecond}/s group, ${r.http429} × 429, ${r.duplicates} duplicates\n`,
      );
  }
  if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  process.exit(0);
}
