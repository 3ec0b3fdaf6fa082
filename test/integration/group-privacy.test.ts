/**
 * Who sees what a command answers. A group is not the person who asked: outside the supervision
 * group (and the leaders' group, for the leaders' figures) answers go to the asker privately, and no
 * one is shown an item they may not see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SentMessage } from '../../src/lark/emulator/server.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Driven, Driver } from '../support/drive.ts';
import { driver } from '../support/drive.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { click, itemRow, recorded, say, sayInGroup, sent, text } from '../support/lifecycle.ts';

let h: Harness;
let d: Driver;
let housingItem: Driven;
let housingNumber: string;
let housingTitle: string;

beforeAll(async () => {
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  h.startEngine({ sweepIntervalMs: 500 });
  d = driver(h);
  // 县住建局 leads, 县自然资源局 co-handles.
  housingItem = await d.issued();
  const row = await itemRow(h.deps.db, housingItem.id);
  housingNumber = String(row.number_seq);
  housingTitle = row.title;
});
afterAll(async () => h.close());

const repliesTo = (id: string) => h.fake.messages().filter((m) => m.reply_to === id);
const privately = (to: string, pred: (m: SentMessage) => boolean) =>
  sent(h, (m) => m.receive_id === to && m.reply_to === undefined && pred(m));
/** The one short line a group gets when the answer went privately. */
async function toldInGroup(asked: string): Promise<void> {
  const note = await sent(h, (m) => m.reply_to === asked);
  expect(note.msg_type).toBe('text');
  expect(text(note)).toContain('已私信发送');
}

describe('asked in a unit group', () => {
  it('事项 N by the office: the detail with office buttons goes privately; the group gets one line', async () => {
    const asked = await sayInGroup(h, SAMPLE.office.zhou, SAMPLE.housing.chat, `事项 ${housingNumber}`);
    const detail = await privately(SAMPLE.office.zhou, (m) => text(m).includes('事项详情'));
    expect(text(detail)).toContain(housingTitle);
    expect(text(detail)).toContain('督办');
    await toldInGroup(asked);
    expect(repliesTo(asked).filter((m) => m.msg_type === 'interactive')).toEqual([]);
  });

  it('统计 and 导出台账 by the office go privately, never into the group', async () => {
    const stats = await sayInGroup(h, SAMPLE.office.chen, SAMPLE.housing.chat, '统计');
    await privately(SAMPLE.office.chen, (m) => text(m).includes('督查事项统计'));
    await toldInGroup(stats);
    const ledger = await sayInGroup(h, SAMPLE.office.chen, SAMPLE.housing.chat, '导出台账');
    const file = await privately(SAMPLE.office.chen, (m) => m.msg_type === 'file');
    expect(file.receive_id_type).toBe('open_id');
    await toldInGroup(ledger);
    expect(repliesTo(ledger).filter((m) => m.msg_type === 'file')).toEqual([]);
  });

  it('专报 by a leader goes privately', async () => {
    const asked = await sayInGroup(h, SAMPLE.leaders.wang, SAMPLE.housing.chat, '专报');
    await privately(SAMPLE.leaders.wang, (m) => text(m).includes('督查专报'));
    await toldInGroup(asked);
  });

  it('a refusal tells nothing and is answered where it was asked', async () => {
    const asked = await sayInGroup(h, SAMPLE.finance.head, SAMPLE.housing.chat, `事项 ${housingNumber}`);
    const refusal = await sent(h, (m) => m.reply_to === asked);
    expect(refusal.msg_type).toBe('text');
    expect(text(refusal)).toContain('无权查看');
    expect(text(refusal)).not.toContain(housingTitle);
  });
});

describe('asked in the supervision or the leaders group', () => {
  it('the supervision group gets the answer in the group', async () => {
    const asked = await sayInGroup(h, SAMPLE.office.zhou, SAMPLE.groups.supervision, '统计');
    const answer = await sent(h, (m) => m.reply_to === asked);
    expect(answer.msg_type).toBe('interactive');
    expect(text(answer)).toContain('督查事项统计');
  });

  it('the leaders group gets the leaders figures, but a person’s own list goes privately', async () => {
    const stats = await sayInGroup(h, SAMPLE.leaders.wang, SAMPLE.groups.leaders, '统计');
    expect((await sent(h, (m) => m.reply_to === stats)).msg_type).toBe('interactive');
    const mine = await sayInGroup(h, SAMPLE.leaders.wang, SAMPLE.groups.leaders, '我的事项');
    await privately(SAMPLE.leaders.wang, (m) => text(m).includes('我的事项'));
    await toldInGroup(mine);
  });
});

describe('who may see an item', () => {
  it('its co-unit and any county leader may; another unit may not', async () => {
    const co = await say(h, SAMPLE.land.head, `事项 ${housingNumber}`);
    expect(text(await sent(h, (m) => m.reply_to === co))).toContain(housingTitle);
    // 王海燕 neither assigned it nor is in charge of 县住建局: leaders oversee every item.
    const leader = await say(h, SAMPLE.leaders.wang, `事项 ${housingNumber}`);
    expect(text(await sent(h, (m) => m.reply_to === leader))).toContain(housingTitle);
    const other = await say(h, SAMPLE.finance.liaison, `事项 ${housingNumber}`);
    expect(text(await sent(h, (m) => m.reply_to === other))).toContain('无权查看');
    const detail = await click(h, SAMPLE.finance.head, { a: 'detail', i: housingItem.id, v: 0 });
    expect(detail.toast).toEqual({ type: 'error', content: '事项不存在，或您无权查看' });
  });
});

describe('paging', () => {
  it('a list shared in a group stays as it is; the page goes to whoever clicked', async () => {
    const asked = await sayInGroup(h, SAMPLE.office.zhou, SAMPLE.groups.supervision, '我的事项');
    const list = await sent(h, (m) => m.reply_to === asked && m.msg_type === 'interactive');
    const answer = await click(
      h,
      SAMPLE.office.chen,
      { a: 'page', k: 'mine', p: 1 },
      { messageId: list.message_id },
    );
    expect(answer.card).toBeUndefined();
    expect(answer.toast?.content).toContain('私信');
    await privately(SAMPLE.office.chen, (m) => text(m).includes('我的事项'));
    expect(h.fake.patches().filter((p) => p.message_id === list.message_id)).toEqual([]);
  });

  it('a list the clicker got privately pages in place', async () => {
    const asked = await say(h, SAMPLE.office.chen, '我的事项');
    const list = await sent(h, (m) => m.reply_to === asked);
    // The fake has it before the bot records it as sent; a click in between is not on a known card.
    await recorded(h, list.message_id);
    const answer = await click(
      h,
      SAMPLE.office.chen,
      { a: 'page', k: 'mine', p: 1 },
      { messageId: list.message_id },
    );
    expect(JSON.stringify(answer.card)).toContain(housingTitle);
  });
});
