/**
 * A directory of 300 units: the cards that pick units must still fit Feishu's 30 KB, so they ask for
 * unit names instead of listing every unit (twice, on the draft), and the names are checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardBytes, MAX_CARD_BYTES } from '../../cards/limits.ts';
import { validateCard } from '../../cards/schema.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Driver } from '../support/drive.ts';
import { driver } from '../support/drive.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { click, eventsOf, itemRow, sent, text, unitId } from '../support/lifecycle.ts';

let h: Harness;
let d: Driver;
const EXTRA = 300;

beforeAll(async () => {
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  h.startEngine({ sweepIntervalMs: 500 });
  d = driver(h);
  await h.deps.db
    .insertInto('units')
    .values(
      Array.from({ length: EXTRA }, (_, i) => ({
        tenant_key: SAMPLE.tenantKey,
        name: `县乡村振兴发展服务中心第${i}分中心`,
        aliases: [`振兴${i}分中心`],
      })),
    )
    .execute();
});
afterAll(async () => h.close());

const fits = (content: unknown) => {
  expect(validateCard(content).ok).toBe(true);
  expect(cardBytes(content)).toBeLessThanOrEqual(MAX_CARD_BYTES);
};

const issueForm = (title: string, lead: string, co: string) => ({
  title,
  lead_name: lead,
  co_names: co,
  kind: 'co_handled',
  source: 'leader_instruction',
  priority: 'normal',
});

describe('the draft with 300 more units', () => {
  it('fits, names the units the reader found, and issues by name (full name or alias)', async () => {
    const draft = await d.draft();
    const card = await sent(h, (m) => m.message_id === draft.messageId);
    fits(card.content);
    const shown = text(card);
    // The units are not listed (neither once nor twice): no unit pick-lists.
    expect(shown).not.toContain('multi_select_static');
    expect(shown).not.toContain('第150分中心');
    expect(shown).toContain('"name":"lead_name"');
    expect(shown).toContain('县住房和城乡建设局');
    const answer = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'issue', i: draft.id, v: draft.version },
      {
        formValue: issueForm(draft.title, '县住建局', '县自然资源局、振兴7分中心'),
        messageId: draft.messageId,
      },
    );
    expect(answer.toast?.type).toBe('success');
    const row = await itemRow(h.deps.db, draft.id);
    expect(row.lead_unit_id).toBe(await unitId(h.deps.db, '县住房和城乡建设局'));
    const co = await h.deps.db
      .selectFrom('item_co_units')
      .select('unit_id')
      .where('item_id', '=', draft.id)
      .orderBy('unit_id')
      .execute();
    expect(co.map((c) => c.unit_id)).toEqual(
      [
        await unitId(h.deps.db, '县自然资源局'),
        await unitId(h.deps.db, '县乡村振兴发展服务中心第7分中心'),
      ].sort((a, b) => a - b),
    );
  });

  it('a name not in the directory is refused and nothing changes', async () => {
    const draft = await d.draft();
    const answer = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'issue', i: draft.id, v: draft.version },
      { formValue: issueForm(draft.title, '县住建局', '县不存在局'), messageId: draft.messageId },
    );
    expect(answer.toast).toEqual({ type: 'error', content: '名录中没有“县不存在局”，请填写单位全称或简称' });
    const row = await itemRow(h.deps.db, draft.id);
    expect([row.state, row.version]).toEqual(['draft', draft.version]);
    expect(await eventsOf(h.deps.db, draft.id)).toEqual(['create']);
  });
});

describe('reassigning with 300 more units', () => {
  it('the office’s card fits and takes the new lead unit by name', async () => {
    const item = await d.issued();
    await d.act(SAMPLE.housing.head, 'decline', item, { text: '不属本单位职责' }, item.notice);
    const { title } = await itemRow(h.deps.db, item.id);
    const card = await sent(
      h,
      (m) =>
        m.receive_id === SAMPLE.groups.supervision && text(m).includes('申请改派') && text(m).includes(title),
    );
    fits(card.content);
    expect(text(card)).toContain('"name":"unit_name"');
    const answer = await d.act(
      SAMPLE.office.zhou,
      'reassign',
      item,
      { unit_name: '县财政局' },
      card.message_id,
    );
    expect(answer.toast?.type).toBe('success');
    expect((await itemRow(h.deps.db, item.id)).lead_unit_id).toBe(await unitId(h.deps.db, '县财政局'));
  });
});
