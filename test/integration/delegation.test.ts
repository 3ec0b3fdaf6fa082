/** 委托: a head names a deputy for a period; the deputy acts for them and receives for them, until it ends. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingInstant } from '../../src/domain/calendar/index.ts';
import type { SentMessage } from '../../src/lark/emulator/server.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Rig } from '../support/followup-seed.ts';
import {
  DAY_BEFORE_REMINDER_ONLY,
  followupRig,
  seedItems,
  setFollowupSettings,
} from '../support/followup-seed.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { issueItem } from '../support/issue.ts';
import { messageEvent } from '../support/lark-requests.ts';
import { click, sent, text, unitId } from '../support/lifecycle.ts';

let h: Harness;
let rig: Rig;
let housing: number;
const at = (date: string, clock = '09:00') => beijingInstant(date, clock);
const HEAD = SAMPLE.housing.head; // 赵立新
const DEPUTY = SAMPLE.finance.head; // 冯军, head of another unit

beforeAll(async () => {
  h = await createHarness();
  rig = followupRig(h);
  housing = await unitId(h.deps.db, '县住房和城乡建设局');
  // Reminders one working day before the deadline only; the unit has no group, so they go privately.
  await setFollowupSettings(h.deps.db, DAY_BEFORE_REMINDER_ONLY);
  await h.deps.db.updateTable('units').set({ chat_id: null }).where('id', '=', housing).execute();
});
afterAll(async () => {
  await rig.close();
  await h.close();
});

/** A private message to the bot, with people @-mentioned as Feishu sends them. */
async function say(from: string, words: string, mentioned: Array<{ openId: string; name: string }> = []) {
  let textWithKeys = words;
  const mentions = mentioned.map((m, i) => {
    textWithKeys = textWithKeys.replace(`@${m.name}`, `@_user_${i + 1}`);
    return { key: `@_user_${i + 1}`, openId: m.openId, name: m.name };
  });
  const ev = messageEvent({ tenantKey: SAMPLE.tenantKey, senderOpenId: from, text: textWithKeys, mentions });
  expect((await h.post(ev)).status).toBe(200);
  return sent(h, (m) => m.reply_to === ev.event.message.message_id);
}

/** The reminders delivered for the item (its follow-up messages, not the cards people asked for). */
async function forItem(itemId: number): Promise<SentMessage[]> {
  const rows = await h.deps.db
    .selectFrom('outbox')
    .select('id')
    .where('item_id', '=', itemId)
    .where('purpose', 'like', 'followup-%')
    .execute();
  const ids = new Set(rows.map((r) => r.id));
  return (await rig.delivered(itemId)).filter((m) => m.uuid !== undefined && ids.has(m.uuid));
}
const receivers = (messages: SentMessage[]) => [...new Set(messages.map((m) => m.receive_id))].sort();

