/** Co-units are heard: their reports reach the lead unit and the office; silent co-units are named. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE } from '../support/directory.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { issueItem } from '../support/issue.ts';
import { click, itemRow, sent, text, to, unitId } from '../support/lifecycle.ts';

let h: Harness;
let housing: number;
let land: number;
let finance: number;

beforeAll(async () => {
  // Thursday 2026-11-26, 10:00 in Beijing.
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  h.startEngine({ sweepIntervalMs: 500 });
  housing = await unitId(h.deps.db, '县住房和城乡建设局');
  land = await unitId(h.deps.db, '县自然资源局');
  finance = await unitId(h.deps.db, '县财政局');
});
afterAll(async () => h.close());

describe('co-units', () => {
  it("reach the lead unit and the office's detail; the lead's 报结 card and the office's review name the silent one", async () => {
    const item = await issueItem(h, {
      instruction: '请县住建局牵头，县自然资源局、县财政局配合，于12月20日前完成老旧小区改造资金测算。',
      lead: housing,
      co: [land, finance],
    });
    const notice = await sent(h, (m) => to(SAMPLE.housing.head)(m) && text(m).includes('督查通知单'));
    // Before anyone reports, the lead unit's card names both co-units as not yet heard from.
    expect(text(notice)).toContain('协办单位县自然资源局、县财政局尚未反馈');

    await click(
      h,
      SAMPLE.land.head,
      { a: 'report', i: item.id, v: item.version },
      { formValue: { text: '已提供规划用地资料' } },
    );
    // The co-unit's report reaches the lead unit's people.
    await sent(
      h,
      (m) =>
        to(SAMPLE.housing.head)(m) && text(m).includes('协办反馈') && text(m).includes('已提供规划用地资料'),
    );
    // The lead unit's card, updated in place, now names only the silent co-unit.
    await h.fake.waitFor(() => {
      const now = JSON.stringify(h.fake.latestContent(notice.message_id));
      return now.includes('协办单位县财政局尚未反馈') && !now.includes('县自然资源局、县财政局尚未反馈');
    });

    // The office's detail card shows each co-unit's latest report, or that none came.
    const cur = await itemRow(h.deps.db, item.id);
    await click(h, SAMPLE.office.zhou, { a: 'detail', i: item.id, v: cur.version });
    const detail = await sent(h, (m) => to(SAMPLE.office.zhou)(m) && text(m).includes('事项详情'));
    expect(text(detail)).toContain('协办单位反馈');
    expect(text(detail)).toMatch(/县自然资源局（[^）]+）：已提供规划用地资料/);
    expect(text(detail)).toContain("县财政局：<font color='orange'>尚未反馈</font>");

    // 报结: the office's review card says which co-unit never reported.
    await click(h, SAMPLE.housing.head, { a: 'accept', i: item.id, v: cur.version });
    const accepted = await itemRow(h.deps.db, item.id);
    await click(
      h,
      SAMPLE.housing.head,
      { a: 'submit', i: item.id, v: accepted.version },
      { formValue: { text: '资金测算已完成' } },
    );
    const review = await sent(h, (m) => to(SAMPLE.groups.supervision)(m) && text(m).includes('报结审核'));
    expect(text(review)).toContain('协办单位县财政局始终未反馈');
  });
});
