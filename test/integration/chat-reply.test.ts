import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_OPEN_ITEMS } from '../../src/services/chat/unit-reply.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { messageEvent } from '../support/lark-requests.ts';
import { click, eventsOf, itemRow, say, sent, text, unitId } from '../support/lifecycle.ts';

let h: Harness;
let land: number;
let housing: number;
let finance: number;

beforeAll(async () => {
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  h.startEngine({ sweepIntervalMs: 500 });
  land = await unitId(h.deps.db, '县自然资源局');
  housing = await unitId(h.deps.db, '县住房和城乡建设局');
  finance = await unitId(h.deps.db, '县财政局');
});
afterAll(async () => h.close());

async function openItem(lead: number, title: string, state: 'issued' | 'in_progress' = 'in_progress') {
  return h.deps.db
    .insertInto('items')
    .values({
      tenant_key: SAMPLE.tenantKey,
      title,
      text: title,
      created_by: SAMPLE.office.zhou,
      state,
      lead_unit_id: lead,
      number: `督〔2026〕${900 + lead}${title.length}号`,
      deadline: '2026-12-20',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const reportsOf = async (itemId: number) =>
  h.deps.db
    .selectFrom('item_reports')
    .select(['text', 'kind', 'attachments'])
    .where('item_id', '=', itemId)
    .orderBy('id')
    .execute();

describe('unit members answer in chat', () => {
  it('with no open item the bot says so', async () => {
    const id = await say(h, SAMPLE.housing.liaison, '请问有什么任务');
    const reply = await sent(h, (m) => m.reply_to === id);
    expect(reply.content).toEqual({ text: NO_OPEN_ITEMS });
  });

  it('with one open item a plain message (with an image) is its progress, the image kept by key', async () => {
    const item = await openItem(land, '耕地保护专项检查');
    const ev = messageEvent({
      tenantKey: SAMPLE.tenantKey,
      senderOpenId: SAMPLE.land.liaison,
      messageType: 'post',
      content: {
        title: '',
        content: [
          [{ tag: 'text', text: '已完成3个乡镇的实地核查' }],
          [{ tag: 'img', image_key: 'img_v3_0abc_test' }],
        ],
      },
    });
    await h.post(ev);
    await expect.poll(async () => (await reportsOf(item.id)).length).toBe(1);
    const [report] = await reportsOf(item.id);
    expect(report?.text).toBe('已完成3个乡镇的实地核查');
    expect(report?.attachments).toEqual([{ kind: 'image', key: 'img_v3_0abc_test' }]);
    const ack = await sent(h, (m) => m.reply_to === ev.event.message.message_id);
    expect(text(ack)).toContain('办理进展');
  });

  it('with several open items the bot asks which, and the choice records it', async () => {
    const a = await openItem(housing, '老旧管网改造');
    const b = await openItem(housing, '保障房分配核查');
    const id = await say(h, SAMPLE.housing.head, '本周已召开推进会，明确了分工');
    const ask = await sent(h, (m) => m.reply_to === id);
    expect(text(ask)).toContain('老旧管网改造');
    expect(text(ask)).toContain('保障房分配核查');
    expect(await reportsOf(a.id)).toEqual([]);
    const held = await h.deps.db
      .selectFrom('held_replies')
      .selectAll()
      .where('message_id', '=', id)
      .executeTakeFirstOrThrow();
    // Only the sender may decide.
    expect((await click(h, SAMPLE.housing.liaison, { a: 'reply_to', r: held.id, i: b.id })).toast?.type).toBe(
      'error',
    );
    const chosen = await click(h, SAMPLE.housing.head, { a: 'reply_to', r: held.id, i: b.id });
    expect(chosen.toast?.type).toBe('success');
    expect((await reportsOf(b.id)).map((r) => r.text)).toEqual(['本周已召开推进会，明确了分工']);
    expect(await reportsOf(a.id)).toEqual([]);
    expect((await click(h, SAMPLE.housing.head, { a: 'reply_to', r: held.id, i: a.id })).toast?.type).toBe(
      'info',
    );
  });

  it('a reply that reads as done is offered as a result, never submitted silently', async () => {
    const item = await openItem(finance, '违规资金整改');
    const id = await say(h, SAMPLE.finance.head, '违规资金已全部整改到位，已办结');
    const offer = await sent(h, (m) => m.reply_to === id);
    expect(text(offer)).toContain('报结');
    expect((await itemRow(h.deps.db, item.id)).state).toBe('in_progress');
    expect(await reportsOf(item.id)).toEqual([]);
    const held = await h.deps.db
      .selectFrom('held_replies')
      .selectAll()
      .where('message_id', '=', id)
      .executeTakeFirstOrThrow();
    const confirmed = await click(h, SAMPLE.finance.head, { a: 'reply_result', r: held.id });
    expect(confirmed.toast?.type).toBe('success');
    expect((await itemRow(h.deps.db, item.id)).state).toBe('submitted');
    expect((await reportsOf(item.id)).map((r) => r.kind)).toEqual(['result']);
    expect(await eventsOf(h.deps.db, item.id)).toEqual(['submit']);
    await sent(
      h,
      (m) => m.receive_id === SAMPLE.groups.supervision && text(m).includes('违规资金已全部整改到位'),
    );
  });
});
