import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingInstant } from '../../src/domain/calendar/index.ts';
import { jobIds } from '../../src/jobs/catalog.ts';
import { FIRE_TOLERANCE_MS, fireFollowup } from '../../src/services/followup/fire.ts';
import { followupDb, replanOpenItems } from '../../src/services/followup/index.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Rig } from '../support/followup-seed.ts';
import { followupRig, housingUnitId, seedItems } from '../support/followup-seed.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { buttonValue, click } from '../support/lifecycle.ts';

let h: Harness;
let rig: Rig;
let housing: number;
const at = (date: string, clock = '09:00') => beijingInstant(date, clock);

beforeAll(async () => {
  h = await createHarness();
  rig = followupRig(h);
  housing = await housingUnitId(h.deps.db);
});
afterAll(async () => {
  await rig.close();
  await h.close();
});

/** Whether the follow-up queue still holds the job (jobs are removed once they ran). */
async function queuedJob(jobId: string): Promise<boolean> {
  const queue = h.deps.jobs.queues.get('followup');
  return Boolean(await queue?.getJob(jobId));
}

const itemRow = (id: number) =>
  h.deps.db
    .selectFrom('items')
    .select(['next_action_at', 'next_action_step'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** Moves the clock to `instant` and waits until the item has recorded `count` steps. */
async function reach(id: number, instant: Date, count: number): Promise<string[]> {
  rig.setClock(instant);
  await h.fake.waitFor(async () => (await rig.steps(id)).length >= count, 10_000);
  return rig.steps(id);
}

/** Clicks `a` on the item as its card would carry it (the current version). */
async function act(who: string, a: string, id: number, formValue: Record<string, unknown> = {}) {
  const { version } = await h.deps.db
    .selectFrom('items')
    .select('version')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const res = await click(h, who, { a, i: id, v: version }, { formValue });
  expect(res.toast?.type).toBe('success');
}

/** 报结 by the unit, 办结 by the office: the lifecycle ends the plan in the same commit. */
async function close(id: number): Promise<void> {
  await act(SAMPLE.housing.head, 'submit', id, { text: '已办结' });
  await act(SAMPLE.office.zhou, 'approve', id);
  expect(await itemRow(id)).toEqual({ next_action_step: null, next_action_at: null });
  expect(await rig.reschedule(id)).toBeNull();
}

describe('the automatic ladder, end to end', () => {
  it('fires each step once at its working-day 09:00, never on the holiday or at night, in order', async () => {
    rig.setClock(at('2026-09-15', '10:00'));
    const [id = 0] = await seedItems(h.deps.db, [
      { leadUnitId: housing, deadline: '2026-09-30', issuedAt: at('2026-09-15', '10:00') },
    ]);
    expect((await rig.reschedule(id))?.step).toBe('remind-3@2026-09-24');

    await reach(id, at('2026-09-24'), 1);
    await reach(id, at('2026-09-29'), 2);
    await reach(id, at('2026-09-30'), 3);
    expect(await itemRow(id)).toEqual({
      next_action_step: 'overdue-urge@2026-10-08',
      next_action_at: at('2026-10-08'),
    });

    // National Day, by day and by night: asked at that moment, the engine finds nothing to fire.
    for (const quiet of [at('2026-10-03', '10:00'), at('2026-10-07', '21:00'), at('2026-10-08', '07:30')]) {
      rig.setClock(quiet);
      expect((await fireFollowup(h.deps, id)).kind).not.toBe('fired');
      expect(await rig.steps(id)).toHaveLength(3);
    }

    await reach(id, at('2026-10-08'), 4);
    await reach(id, at('2026-10-09'), 5);
    // The 补班 Saturday is a working day: third overdue day, so the unit, the leader and the group hear of it.
    await reach(id, at('2026-10-10'), 8);
    await reach(id, at('2026-10-12'), 9);
    const steps = await reach(id, at('2026-10-13'), 11);
    expect(steps).toEqual([
      'remind-3@2026-09-24',
      'remind-1@2026-09-29',
      'due-day@2026-09-30',
      'overdue-urge@2026-10-08',
      'overdue-urge@2026-10-09',
      'overdue-urge@2026-10-10',
      'escalate@2026-10-10',
      'overdue-notice@2026-10-10',
      'overdue-urge@2026-10-12',
      'overdue-urge@2026-10-13',
      'criticise@2026-10-13',
    ]);

    // None fired before its planned moment (the engine's clock); how soon after is bench/reminders.ts's.
    const fired = await followupDb(h.deps.db)
      .selectFrom('followup_steps')
      .select(['due_on', 'fired_at'])
      .where('item_id', '=', id)
      .execute();
    for (const row of fired) {
      expect(row.fired_at.getTime()).toBeGreaterThanOrEqual(at(row.due_on).getTime() - FIRE_TOLERANCE_MS);
    }

    // Ten messages (criticise is a flag), each delivered once, to whom the step concerns.
    await h.fake.waitFor(async () => (await rig.delivered(id)).length === 10, 10_000);
    const delivered = await rig.delivered(id);
    expect(new Set(delivered.map((m) => m.uuid)).size).toBe(10);
    const to = (m: (typeof delivered)[number]) => m.receive_id;
    expect(delivered.filter((m) => to(m) === SAMPLE.housing.chat)).toHaveLength(8);
    expect(delivered.filter((m) => to(m) === SAMPLE.leaders.zhang)).toHaveLength(1);
    expect(delivered.filter((m) => to(m) === SAMPLE.groups.supervision)).toHaveLength(1);
    const titles = delivered.map(
      (m) => (m.content as { header: { title: { content: string } } }).header.title.content,
    );
    expect(titles[0]).toMatch(/^到期提醒：/);
    expect(titles).toContain(`逾期事项提请督促：测试事项1`);
    expect(titles).toContain(`逾期通报：测试事项1`);

    const events = await h.deps.db
      .selectFrom('item_events')
      .select(['action', 'actor', 'data'])
      .where('item_id', '=', id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual([
      ...Array(3).fill('auto_remind'),
      ...Array(3).fill('auto_urge'),
      'escalate',
      'overdue_notice',
      'auto_urge',
      'auto_urge',
      'flag_criticism',
    ]);
    expect(events.every((e) => e.actor === 'system')).toBe(true);
    expect(events.at(-1)?.data).toMatchObject({ reason: '逾期5个工作日未办结，列入通报批评' });
    await close(id);
  });

  it('an approved extension moves the plan: the job already queued finds its step gone and does nothing', async () => {
    rig.setClock(new Date(at('2026-10-08').getTime() - 5_000));
    const [id = 0] = await seedItems(
      h.deps.db,
      [{ leadUnitId: housing, deadline: '2026-10-12', issuedAt: at('2026-09-28', '10:00') }],
      100,
    );
    // Five seconds before it is due the step is a delayed job in Redis.
    const first = await rig.reschedule(id);
    expect(first?.step).toBe('remind-3@2026-10-08');
    const job = jobIds.followup(id, first?.step, at('2026-10-08'));
    expect(await queuedJob(job)).toBe(true);
    // The unit asks, the office approves: the approval replans in its own transaction.
    await act(SAMPLE.housing.head, 'request_extension', id, { date: '2026-10-20 +0800', text: '需补充测绘' });
    await act(SAMPLE.office.zhou, 'approve_extension', id);
    expect(await itemRow(id)).toEqual({
      next_action_step: 'remind-3@2026-10-15',
      next_action_at: at('2026-10-15'),
    });

    await h.fake.waitFor(async () => !(await queuedJob(job)), 15_000);
    await sleep(300);
    expect(await rig.steps(id)).toEqual([]);
    expect(await reach(id, at('2026-10-15'), 1)).toEqual(['remind-3@2026-10-15']);
    await close(id);
  });

  it('completion stops the plan, even with the next step already queued', async () => {
    rig.setClock(new Date(at('2026-10-20').getTime() - 5_000));
    const [id = 0] = await seedItems(
      h.deps.db,
      [{ leadUnitId: housing, deadline: '2026-10-20', issuedAt: at('2026-10-09', '10:00') }],
      200,
    );
    const next = await rig.reschedule(id);
    expect(next?.step).toBe('due-day@2026-10-20');
    const job = jobIds.followup(id, next?.step, at('2026-10-20'));
    expect(await queuedJob(job)).toBe(true);
    await close(id);
    await h.fake.waitFor(async () => !(await queuedJob(job)), 15_000);
    rig.setClock(at('2026-10-23', '10:00'));
    await sleep(500);
    expect(await rig.steps(id)).toEqual([]);
    const followups = await h.deps.db
      .selectFrom('outbox')
      .select('purpose')
      .where('item_id', '=', id)
      .where('purpose', 'like', 'followup-%')
      .execute();
    expect(followups).toEqual([]);
  });

  it('an item not accepted is urged on the next working day, and accepting it stops that', async () => {
    rig.setClock(at('2026-10-27', '16:00'));
    const items = [
      {
        leadUnitId: housing,
        deadline: '2026-11-30',
        issuedAt: at('2026-10-27', '16:00'),
        state: 'issued' as const,
      },
      {
        leadUnitId: housing,
        deadline: '2026-11-30',
        issuedAt: at('2026-10-27', '16:00'),
        state: 'issued' as const,
      },
    ];
    const [urged = 0, accepted = 0] = await seedItems(h.deps.db, items, 300);
    expect((await rig.reschedule(urged))?.step).toBe('accept-urge@2026-10-28');
    expect((await rig.reschedule(accepted))?.step).toBe('accept-urge@2026-10-28');
    await act(SAMPLE.housing.head, 'accept', accepted);
    expect((await rig.reschedule(accepted))?.step).toBe('remind-3@2026-11-25');
    expect(await reach(urged, at('2026-10-28'), 1)).toEqual(['accept-urge@2026-10-28']);
    await h.fake.waitFor(async () => (await rig.delivered(urged)).length === 1);
    const [card] = await rig.delivered(urged);
    expect(JSON.stringify(card?.content)).toContain('签收催办');
    expect(await rig.steps(accepted)).toEqual([]);
    // The urge carries the notice's buttons: 签收 on it works, and the answer redraws it as the notice of
    // an accepted item.
    if (!card) throw new Error('no urge card');
    const answer = await click(h, SAMPLE.housing.head, buttonValue(card, 'accept'), {
      messageId: card.message_id,
    });
    expect(answer.toast?.type).toBe('success');
    expect(JSON.stringify(answer.card)).toContain('"a":"report"');
    await close(urged);
    await close(accepted);
  });

  it('replanOpenItems plans items issued before follow-up existed, and leaves closed ones alone', async () => {
    rig.setClock(at('2026-11-02', '15:00'));
    const issuedAt = at('2026-10-26', '10:00');
    const [open = 0, done = 0] = await seedItems(
      h.deps.db,
      [
        { leadUnitId: housing, deadline: '2026-11-20', issuedAt },
        { leadUnitId: housing, deadline: '2026-11-20', issuedAt, state: 'completed' },
      ],
      400,
    );
    expect(await replanOpenItems(h.deps, SAMPLE.tenantKey)).toBeGreaterThanOrEqual(1);
    expect(await itemRow(open)).toEqual({
      next_action_step: 'remind-3@2026-11-17',
      next_action_at: at('2026-11-17'),
    });
    expect(await itemRow(done)).toEqual({ next_action_step: null, next_action_at: null });
    await close(open);
  });
});
