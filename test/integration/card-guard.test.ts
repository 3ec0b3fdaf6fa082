/**
 * Every card is checked where it is built for sending: outbox card rows and callback answers alike.
 * A card that fails is a bug: it is logged with its purpose, replaced by a short fallback card, and
 * the transition it belongs to still happens and still reaches its people.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fallbackCard, sendableCard } from '../../cards/sendable.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { click, eventsOf, itemRow, say, sent, text } from '../support/lifecycle.ts';

let h: Harness;
const logged: Array<{ msg: string; purpose?: string; problem?: string }> = [];
let brokenUnit: number;

beforeAll(async () => {
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  h.deps.logger = pino({ level: 'error' }, { write: (line: string) => logged.push(JSON.parse(line)) });
  h.startEngine({ sweepIntervalMs: 500 });
  // A unit whose name no card can hold (a bad directory row): every card naming it is too big.
  const row = await h.deps.db
    .insertInto('units')
    .values({ tenant_key: SAMPLE.tenantKey, name: `县${'超长名称'.repeat(3000)}局`, aliases: [] })
    .returning('id')
    .executeTakeFirstOrThrow();
  brokenUnit = row.id;
  await h.deps.db
    .insertInto('unit_members')
    .values({
      tenant_key: SAMPLE.tenantKey,
      unit_id: brokenUnit,
      open_id: SAMPLE.finance.liaison,
      role: 'liaison',
    })
    .execute();
});
afterAll(async () => h.close());

describe('the fallback card', () => {
  it('is valid, keeps the title, and says where to read the rest', () => {
    const fallback = sendableCard({
      header: { title: { content: '督查通知单：测试' } },
      body: { elements: [] },
    });
    expect(fallback.problem).toMatch(/卡片结构不合规/);
    expect(sendableCard(fallback.card).problem).toBeNull();
    expect(JSON.stringify(fallback.card)).toContain('督查通知单：测试');
    expect(JSON.stringify(fallbackCard(null))).toContain('事项 编号');
  });
});

describe('a card that fails its check', () => {
  it('still carries the transition: the notice goes out as a fallback, recorded and logged', async () => {
    const instruction = '请相关单位于12月20日前完成辖区内燃气管道隐患排查整治。';
    await say(h, SAMPLE.leaders.li, instruction);
    const draftCard = await sent(
      h,
      (m) => m.receive_id === SAMPLE.groups.supervision && text(m).includes('燃气管道'),
    );
    const draft = await h.deps.db
      .selectFrom('items')
      .selectAll()
      .where('text', '=', instruction)
      .executeTakeFirstOrThrow();
    const form = {
      title: '燃气管道排查',
      lead: String(brokenUnit),
      co: [],
      kind: 'forwarded',
      source: 'leader_instruction',
      priority: 'normal',
    };
    const issued = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'issue', i: draft.id, v: draft.version },
      { formValue: form, messageId: draftCard.message_id },
    );
    expect(issued.toast?.type).toBe('success');
    // The unit's liaison gets a card it can read, about the item.
    const notice = await sent(h, (m) => m.receive_id === SAMPLE.finance.liaison);
    expect(text(notice)).toContain('督查通知单');
    expect(text(notice)).toContain('未能完整显示');
    const row = await h.deps.db
      .selectFrom('outbox')
      .select(['purpose', 'card_problem'])
      .where('receive_id', '=', SAMPLE.finance.liaison)
      .executeTakeFirstOrThrow();
    expect(row.card_problem).toMatch(/超过 30 KB/);
    await h.fake.waitFor(() => logged.some((l) => l.purpose === row.purpose && l.problem !== undefined));

    // 签收 from it: the answer is checked the same way, and the transition stands.
    const before = logged.length;
    const accepted = await click(
      h,
      SAMPLE.finance.liaison,
      { a: 'accept', i: draft.id, v: (await itemRow(h.deps.db, draft.id)).version },
      { messageId: notice.message_id },
    );
    expect(accepted.toast?.type).toBe('success');
    expect(JSON.stringify(accepted.card)).toContain('未能完整显示');
    expect((await itemRow(h.deps.db, draft.id)).state).toBe('in_progress');
    expect(await eventsOf(h.deps.db, draft.id)).toContain('accept');
    expect(logged.slice(before).some((l) => l.msg.includes('answer card failed validation'))).toBe(true);
  });
});
