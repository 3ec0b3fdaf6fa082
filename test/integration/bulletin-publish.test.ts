import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulletinDecision } from '../../cards/actions.ts';
import { buildStatsCard } from '../../cards/stats.ts';
import { findBulletin } from '../../src/db/queries/bulletins.ts';
import { findPerson } from '../../src/db/queries/people.ts';
import { loadTenantContext, type TenantContext } from '../../src/db/queries/tenants.ts';
import { beijingInstant } from '../../src/domain/calendar/index.ts';
import { bulletinPeriod } from '../../src/services/bulletin.ts';
import { bulletinMessages, decideBulletinCard, issueBulletin } from '../../src/services/bulletin-flow.ts';
import { unitStats } from '../../src/services/unit-stats.ts';
import { markdownOf } from '../cards/helpers.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { SAMPLE } from '../support/directory.ts';
import { NOW, type Scenario, seedScenario, WEEK } from '../support/figures-scenario.ts';

let t: TestDb;
let s: Scenario;
let ctx: TenantContext;
beforeAll(async () => {
  t = await createTestDb();
  s = await seedScenario(t.db);
  ctx = await loadTenantContext(t.db, SAMPLE.tenantKey);
});
afterAll(async () => t.drop());

const T = SAMPLE.tenantKey;
const id = (key: string): number => s.ids[key] ?? 0;

describe('统计', () => {
  it('gives per-unit figures for the items issued in a period', async () => {
    const stats = await unitStats(t.db, T, { from: '2026-09-01', to: '2026-10-31' }, NOW);
    const row = (name: string) => stats.units.find((u) => u.unitName === name);
    expect(stats.units).toHaveLength(8);
    expect(row('县住房和城乡建设局')).toMatchObject({
      led: 3,
      open: 1,
      completed: 2,
      completedOnTime: 1,
      overdueNow: 0,
      onTimeRate: 0.5,
    });
    expect(row('县自然资源局')).toMatchObject({
      led: 2,
      open: 1,
      completed: 1,
      completedOnTime: 0,
      overdueNow: 1,
      onTimeRate: 0,
    });
    expect(row('县财政局')).toMatchObject({ led: 2, open: 2, completed: 0, overdueNow: 2, onTimeRate: null });
    expect(row('县教育局')).toMatchObject({ led: 2, open: 1, completed: 0, overdueNow: 1 });
    expect(row('县交通运输局')).toMatchObject({
      led: 1,
      open: 0,
      completed: 1,
      completedOnTime: 1,
      onTimeRate: 1,
    });
    expect(row('县卫生健康局')).toMatchObject({ led: 0, onTimeRate: null });
    expect(stats.counts).toEqual({
      issued: 2,
      in_progress: 4,
      submitted: 1,
      reassigning: 0,
      completed: 4,
      cancelled: 1,
    });
    expect(stats.totals).toEqual({
      led: 12,
      open: 7,
      completed: 4,
      completedOnTime: 2,
      overdueNow: 4,
      onTimeRate: 0.5,
    });
    const all = await unitStats(t.db, T, {}, NOW);
    expect(all.totals).toMatchObject({ led: 13, completed: 5, completedOnTime: 2 });
    const text = markdownOf(
      buildStatsCard({ ...stats, today: stats.today, rangeLabel: '2026年9—10月交办的事项' }),
    );
    expect(text).toContain('50%');
  });
});

describe('publishing', () => {
  const outbox = () =>
    t.db.selectFrom('outbox').selectAll().where('tenant_key', '=', T).orderBy('created_at').execute();

  it('stores a scheduled bulletin once and queues the bulletin and the criticism draft', async () => {
    const first = await issueBulletin(t.db, ctx, WEEK, NOW, { origin: 'scheduled' });
    expect(first.record.status).toBe('draft');
    expect(first.outboxIds).toHaveLength(2);
    const again = await issueBulletin(t.db, ctx, WEEK, NOW, { origin: 'scheduled' });
    expect(again).toMatchObject({ created: false, outboxIds: [], record: { id: first.record.id } });
    const rows = await outbox();
    expect(rows.map((r) => [r.purpose, r.receive_id])).toEqual([
      ['bulletin', SAMPLE.groups.leaders],
      ['bulletin_criticism_draft', SAMPLE.groups.supervision],
    ]);
    expect(rows[0]?.content).not.toContain('批评');
    expect(rows[1]?.content).toContain('bulletin_publish');
  });

  it('publishes on the office’s approval only, once', async () => {
    const { record } = await issueBulletin(t.db, ctx, WEEK, beijingInstant('2026-10-23', '17:00'), {
      origin: 'manual',
      requester: { openId: SAMPLE.office.zhou, roles: ['office'] },
    });
    const zhou = await findPerson(t.db, T, SAMPLE.office.zhou);
    const leader = await findPerson(t.db, T, SAMPLE.leaders.li);
    if (!zhou || !leader) throw new Error('sample people missing');
    const publish = bulletinDecision('bulletin_publish', record.id);
    const refused = await decideBulletinCard(t.db, ctx, leader, publish, NOW);
    expect(refused.response.toast?.type).toBe('error');
    const done = await decideBulletinCard(t.db, ctx, zhou, publish, NOW);
    expect(done.response.toast).toEqual({ type: 'success', content: '已发布通报批评' });
    expect(done.outboxIds).toHaveLength(1);
    expect(JSON.stringify(done.response.card)).not.toContain('bulletin_publish');
    const notice = await t.db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', done.outboxIds[0] ?? '')
      .executeTakeFirstOrThrow();
    expect(notice.receive_id).toBe(SAMPLE.groups.leaders);
    expect(notice.content).toContain('县教育局');
    const twice = await decideBulletinCard(
      t.db,
      ctx,
      zhou,
      bulletinDecision('bulletin_drop', record.id),
      NOW,
    );
    expect(twice.response.toast?.content).toMatch(/已发布/);
    expect(await findBulletin(t.db, T, record.id)).toMatchObject({
      status: 'published',
      decidedBy: SAMPLE.office.zhou,
    });
    const missing = await decideBulletinCard(
      t.db,
      ctx,
      zhou,
      bulletinDecision('bulletin_drop', 999_999),
      NOW,
    );
    expect(missing.response.toast?.content).toBe('未找到该督查专报');
  });

  it('works inside the caller’s transaction and replies to the asking message', async () => {
    const asked = await t.db.transaction().execute((trx) =>
      bulletinMessages(trx, ctx, WEEK, NOW, {
        origin: 'manual',
        requester: { openId: SAMPLE.leaders.wang, roles: ['leader'] },
        replyTo: 'om_asking_message',
      }),
    );
    // A leader gets the bulletin only; the criticism draft is the office's.
    expect(asked.record.status).toBe('draft');
    expect(asked.messages.map((m) => [m.purpose, m.receive_id, m.reply_to])).toEqual([
      ['bulletin', SAMPLE.leaders.wang, 'om_asking_message'],
    ]);
  });

  it('has nothing to approve when no unit is to be criticised', async () => {
    const early = beijingInstant('2026-09-10', '16:00');
    const quiet = await issueBulletin(t.db, ctx, bulletinPeriod(early), early, {
      origin: 'manual',
      requester: { openId: SAMPLE.leaders.li, roles: ['leader'] },
    });
    expect(quiet.record).toMatchObject({ status: 'published', criticism: [] });
    expect(quiet.bulletin.completed.map((c) => c.itemId)).toEqual([id('L')]);
    expect(quiet.outboxIds).toHaveLength(1);
  });
});
