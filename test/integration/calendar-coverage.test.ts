/**
 * A new holiday calendar at start-up (a new snapshot or estimate in this version): provisional deadlines
 * counted with the old one are recounted once, by the rule they were counted with, and the unit is told.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SEND_PRIORITY, sendJob } from '../../src/jobs/catalog.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { CALENDAR_COVERAGE, recountOnCoverageChange } from '../../src/services/calendar-coverage.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { itemRow, mentions, sent, text, to, unitId } from '../support/lifecycle.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ clock: new Date('2026-12-28T02:00:00Z') });
  h.startEngine();
});
afterAll(async () => h.close());

it('recounts the deadlines counted with an older calendar, once, and tells the lead unit', async () => {
  const housing = await unitId(h.deps.db, '县住房和城乡建设局');
  // Counted before this version knew 元旦 2027 is a likely holiday: 5 working days from 2026-12-28.
  const { id } = await h.deps.db
    .insertInto('items')
    .values({
      tenant_key: SAMPLE.tenantKey,
      number: '督〔2026〕77号',
      number_year: 2026,
      number_seq: 77,
      title: '跨年摸底',
      created_by: SAMPLE.office.zhou,
      lead_unit_id: housing,
      kind: 'forwarded',
      state: 'in_progress',
      issued_on: '2026-12-28',
      issued_at: new Date('2026-12-28T02:00:00Z'),
      deadline: '2027-01-04',
      deadline_provisional: true,
      deadline_rule: JSON.stringify({ count: 'workdays', from: '2026-12-28', days: 5 }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The office's detail card of the item, delivered a minute ago: the recount redraws it.
  const detailCard = randomUUID();
  await h.deps.db
    .insertInto('outbox')
    .values({
      id: detailCard,
      tenant_key: SAMPLE.tenantKey,
      receive_id_type: 'open_id',
      receive_id: SAMPLE.office.zhou,
      msg_type: 'interactive',
      content: '{}',
      purpose: 'detail',
      item_id: id,
    })
    .execute();
  await h.deps.db
    .updateTable('outbox')
    .set({ status: 'sent', message_id: 'om_coverage_detail', sent_at: new Date(Date.now() - 60_000) })
    .where('id', '=', detailCard)
    .execute();
  await h.deps.db.updateTable('tenants').set({ calendar_coverage: 'chinese-days@1.5.6 …' }).execute();

  const logger = createLogger('silent');
  const first = await recountOnCoverageChange(h.deps.db, logger, h.deps.now());
  expect(first).toMatchObject({ tenants: 1, recomputed: 1 });
  // The redraw is queued behind the notice to the unit (new messages first when the app is busy).
  const redraws = first.sends.filter((s) => s.patchOf === detailCard);
  expect(redraws).toHaveLength(1);
  expect(redraws.map((s) => sendJob(s).priority)).toEqual([SEND_PRIORITY.redraw]);
  expect(first.sends.filter((s) => s.patchOf === null).length).toBeGreaterThan(0);
  expect(await itemRow(h.deps.db, id)).toMatchObject({ deadline: '2027-01-05', deadline_provisional: true });
  const tenant = await h.deps.db.selectFrom('tenants').select('calendar_coverage').executeTakeFirstOrThrow();
  expect(tenant.calendar_coverage).toBe(CALENDAR_COVERAGE);

  const card = await sent(h, (m) => to(SAMPLE.housing.chat)(m) && mentions('办理时限调整')(m));
  expect(text(card)).toContain('由 2027-01-04 调整为');
  expect(await recountOnCoverageChange(h.deps.db, logger, h.deps.now())).toEqual({
    tenants: 0,
    recomputed: 0,
    sends: [],
  });
});