describe('委托 @某人 至 …', () => {
  it('refuses what an office would not want: a stranger, oneself, an office member naming a unit head', async () => {
    rig.setClock(at('2026-12-01', '10:00'));
    expect(
      text(await say(HEAD, '委托 @某人 至12月4日', [{ openId: SAMPLE.stranger, name: '某人' }])),
    ).toContain('不在督查督办名录中');
    expect(text(await say(HEAD, '委托 @赵立新 至12月4日', [{ openId: HEAD, name: '赵立新' }]))).toContain(
      '不能委托给自己',
    );
    expect(
      text(await say(SAMPLE.office.zhou, '委托 @赵立新 至12月4日', [{ openId: HEAD, name: '赵立新' }])),
    ).toContain('只能委托督查室其他工作人员');
    expect(
      text(await say(SAMPLE.housing.liaison, '委托 @冯军 至12月4日', [{ openId: DEPUTY, name: '冯军' }])),
    ).toContain('只有单位负责人或督查室工作人员');
    // A report that happens to begin with 委托 and a colleague's name is not a delegation.
    const report = await say(SAMPLE.land.head, '委托李强负责外业测绘，12月20日前完成');
    expect(text(report)).not.toContain('委托');
    const { rows } = await sql`select id from delegations`.execute(h.deps.db);
    expect(rows).toEqual([]);
  });

  it('a head names a deputy from another unit: both and the office are told, in words that say until when', async () => {
    rig.setClock(at('2026-12-01', '10:00'));
    const reply = await say(HEAD, '委托 @冯军 至12月4日 出差', [{ openId: DEPUTY, name: '冯军' }]);
    expect(text(reply)).toContain(
      '已委托冯军代为办理县住房和城乡建设局的督查事项，至 2026-12-04；2026-12-07 起',
    );
    const note = await sent(h, (m) => m.receive_id === DEPUTY && text(m).includes('委托您代为办理'));
    expect(text(note)).toContain('赵立新出差');
    const office = await sent(
      h,
      (m) => m.receive_id === SAMPLE.groups.supervision && text(m).includes('委托代办'),
    );
    expect(text(office)).toContain('冯军非本单位人员');

    // An item issued meanwhile: the head's notice goes to the deputy, marked as received for him.
    const item = await issueItem(h, {
      instruction: '请县住建局于12月31日前完成供暖设施安全排查。',
      lead: housing,
    });
    const notice = await sent(h, (m) => m.receive_id === DEPUTY && text(m).includes(item.number ?? '?'));
    expect(text(notice)).toContain('代赵立新接收');
    // Redrawn in place after a change (here the liaison accepts), the deputy's card still says so.
    const version = (
      await h.deps.db
        .selectFrom('items')
        .select('version')
        .where('id', '=', item.id)
        .executeTakeFirstOrThrow()
    ).version;
    const accepted = await click(h, SAMPLE.housing.liaison, { a: 'accept', i: item.id, v: version });
    expect(accepted.toast?.type).toBe('success');
    const shown = () => JSON.stringify(h.fake.latestContent(notice.message_id));
    await h.fake.waitFor(() => !shown().includes('"a":"accept"'), 10_000);
    expect(shown()).toContain('代赵立新接收');
    await sent(h, (m) => m.receive_id === SAMPLE.housing.liaison && text(m).includes(item.number ?? '?'));
    expect(
      h.fake.messages().filter((m) => m.receive_id === HEAD && text(m).includes(item.number ?? '?')),
    ).toEqual([]);
  });

  it("the deputy's click is recorded as acting for the head; the head's reminders go to the deputy, then back", async () => {
    rig.setClock(at('2026-12-01', '10:30'));
    const [during = 0, after = 0] = await seedItems(
      h.deps.db,
      [
        { leadUnitId: housing, deadline: '2026-12-04', issuedAt: at('2026-12-01', '10:00'), state: 'issued' },
        { leadUnitId: housing, deadline: '2026-12-09', issuedAt: at('2026-12-01', '10:00'), state: 'issued' },
      ],
      101,
    );
    // 冯军 heads another unit: on his own he may not accept 住建局's item; standing in, he may.
    const accepted = await click(h, DEPUTY, { a: 'accept', i: during, v: 1 });
    expect(accepted.toast?.type).toBe('success');
    const event = await h.deps.db
      .selectFrom('item_events')
      .select(['actor', 'data'])
      .where('item_id', '=', during)
      .where('action', '=', 'accept')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor: DEPUTY, data: { on_behalf_of: HEAD } });
    const detail = await click(h, SAMPLE.office.zhou, { a: 'detail', i: during, v: 2 });
    expect(detail.toast?.type).toBe('success');
    const card = await sent(h, (m) => m.receive_id === SAMPLE.office.zhou && text(m).includes('事项详情'));
    expect(text(card)).toContain('冯军（代赵立新）');

    // The reminder on 12-03, inside the period: to the deputy for the head (and the liaison), not the head.
    await rig.reschedule(during);
    rig.setClock(at('2026-12-03'));
    await h.fake.waitFor(async () => (await forItem(during)).length >= 2, 10_000);
    const reminders = await forItem(during);
    expect(receivers(reminders)).toEqual([SAMPLE.housing.liaison, DEPUTY].sort());
    expect(text(reminders.find((m) => m.receive_id === DEPUTY) ?? { content: '' })).toContain('代赵立新接收');

    // The period ends at 09:00 on the first working day after 12-04: both are told.
    rig.setClock(at('2026-12-07', '09:01'));
    await sent(h, (m) => m.receive_id === HEAD && text(m).includes('委托已结束'), 10_000);
    await sent(h, (m) => m.receive_id === DEPUTY && text(m).includes('委托已结束'));

    // The reminder on 12-08, after it: back to the head.
    await rig.reschedule(after);
    rig.setClock(at('2026-12-08'));
    await h.fake.waitFor(async () => (await forItem(after)).length >= 2, 10_000);
    expect(receivers(await forItem(after))).toEqual([HEAD, SAMPLE.housing.liaison].sort());
    // And the deputy may no longer act for the unit.
    const refused = await click(h, DEPUTY, { a: 'accept', i: after, v: 1 });
    expect(refused.toast).toEqual({ type: 'error', content: '只有牵头单位可以签收事项' });
  });

  it('取消委托 ends it at once and tells the deputy; the card offers colleagues and shows what runs', async () => {
    rig.setClock(at('2026-12-10', '10:00'));
    const land = SAMPLE.land.head; // 孙红, head of 县自然资源局; 李强 is its liaison
    const cardReply = await say(land, '委托');
    expect(text(cardReply)).toContain('县自然资源局负责人');
    expect(text(cardReply)).toContain('李强');
    const done = await click(
      h,
      land,
      { a: 'delegate' },
      {
        formValue: { deputy: SAMPLE.land.liaison, date: '2026-12-18 +0800', reason: '请假' },
      },
    );
    expect(done.toast?.content).toContain('已委托李强');
    expect(JSON.stringify(done.card)).toContain('当前委托');
    const cancelled = await say(land, '取消委托');
    expect(text(cancelled)).toContain('已取消委托');
    await sent(h, (m) => m.receive_id === SAMPLE.land.liaison && text(m).includes('孙红已取消委托'));
    expect(text(await say(land, '取消委托'))).toContain('没有进行中的委托');
  });
});
