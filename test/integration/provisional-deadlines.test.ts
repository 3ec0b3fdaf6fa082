/**
 * A deadline counted into a year whose holiday notice is not out (#9.9), with the real calendar, the
 * real lifecycle and the follow-up engine: "5个工作日内" read in January 2027 stays counted after 交办,
 * is 暂定 on every card, holds the escalation, the group notice and the criticism flag while provisional,
 * is recounted when the calendar grows (the unit is told), and the held steps go once it is final.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingInstant } from '../../src/domain/calendar/index.ts';
import { cliIn } from '../support/cli-process.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Rig } from '../support/followup-seed.ts';
import { followupRig } from '../support/followup-seed.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { click, itemRow, mentions, say, sent, text, to, unitId } from '../support/lifecycle.ts';

let h: Harness;
let rig: Rig;
let housing: number;
const at = (date: string, clock = '09:00') => beijingInstant(date, clock);
const INSTRUCTION = '请县住建局5个工作日内完成老旧小区改造摸底。';

beforeAll(async () => {
  h = await createHarness();
  rig = followupRig(h);
  // Monday 2027-01-11: the snapshot's calendar ends with 2026.
  rig.setClock(at('2027-01-11', '10:00'));
  housing = await unitId(h.deps.db, '县住房和城乡建设局');
});
afterAll(async () => {
  await rig.close();
  await h.close();
});

const cli = (...args: string[]) => cliIn(h.testDb.url, args, h.deps.now());

async function reachStep(id: number, step: string): Promise<string[]> {
  await h.fake.waitFor(async () => (await rig.steps(id)).includes(step), 10_000);
  return rig.steps(id);
}

describe('a deadline counted over an unpublished year', () => {
  let id = 0;

  it('stays counted and provisional from the reader through 交办, and the notice says 暂定', async () => {
    await say(h, SAMPLE.leaders.li, INSTRUCTION);
    const draftCard = await sent(h, (m) => to(SAMPLE.groups.supervision)(m) && mentions('老旧小区')(m));
    const draft = await h.deps.db
      .selectFrom('items')
      .selectAll()
      .where('text', '=', INSTRUCTION)
      .executeTakeFirstOrThrow();
    id = draft.id;
    expect(draft.deadline_explicit).toBe('2027-01-18');
    expect(draft.deadline_rule).toEqual({ count: 'workdays', from: '2027-01-11', days: 5 });

    const answer = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'issue', i: id, v: draft.version },
      {
        messageId: draftCard.message_id,
        formValue: {
          title: '老旧小区改造摸底',
          lead: String(housing),
          co: [],
          kind: 'forwarded',
          deadline: '2027-01-18 +0800',
          source: 'leader_instruction',
          priority: 'normal',
        },
      },
    );
    expect(answer.toast?.type).toBe('success');
    const issued = await itemRow(h.deps.db, id);
    expect(issued).toMatchObject({
      deadline: '2027-01-18',
      deadline_provisional: true,
      deadline_explicit: null,
    });
    expect(issued.deadline_basis).toContain('暂按预计假日推算');
    const notice = await sent(h, (m) => to(SAMPLE.housing.head)(m) && mentions('督查通知单')(m));
    expect(text(notice)).toContain('2027-01-18（暂定）');
  });

  it('while provisional: the unit is urged (暂定), the ladder waits', async () => {
    const notice = await sent(h, (m) => to(SAMPLE.housing.head)(m) && mentions('督查通知单')(m));
    const cur = await itemRow(h.deps.db, id);
    const accepted = await click(
      h,
      SAMPLE.housing.head,
      { a: 'accept', i: id, v: cur.version },
      { messageId: notice.message_id },
    );
    expect(accepted.toast?.type).toBe('success');
    // Five working days overdue: escalation (3), group notice (3) and criticism (5) would all be due.
    rig.setClock(at('2027-01-25'));
    const steps = await reachStep(id, 'overdue-urge@2027-01-25');
    expect(steps.filter((s) => /^(escalate|overdue-notice|criticise)@/.test(s))).toEqual([]);
    expect((await itemRow(h.deps.db, id)).next_action_step).toBe('overdue-urge@2027-01-26');
    const urge = await sent(h, (m) => to(SAMPLE.housing.chat)(m) && mentions('已超过办理时限')(m));
    expect(text(urge)).toContain('2027-01-18（暂定）');
    expect(
      h.fake.messages().some((m) => to(SAMPLE.leaders.zhang)(m) && mentions('逾期事项提请督促')(m)),
    ).toBe(false);
  });

  it('a county override recounts it and the lead unit is told', async () => {
    const r = await cli('calendar', 'holiday', '2027-01-14', '--tenant', SAMPLE.tenantKey, '--note', '县庆');
    expect(r.code).toBe(0);
    expect(r.out).toContain('1 provisional deadline(s) recomputed');
    expect(await itemRow(h.deps.db, id)).toMatchObject({
      deadline: '2027-01-19',
      deadline_provisional: true,
    });
    const moved = await sent(h, (m) => to(SAMPLE.housing.chat)(m) && mentions('办理时限调整')(m));
    expect(text(moved)).toContain('由 2027-01-18 调整为');
    expect(text(moved)).toContain('2027-01-19（暂定）');
  });

  it('once 2027 is entered the deadline is final and the held steps go', async () => {
    const r = await cli('settings', 'set', 'publishedYears', '2027', '--tenant', SAMPLE.tenantKey);
    expect(r.code).toBe(0);
    expect(await itemRow(h.deps.db, id)).toMatchObject({
      deadline: '2027-01-19',
      deadline_provisional: false,
    });
    await reachStep(id, 'overdue-notice@2027-01-22');
    expect(await rig.steps(id)).toContain('escalate@2027-01-22');
    await sent(h, (m) => to(SAMPLE.leaders.zhang)(m) && mentions('逾期事项提请督促')(m));
  });
});
