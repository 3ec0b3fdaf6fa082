/** The overdue ladder's escalation when the unit has no 分管领导 on record: the office takes it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingInstant } from '../../src/domain/calendar/index.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Rig } from '../support/followup-seed.ts';
import { followupRig, seedItems, seedUnits, setFollowupSettings } from '../support/followup-seed.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';

let h: Harness;
let rig: Rig;
const at = (date: string, clock = '09:00') => beijingInstant(date, clock);

beforeAll(async () => {
  h = await createHarness();
  rig = followupRig(h);
  // Only the escalation step, one working day after the deadline.
  await setFollowupSettings(h.deps.db, {
    remindWorkdaysBefore: [],
    remindOnDueDay: false,
    acceptUrgeAfterWorkdays: 0,
    overdueDailyUrge: false,
    escalateAfterWorkdays: 1,
    overdueNoticeAfterWorkdays: 0,
    criticiseAfterWorkdays: 0,
  });
});
afterAll(async () => {
  await rig.close();
  await h.close();
});

describe('escalation with no 分管领导', () => {
  it('goes to the supervision group, saying why, and is recorded as sent to the office', async () => {
    const [unit] = await seedUnits(h.deps.db, 1, { tag: 'nl', chats: true });
    if (!unit) throw new Error('unit not seeded');
    // The directory names no leader in charge for this unit.
    await h.deps.db.updateTable('units').set({ leader_in_charge: null }).where('id', '=', unit.id).execute();
    rig.setClock(at('2026-10-21', '08:00'));
    const [id = 0] = await seedItems(h.deps.db, [
      { leadUnitId: unit.id, deadline: '2026-10-20', issuedAt: at('2026-10-09', '10:00') },
    ]);
    expect((await rig.reschedule(id))?.step).toBe('escalate@2026-10-21');
    rig.setClock(at('2026-10-21'));
    await h.fake.waitFor(async () => (await rig.delivered(id)).length === 1, 10_000);
    const [card] = await rig.delivered(id);
    expect(card?.receive_id).toBe(SAMPLE.groups.supervision);
    const shown = JSON.stringify(card?.content);
    expect(shown).toContain('该单位未设分管领导，已报督查室');
    expect(shown).toContain('逾期事项报督查室');
    const event = await h.deps.db
      .selectFrom('item_events')
      .select(['action', 'data'])
      .where('item_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(event.action).toBe('escalate');
    expect(event.data).toMatchObject({
      to: 'office',
      recipients: 1,
      text: expect.stringContaining('已报督查室'),
    });
  });
});
