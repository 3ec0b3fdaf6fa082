/** What the cards promise, the bot does (#9.12). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEscalationCard } from '../../cards/escalation.ts';
import { makeItem } from '../cards/fixtures.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Driver } from '../support/drive.ts';
import { driver } from '../support/drive.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { click, itemRow, sent, text } from '../support/lifecycle.ts';

let h: Harness;
let d: Driver;

beforeAll(async () => {
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  h.startEngine({ sweepIntervalMs: 500 });
  d = driver(h);
});
afterAll(async () => h.close());

describe('督办 “抄送分管领导”', () => {
  it('the confirm says it, and the lead unit’s 分管领导 gets the copy', async () => {
    const item = await d.accepted();
    const { title } = await itemRow(h.deps.db, item.id);
    const detail = await click(h, SAMPLE.office.zhou, { a: 'detail', i: item.id, v: 0 });
    expect(detail.toast?.type).toBe('success');
    const card = await sent(
      h,
      (m) => m.receive_id === SAMPLE.office.zhou && text(m).includes('事项详情') && text(m).includes(title),
    );
    expect(text(card)).toContain('抄送其分管领导');
    const res = await d.act(SAMPLE.office.zhou, 'supervise', item, { text: '请主要负责同志亲自过问' });
    expect(res.toast?.content).toBe('已督办，已通知牵头单位并抄送分管领导');
    // 张志强 is in charge of 县住房和城乡建设局.
    const copy = await sent(h, (m) => m.receive_id === SAMPLE.leaders.zhang && text(m).includes('督办抄送'));
    expect(text(copy)).toContain(title);
    expect(text(copy)).toContain('请主要负责同志亲自过问');
  });
});

describe('co-unit reports “记入办理记录供督查室查阅”', () => {
  it('the office reads a co-unit’s report, with the unit’s name, on the item’s detail', async () => {
    const item = await d.accepted();
    const { title } = await itemRow(h.deps.db, item.id);
    const coNotice = await sent(
      h,
      (m) =>
        m.receive_id === SAMPLE.land.head &&
        text(m).includes('督查通知单（协办）') &&
        text(m).includes(title),
    );
    expect(text(coNotice)).toContain('记入办理记录供督查室查阅');
    await d.act(SAMPLE.land.head, 'report', item, { text: '规划用地资料已提供' }, coNotice.message_id);
    await click(h, SAMPLE.office.chen, { a: 'detail', i: item.id, v: 0 });
    const detail = await sent(
      h,
      (m) => m.receive_id === SAMPLE.office.chen && text(m).includes('规划用地资料已提供'),
    );
    expect(text(detail)).toContain('反馈进展（县自然资源局）');
  });
});

describe('the escalation card', () => {
  it('no longer invites a reply that would become a new instruction', () => {
    for (const toOffice of [false, true]) {
      const card = JSON.stringify(buildEscalationCard({ item: makeItem(), overdueWorkdays: 3, toOffice }));
      expect(card).not.toContain('回复');
    }
  });
});
