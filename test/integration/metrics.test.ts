import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingInstant } from '../../src/domain/calendar/index.ts';
import { createApp } from '../../src/http/app.ts';
import { rateLimited } from '../../src/lark/emulator/http.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Rig } from '../support/followup-seed.ts';
import { followupRig, housingUnitId, seedItems } from '../support/followup-seed.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { cardActionEvent, fixtureSecrets, messageEvent, signedRequest } from '../support/lark-requests.ts';
import { parseScrape } from '../support/prometheus.ts';

let h: Harness;
let rig: Rig;

beforeAll(async () => {
  h = await createHarness();
  rig = followupRig(h);
});
afterAll(async () => {
  await rig.close();
  await h.close();
});

const strangerSays = (text: string) =>
  messageEvent({ tenantKey: SAMPLE.tenantKey, senderOpenId: SAMPLE.stranger, text });

const countRows = async (table: 'outbox' | 'lark_events', status: 'pending' | 'sending' | 'sent') =>
  Number(
    (
      await h.deps.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('status', '=', status)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('GET /metrics after a scenario', () => {
  it('counts what happened: events by outcome, refusals, callbacks, sends, 429s, follow-ups, sweeps, backlog', async () => {
    const app = createApp(h.deps, { metricsOpen: true });
    // Feishu answers the first send with an app-wide 429; the sender waits and sends it again.
    h.fake.failNext((r) => r.path === '/open-apis/im/v1/messages', rateLimited(50, 1));

    const first = strangerSays('你好');
    for (const envelope of [first, strangerSays('在吗'), strangerSays('请问')]) {
      expect((await h.post(envelope)).status).toBe(200);
    }
    expect(await (await h.post(first)).json()).toMatchObject({ outcome: 'duplicate' });

    const forged = signedRequest(fixtureSecrets, strangerSays('伪造'));
    forged.headers['x-lark-signature'] = '0'.repeat(64);
    const refused = await h.postRaw(forged);
    expect(refused.status).toBe(401);
    const reason = ((await refused.json()) as { error: string }).error;

    const click = cardActionEvent({ operatorOpenId: SAMPLE.stranger, value: { a: 'accept', i: 1, v: 1 } });
    expect((await h.post(click, '/lark/cards')).status).toBe(200);

    // An event stored while Redis was away: only the sweep can queue it.
    const lost = strangerSays('早上好');
    await h.deps.db
      .insertInto('lark_events')
      .values({
        tenant_key: SAMPLE.tenantKey,
        event_id: lost.header.event_id,
        event_type: lost.header.event_type,
        payload: JSON.stringify(lost),
        received_at: new Date(Date.now() - 60_000),
      })
      .execute();

    // A follow-up step due now: the reminder three working days before the deadline.
    const housing = await housingUnitId(h.deps.db);
    rig.setClock(beijingInstant('2026-09-15', '10:00'));
    const [itemId = 0] = await seedItems(h.deps.db, [
      { leadUnitId: housing, deadline: '2026-09-30', issuedAt: beijingInstant('2026-09-15', '10:00') },
    ]);
    expect((await rig.reschedule(itemId))?.step).toBe('remind-3@2026-09-24');
    rig.setClock(beijingInstant('2026-09-24', '09:00'));

    await h.fake.waitFor(
      async () =>
        (await rig.steps(itemId)).length === 1 &&
        (await rig.delivered(itemId)).length > 0 &&
        (await countRows('lark_events', 'pending')) === 0 &&
        (await countRows('outbox', 'pending')) + (await countRows('outbox', 'sending')) === 0,
      20_000,
    );
    const sentRows = await countRows('outbox', 'sent');
    const delivered = h.fake.messages().length;

    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const m = parseScrape(await res.text());

    const webhook = (outcome: string) => m.value('duban_webhook_requests_total', { outcome });
    expect([webhook('queued'), webhook('duplicate'), webhook('card')]).toEqual([3, 1, 1]);
    expect(m.value('duban_webhook_refused_total', { reason })).toBe(1);
    expect(m.count('duban_card_callback_seconds')).toBe(1);
    // Three from the webhook and the one the sweep found.
    expect(m.count('duban_event_processing_seconds', { outcome: 'done' })).toBe(4);
    expect(m.count('duban_event_queued_seconds')).toBe(4);
    expect(m.value('duban_sweep_requeued_total', { kind: 'events' })).toBeGreaterThanOrEqual(1);
    expect(m.value('duban_sweep_runs_total', { result: 'ok' })).toBeGreaterThanOrEqual(1);

    expect(m.value('duban_feishu_rate_limited_total', { scope: 'app' })).toBe(1);
    expect(m.count('duban_send_seconds', { outcome: 'rate_limited' })).toBe(1);
    expect(m.count('duban_send_seconds', { outcome: 'sent' })).toBe(sentRows);
    // Four stranger replies and the reminder, each sent once.
    expect(sentRows).toBe(delivered);
    expect(delivered).toBe(4 + (await rig.delivered(itemId)).length);

    expect(m.value('duban_followup_steps_fired_total', { kind: 'remind' })).toBe(1);
    expect(m.count('duban_followup_lateness_seconds', { kind: 'remind' })).toBe(1);

    expect(m.value('duban_outbox_backlog', { status: 'pending' })).toBe(0);
    expect(m.value('duban_lark_events_pending')).toBe(0);
    for (const queue of ['events', 'send', 'followup'])
      expect(m.value('duban_queue_jobs', { queue, state: 'active' })).toBeDefined();
    expect(m.value('duban_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
