/**
 * A 09:00 burst into groups the bot was removed from (230002): each message is parked as failed,
 * copied to its unit's head privately, and counted on one problem per group, whose card to the
 * office is updated in place. Through the real SDK to the fake Feishu with its limits on.
 *   npx tsx bench/undeliverable.ts [--groups 40] [--per-group 5] [--runs 2]
 */
import { parseArgs } from 'node:util';
import { insertOutbox } from '../src/db/queries/outbox.ts';
import { jobIds } from '../src/jobs/catalog.ts';
import { enqueueBulk } from '../src/jobs/queue.ts';
import { textMessage } from '../src/services/outbox-message.ts';
import { reachDb } from '../src/services/reach/store.ts';
import { SAMPLE } from '../test/support/directory.ts';
import { seedUnits } from '../test/support/followup-seed.ts';
import { createHarness } from '../test/support/harness.ts';

export async function runUndeliverable(groups: number, perGroup: number) {
  const h = await createHarness();
  h.fake.setRateLimit({ appPerSecond: 50, perReceiverPerSecond: 5 });
  h.startEngine({ sweepIntervalMs: 60_000 });
  try {
    const units = await seedUnits(h.deps.db, groups, { tag: 'ud', chats: true });
    for (const u of units) if (u.chatId) h.fake.delivery.removeBot(u.chatId);
    const rows = units.flatMap((u, i) =>
      Array.from({ length: perGroup }, (_, k) =>
        textMessage(
          {
            tenantKey: SAMPLE.tenantKey,
            to: { type: 'chat_id', id: u.chatId ?? '' },
            key: `ud:${i}:${k}`,
            purpose: 'note',
          },
          `第${i}组第${k}条`,
        ),
      ),
    );
    const started = Date.now();
    const ids = await insertOutbox(h.deps.db, rows);
    await enqueueBulk(
      h.deps.jobs,
      'send-message',
      ids.map((id) => ({ payload: { outboxId: id }, opts: { jobId: jobIds.sendMessage(id) } })),
      h.deps.logger,
    );
    const heads = new Set(units.map((u) => u.head));
    await h.fake.waitFor(
      () => h.fake.messages().filter((m) => heads.has(m.receive_id ?? '')).length >= ids.length,
      300_000,
    );
    const copiesAt = Date.now();
    // Settled: every row sent, failed or superseded, and each problem's count on its card.
    await h.fake.waitFor(async () => {
      const open = await h.deps.db
        .selectFrom('outbox')
        .select('id')
        .where('status', 'in', ['pending', 'sending'])
        .executeTakeFirst();
      return open === undefined;
    }, 300_000);
    const settledAt = Date.now();
    const problems = await reachDb(h.deps.db).selectFrom('delivery_problems').selectAll().execute();
    const cards = h.fake.messages().filter((m) => m.receive_id === SAMPLE.groups.supervision);
    return {
      failed: ids.length,
      copiesSeconds: Number(((copiesAt - started) / 1000).toFixed(1)),
      settledSeconds: Number(((settledAt - started) / 1000).toFixed(1)),
      problems: problems.length,
      countsRight: problems.every((p) => p.failures === perGroup),
      officeCards: cards.length,
      cardUpdates: h.fake.patches().length,
    };
  } finally {
    await h.close();
  }
}

const { values } = parseArgs({
  options: {
    groups: { type: 'string', default: '40' },
    'per-group': { type: 'string', default: '5' },
    runs: { type: 'string', default: '2' },
  },
});
for (let run = 1; run <= Number(values.runs); run++) {
  const r = await runUndeliverable(Number(values.groups), Number(values['per-group']));
  console.log(
    `run ${run}: ${r.failed} failed in ${r.problems} groups; copies delivered in ${r.copiesSeconds} s, settled in ${r.settledSeconds} s; ${r.officeCards} office cards, ${r.cardUpdates} card updates, counts right: ${r.countsRight}`,
  );
}
process.exit(0);
