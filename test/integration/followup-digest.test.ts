import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingInstant } from '../../src/domain/calendar/index.ts';
import { p2pChatIdFor } from '../../src/lark/emulator/ids.ts';
import { followupDb } from '../../src/services/followup/index.ts';
import type { Rig, SeedUnit } from '../support/followup-seed.ts';
import { followupRig, seedItems, seedUnits, setFollowupSettings } from '../support/followup-seed.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';

let h: Harness;
let rig: Rig;
const at = (date: string, clock = '09:00') => beijingInstant(date, clock);

beforeAll(async () => {
  h = await createHarness();
  rig = followupRig(h);
});
afterAll(async () => {
  await rig.close();
  await h.close();
});

type CardContent = {
  header: { title: { content: string } };
  body: { elements: Array<{ content?: string }> };
};
const cardOf = (content: unknown) => content as CardContent;
const toPerson = (openId: string) => h.fake.messages().filter((m) => m.chat_id === p2pChatIdFor(openId));

/** Three items of one unit whose steps all fall on 2026-10-12: overdue, due that day, due the next day. */
async function threeDueOn1012(unit: SeedUnit, first: number): Promise<number[]> {
  const issuedAt = at('2026-09-15', '10:00');
  const ids = await seedItems(
    h.deps.db,
    [
      { leadUnitId: unit.id, deadline: '2026-10-09', issuedAt, title: '逾期两日的事项' },
      { leadUnitId: unit.id, deadline: '2026-10-12', issuedAt, title: '今日到期的事项' },
      { leadUnitId: unit.id, deadline: '2026-10-13', issuedAt, title: '明日到期的事项' },
    ],
    first,
  );
  return ids;
}

describe('减负: a daily digest instead of many reminders', () => {
  it('gathers a person’s reminders of the day into one card; others still get theirs one by one', async () => {
    const [digested, single] = await seedUnits(h.deps.db, 2, { tag: 'dg', chats: false });
    if (!digested || !single) throw new Error('units not seeded');
    await setFollowupSettings(h.deps.db, { digestRecipients: [digested.head] });
    rig.setClock(at('2026-10-12', '08:00'));
    const ids = [...(await threeDueOn1012(digested, 1)), ...(await threeDueOn1012(single, 10))];
    const planned = await Promise.all(ids.map(async (id) => (await rig.reschedule(id))?.step));
    expect(planned).toEqual([
      'overdue-urge@2026-10-12',
      'due-day@2026-10-12',
      'remind-1@2026-10-12',
      'overdue-urge@2026-10-12',
      'due-day@2026-10-12',
      'remind-1@2026-10-12',
    ]);

    rig.setClock(at('2026-10-12'));
    await h.fake.waitFor(
      () => toPerson(digested.head).length >= 1 && toPerson(single.head).length >= 3,
      10_000,
    );
    await sleep(1_000);

    const digests = toPerson(digested.head);
    expect(digests).toHaveLength(1);
    const card = cardOf(digests[0]?.content);
    expect(card.header.title.content).toBe('每日督办提醒（3项）');
    const text = card.body.elements.map((e) => e.content ?? '').join('\n');
    expect(text.indexOf('逾期两日的事项')).toBeLessThan(text.indexOf('今日到期的事项'));
    expect(text.indexOf('今日到期的事项')).toBeLessThan(text.indexOf('明日到期的事项'));
    expect(text).toContain('已逾期2个工作日');

    const singles = toPerson(single.head).map((m) => cardOf(m.content).header.title.content);
    expect(singles.sort()).toEqual([
      '今日到期：今日到期的事项',
      '到期提醒：明日到期的事项',
      '逾期催办：逾期两日的事项',
    ]);

    // The steps are recorded either way (留痕), and the digested ones point at the digest message.
    for (const id of ids) expect(await rig.steps(id)).toHaveLength(1);
    const held = await followupDb(h.deps.db)
      .selectFrom('followup_digest_entries')
      .select(['status', 'outbox_id'])
      .execute();
    expect(held.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(new Set(held.map((r) => r.outbox_id))).toEqual(new Set([digests[0]?.uuid]));
  });

  it('with the digest on for everyone, a unit group gets one card a day, not one per item', async () => {
    const [unit] = await seedUnits(h.deps.db, 1, { tag: 'dh', chats: true });
    if (!unit?.chatId) throw new Error('unit not seeded');
    await setFollowupSettings(h.deps.db, { digest: true });
    rig.setClock(at('2026-10-12', '08:00'));
    const ids = await threeDueOn1012(unit, 20);
    for (const id of ids) await rig.reschedule(id);
    rig.setClock(at('2026-10-12'));
    const toChat = () => h.fake.messages().filter((m) => m.chat_id === unit.chatId);
    await h.fake.waitFor(() => toChat().length >= 1, 10_000);
    await sleep(1_000);
    expect(toChat()).toHaveLength(1);
    expect(cardOf(toChat()[0]?.content).header.title.content).toBe('每日督办提醒（3项）');

    // The next morning: two items are overdue, the third is due; again one card.
    rig.setClock(at('2026-10-13'));
    await h.fake.waitFor(() => toChat().length >= 2, 10_000);
    await sleep(1_000);
    expect(toChat()).toHaveLength(2);
    expect(cardOf(toChat()[1]?.content).header.title.content).toBe('每日督办提醒（3项）');
    await setFollowupSettings(h.deps.db, {});
  });
});
