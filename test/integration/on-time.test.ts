/**
 * On time is judged by when the unit submitted the result that was approved, not by when the office
 * approved it: everywhere the bot says 按期/逾期 (the result card, 统计, the ledger, the 专报, the
 * warning colour and the 逾期 list).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTenantContext } from '../../src/db/queries/tenants.ts';
import { beijingInstant } from '../../src/domain/calendar/index.ts';
import { buildBulletin } from '../../src/services/bulletin.ts';
import { buildLedgerRows } from '../../src/services/export-ledger.ts';
import { unitStats } from '../../src/services/unit-stats.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Driver } from '../support/drive.ts';
import { driver } from '../support/drive.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { itemRow, say, sent, text } from '../support/lifecycle.ts';

let h: Harness;
let d: Driver;
let clock = beijingInstant('2026-11-26', '10:00');
const setDay = (date: string) => {
  clock = beijingInstant(date, '10:00');
};

beforeAll(async () => {
  h = await createHarness({ clock });
  h.deps.now = () => clock;
  h.startEngine({ sweepIntervalMs: 500 });
  d = driver(h);
});
afterAll(async () => h.close());

const DEADLINE = '2026-12-01';

/** The ledger row, the unit's figures and the bulletin's entry for one item, as of `clock`. */
async function judged(id: number) {
  const { title } = await itemRow(h.deps.db, id);
  const ledger = (await buildLedgerRows(h.deps.db, SAMPLE.tenantKey, {}, clock)).find(
    (r) => r.title === title,
  );
  const ctx = await loadTenantContext(h.deps.db, SAMPLE.tenantKey);
  const bulletin = await buildBulletin(h.deps.db, ctx, { from: '2026-11-20', to: '2026-12-31' }, clock);
  return {
    ledger: ledger?.overdue,
    completed: bulletin.completed.find((c) => c.title === title)?.onTime,
    overdueInBulletin: bulletin.overdueByUnit.some((u) => u.items.some((i) => i.title === title)),
  };
}

describe('on time = the approved result was submitted by the deadline', () => {
  it('a result submitted in time and approved late counts as on time everywhere', async () => {
    const item = await d.accepted(DEADLINE);
    setDay('2026-11-30');
    await d.act(SAMPLE.housing.head, 'submit', item, { text: '已按期完成排查' });

    // Past the deadline, still waiting for the office: not the unit's delay.
    setDay('2026-12-03');
    expect(await judged(item.id)).toMatchObject({ ledger: '否', overdueInBulletin: false });
    const asked = await say(h, SAMPLE.office.zhou, '逾期');
    const overdueList = await sent(h, (m) => m.reply_to === asked);
    expect(text(overdueList)).not.toContain((await itemRow(h.deps.db, item.id)).title);
    // Its warning colour on the unit's list is not red.
    const mineAsked = await say(h, SAMPLE.housing.head, '我的事项');
    const mine = await sent(h, (m) => m.reply_to === mineAsked);
    expect(text(mine)).not.toContain("color='red'");
    const before = await unitStats(h.deps.db, SAMPLE.tenantKey, {}, clock);
    expect(before.totals.overdueNow).toBe(0);

    const approved = await d.act(SAMPLE.office.zhou, 'approve', item, {});
    expect(approved.toast?.type).toBe('success');
    const { title } = await itemRow(h.deps.db, item.id);
    const result = await sent(
      h,
      (m) => m.receive_id === SAMPLE.leaders.li && m.msg_type === 'interactive' && text(m).includes(title),
    );
    expect(text(result)).toContain('按期办结');
    expect(await judged(item.id)).toMatchObject({ ledger: '否', completed: true });
    const after = await unitStats(h.deps.db, SAMPLE.tenantKey, {}, clock);
    expect([after.totals.completed, after.totals.completedOnTime]).toEqual([1, 1]);
  });

  it('a result returned and resubmitted after the deadline counts as late', async () => {
    setDay('2026-11-26');
    const item = await d.accepted(DEADLINE);
    setDay('2026-11-30');
    await d.act(SAMPLE.housing.head, 'submit', item, { text: '初次报结' });
    await d.act(SAMPLE.office.zhou, 'return', item, { text: '缺少照片' });
    setDay('2026-12-02');
    await d.act(SAMPLE.housing.head, 'submit', item, { text: '补充照片后报结' });
    setDay('2026-12-03');
    expect(await judged(item.id)).toMatchObject({ ledger: '是', overdueInBulletin: true });
    await d.act(SAMPLE.office.zhou, 'approve', item, {});
    expect(await judged(item.id)).toMatchObject({ ledger: '是', completed: false });
  });
});
