import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE } from '../support/directory.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { draftsOf, sendMergedForward } from '../support/intake.ts';
import { messageEvent } from '../support/lark-requests.ts';
import { sent, text, unitId } from '../support/lifecycle.ts';

let h: Harness;
let housing: number;
let finance: number;

beforeAll(async () => {
  h = await createHarness({ clock: new Date('2026-06-15T02:00:00Z') });
  h.startEngine({ sweepIntervalMs: 500 });
  housing = await unitId(h.deps.db, '县住房和城乡建设局');
  finance = await unitId(h.deps.db, '县财政局');
});
afterAll(async () => h.close());

const getMessage = (id: string) => (r: { method: string; path: string }) =>
  r.method === 'GET' && r.path === `/open-apis/im/v1/messages/${id}`;

const threeMessages = (lead: string) => [
  {
    msg_type: 'text',
    content: { text: '各位，危房排查的要求转给大家。' },
    sender_open_id: SAMPLE.leaders.wang,
  },
  {
    msg_type: 'post',
    content: {
      title: '',
      content: [
        [{ tag: 'text', text: `请${lead}牵头，于6月30日前完成城区危房排查，` }],
        [{ tag: 'text', text: '结果书面报县政府督查室。' }],
      ],
    },
    sender_open_id: SAMPLE.leaders.wang,
  },
  { msg_type: 'text', content: { text: '收到' }, sender_open_id: SAMPLE.housing.head },
];

describe('merged forwards (合并转发)', () => {
  it('three messages become one draft with the lead and deadline they state, senders kept for the office', async () => {
    const id = await sendMergedForward(h, SAMPLE.leaders.li, threeMessages('县住建局'));
    await expect.poll(async () => (await draftsOf(h, id)).length, { timeout: 10_000 }).toBe(1);
    const [draft] = await draftsOf(h, id);
    expect(draft?.lead_unit_id).toBe(housing);
    expect(draft?.deadline_explicit).toBe('2026-06-30');
    expect(draft?.text).toContain('王海燕');
    expect(draft?.text).toContain('赵立新');
    await sent(h, (m) => m.reply_to === id && text(m).includes('已生成拟办单'));
    // Read in the job, not the webhook: exactly one GET of the forward.
    expect(h.fake.requests.filter(getMessage(id))).toHaveLength(1);
  });

  it('a forward nested in a forward is read through, its files named but not downloaded', async () => {
    const id = await sendMergedForward(h, SAMPLE.leaders.zhang, [
      { msg_type: 'text', content: { text: '转发一下昨天群里的安排' }, sender_open_id: SAMPLE.leaders.zhang },
      {
        msg_type: 'merge_forward',
        content: 'Merged and Forwarded Message',
        sender_open_id: SAMPLE.leaders.zhang,
        children: [
          {
            msg_type: 'text',
            content: { text: '请县财政局牵头，7月10日前完成专项资金清理。' },
            sender_open_id: SAMPLE.leaders.liu,
          },
          {
            msg_type: 'file',
            content: { file_key: 'file_v3_nested_001', file_name: '资金清单.xlsx' },
            sender_open_id: SAMPLE.leaders.liu,
          },
        ],
      },
    ]);
    await expect.poll(async () => (await draftsOf(h, id)).length, { timeout: 10_000 }).toBe(1);
    const [draft] = await draftsOf(h, id);
    expect(draft?.lead_unit_id).toBe(finance);
    expect(draft?.deadline_explicit).toBe('2026-07-10');
    expect(draft?.text).toMatch(/\n　刘芳 .*请县财政局牵头/);
    const card = await sent(h, (m) => m.msg_type === 'interactive' && text(m).includes('资金清单.xlsx'));
    expect(text(card)).toContain('拟办单');
    expect(text(card)).toContain('飞书不允许机器人下载');
    expect(h.fake.requests.some((r) => r.path.includes('/resources/'))).toBe(false);
  });

  it('a fetch that fails twice is retried and makes one draft', async () => {
    const subs = threeMessages('县财政局');
    const before = h.fake.requests.length;
    h.fake.failNext(
      (r) => r.method === 'GET' && /\/im\/v1\/messages\/[^/]+$/.test(r.path),
      { status: 500, body: { code: 1000004, msg: 'internal error' } },
      2,
    );
    const id = await sendMergedForward(h, SAMPLE.leaders.li, subs);
    await expect.poll(async () => (await draftsOf(h, id)).length, { timeout: 15_000 }).toBe(1);
    const calls = h.fake.requests.slice(before).filter(getMessage(id));
    expect(calls.map((r) => r.status)).toEqual([500, 500, 200]);
    const [draft] = await draftsOf(h, id);
    expect(draft?.lead_unit_id).toBe(finance);
  });

  it('a permanent failure tells the sender in one line and drafts nothing', async () => {
    h.fake.failNext((r) => r.method === 'GET' && /\/im\/v1\/messages\/[^/]+$/.test(r.path), {
      status: 400,
      body: { code: 230002, msg: 'Bot/User can NOT be out of the chat.' },
    });
    const id = await sendMergedForward(h, SAMPLE.leaders.li, threeMessages('县住建局'));
    const line = await sent(h, (m) => m.reply_to === id, 10_000);
    expect(line.msg_type).toBe('text');
    expect(text(line)).toContain('机器人不在原会话中');
    expect(await draftsOf(h, id)).toEqual([]);
  });
});

describe('every message type gets an answer', () => {
  it('a sticker gets one line naming what the bot takes', async () => {
    const ev = messageEvent({
      tenantKey: SAMPLE.tenantKey,
      senderOpenId: SAMPLE.leaders.li,
      messageType: 'sticker',
      content: { file_key: 'file_v3_sticker_001' },
    });
    await h.post(ev);
    const line = await sent(h, (m) => m.reply_to === ev.event.message.message_id);
    expect(line.content).toEqual({
      text: '暂不能读取表情包。可发送文字、合并转发的聊天记录、Word（.docx）或 PDF 文件、图片。',
    });
  });

  it('a unit member sending a location is told what a report can carry', async () => {
    const ev = messageEvent({
      tenantKey: SAMPLE.tenantKey,
      senderOpenId: SAMPLE.housing.liaison,
      messageType: 'location',
      content: { name: '县政府', longitude: '110.1', latitude: '30.2' },
    });
    await h.post(ev);
    const line = await sent(h, (m) => m.reply_to === ev.event.message.message_id);
    expect(text(line)).toContain('反馈进展可发送文字、文件或图片');
  });
});
