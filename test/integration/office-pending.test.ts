/**
 * 督查室待办: what waits on the office (a draft not 交办, a 报结 not reviewed, a 申请调整 not decided, an
 * extension not approved) is put before it each working morning once it has waited a working day, and
 * on demand with 待办. Nothing waits in silence just because no unit is late.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingInstant } from '../../src/domain/calendar/index.ts';
import type { SentMessage } from '../../src/lark/emulator/server.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Rig } from '../support/followup-seed.ts';
import { followupRig, housingUnitId } from '../support/followup-seed.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { click, say, sent, text } from '../support/lifecycle.ts';

let h: Harness;
let rig: Rig;
const at = (date: string, clock = '09:30') => beijingInstant(date, clock);

type Seed = {
  title: string;
  state: string;
  kind?: string;
  createdAt?: Date;
  submittedAt?: Date;
  pendingExtensionAt?: Date;
};

async function seed(n: number, s: Seed): Promise<number> {
  const housing = await housingUnitId(h.deps.db);
  const row = await h.deps.db
    .insertInto('items')
    .values({
      tenant_key: SAMPLE.tenantKey,
      title: s.title,
      text: s.title,
      created_by: SAMPLE.office.zhou,
      kind: s.kind ?? 'forwarded',
      state: s.state,
      lead_unit_id: housing,
      deadline: '2026-12-31',
      number: s.state === 'draft' ? null : `督〔2026〕${700 + n}号`,
      number_year: s.state === 'draft' ? null : 2026,
      number_seq: s.state === 'draft' ? null : 700 + n,
      issued_at: s.state === 'draft' ? null : at('2026-11-16'),
      submitted_at: s.submittedAt ?? null,
      pending_extension: s.pendingExtensionAt
        ? JSON.stringify({
            date: '2027-01-15',
            reason: '需等待上级批复',
            by: SAMPLE.housing.head,
            at: s.pendingExtensionAt.toISOString(),
          })
        : null,
      ...(s.createdAt ? { created_at: s.createdAt } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const pendingCards = (): SentMessage[] =>
  h.fake
    .messages()
    .filter((m) => m.receive_id === SAMPLE.groups.supervision && text(m).includes('督查室待办'));

beforeAll(async () => {
  h = await createHarness();
  rig = followupRig(h);
  rig.setClock(at('2026-11-27', '08:00'));
  // Friday 11-27: a leader's instruction the office has not 交办 yet.
  await seed(1, { title: '拟办未交办事项', state: 'draft', createdAt: at('2026-11-27', '15:00') });
  // Tuesday 12-01: the unit's 报结.
  await seed(2, { title: '报结待审事项', state: 'submitted', submittedAt: at('2026-12-01', '10:00') });
  // Wednesday 12-02 at 09:00: an extension request, not a working day old on the morning it is listed.
  await seed(3, {
    title: '延期待批事项',
    state: 'in_progress',
    pendingExtensionAt: at('2026-12-02', '09:00'),
  });
  // A 建议提案 whose unit asked for 调整 on 11-20: 8 working days by 12-02, past the 5 the office has.
  const adjust = await seed(4, { title: '调整待定提案', state: 'reassigning', kind: 'npc_cppcc' });
  await h.deps.db
    .insertInto('item_events')
    .values({
      tenant_key: SAMPLE.tenantKey,
      item_id: adjust,
      actor: SAMPLE.housing.head,
      action: 'decline',
      data: JSON.stringify({ text: '不属本单位职责' }),
      created_at: at('2026-11-20', '11:00'),
    })
    .execute();
  // Closed items wait for nothing, whatever they still hold.
  await seed(5, {
    title: '已办结事项',
    state: 'completed',
    pendingExtensionAt: at('2026-11-20', '09:00'),
  });
});
afterAll(async () => {
  await rig.close();
  await h.close();
});

describe('the morning card', () => {
  it('lists what has waited a working day, the overdue 调整 first, once a day', async () => {
    rig.setClock(at('2026-12-02', '08:50'));
    await sleep(500);
    expect(pendingCards()).toEqual([]);

    rig.setClock(at('2026-12-02'));
    const card = await sent(h, (m) => pendingCards().includes(m), 10_000);
    const body = text(card);
    expect(body).toContain('等待满 1 个工作日的事项共 3 项，其中 1 项已超时限');
    const order = ['调整待定提案', '拟办未交办事项', '报结待审事项'].map((t) => body.indexOf(t));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(body).toContain("申请调整待决定 · <font color='red'>已等待 8 个工作日，已超时限</font>");
    expect(body).toContain('拟办待交办 · 已等待 3 个工作日');
    expect(body).toContain('报结待审核 · 已等待 1 个工作日');
    expect(body).not.toContain('延期待批事项');
    expect(body).not.toContain('已办结事项');
    expect((card.content as { header: { template: string } }).header.template).toBe('red');

    // Later that morning the tick runs again: still one card.
    rig.setClock(at('2026-12-02', '11:00'));
    await sleep(1_000);
    expect(pendingCards()).toHaveLength(1);
  });

  it('not on a day off; the next working morning again, with the extension now a day old', async () => {
    rig.setClock(at('2026-12-05'));
    await sleep(1_000);
    expect(pendingCards()).toHaveLength(1);

    rig.setClock(at('2026-12-07'));
    await h.fake.waitFor(() => pendingCards().length === 2, 10_000);
    const body = text(pendingCards()[1] as SentMessage);
    expect(body).toContain('共 4 项');
    expect(body).toContain('延期申请待审批 · 已等待 3 个工作日');
  });

  it('turned off with 0: no card', async () => {
    await h.deps.db
      .updateTable('tenants')
      .set({ settings: JSON.stringify({ followup: { officePendingAfterWorkdays: 0 } }) })
      .where('tenant_key', '=', SAMPLE.tenantKey)
      .execute();
    rig.setClock(at('2026-12-08'));
    await sleep(1_000);
    expect(pendingCards()).toHaveLength(2);
  });
});

describe('待办', () => {
  it('shows the office everything waiting, however recent; a unit head gets their own items', async () => {
    rig.setClock(at('2026-12-02', '10:00'));
    const asked = await say(h, SAMPLE.office.zhou, '待办');
    const list = text(await sent(h, (m) => m.reply_to === asked));
    expect(list).toContain('等待督查室或领导处理的事项共 4 项');
    expect(list).toContain('延期申请待审批 · 不足 1 个工作日');

    const theirs = await say(h, SAMPLE.housing.head, '待办');
    const mine = text(await sent(h, (m) => m.reply_to === theirs));
    expect(mine).toContain('我的事项');
    expect(mine).toContain('延期待批事项');
    expect(mine).not.toContain('拟办未交办事项');
    // Its page button pressed by someone else shows nothing of the office's.
    const paged = await click(h, SAMPLE.housing.head, { a: 'page', k: 'pending', p: 1 });
    expect(JSON.stringify(paged)).not.toContain('调整待定提案');
  });
});
