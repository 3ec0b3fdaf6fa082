import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDirectory } from '../../src/domain/directory.ts';
import { importDirectory } from '../../src/services/import-directory.ts';
import { SAMPLE, sampleDirectoryText } from '../support/directory.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { click, eventsOf, itemRow, say, sent, to, unitId } from '../support/lifecycle.ts';

let h: Harness;
let housing: number;
let land: number;
const OTHER_TENANT = 'othercounty00001';

beforeAll(async () => {
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  h.startEngine({ sweepIntervalMs: 500 });
  housing = await unitId(h.deps.db, '县住房和城乡建设局');
  land = await unitId(h.deps.db, '县自然资源局');
  // A second county served by the same deployment, with the same people's ids.
  const other = parseDirectory(sampleDirectoryText().replace(SAMPLE.tenantKey, OTHER_TENANT));
  if (!other.ok) throw new Error('bad directory');
  await importDirectory(h.deps.db, other.value);
});
afterAll(async () => h.close());

let seq = 0;
async function issuedItem(): Promise<{ id: number; version: number }> {
  const instruction = `请县住建局牵头开展第${++seq}批城中村安全隐患排查，15个工作日内完成。`;
  await say(h, SAMPLE.leaders.wang, instruction);
  await h.fake.waitFor(async () =>
    Boolean(
      await h.deps.db.selectFrom('items').select('id').where('text', '=', instruction).executeTakeFirst(),
    ),
  );
  const draft = await h.deps.db
    .selectFrom('items')
    .selectAll()
    .where('text', '=', instruction)
    .executeTakeFirstOrThrow();
  const form = {
    title: `排查${seq}`,
    lead: String(housing),
    co: [],
    kind: 'forwarded',
    source: 'leader_instruction',
    priority: 'normal',
  };
  const res = await click(
    h,
    SAMPLE.office.zhou,
    { a: 'issue', i: draft.id, v: draft.version },
    { formValue: form },
  );
  if (res.toast?.type !== 'success') throw new Error(`issue failed: ${JSON.stringify(res.toast)}`);
  const row = await itemRow(h.deps.db, draft.id);
  return { id: row.id, version: row.version };
}

describe('refusals change nothing', () => {
  it('the wrong person: a member of another unit cannot accept, a unit cannot approve', async () => {
    const item = await issuedItem();
    const wrongUnit = await click(h, SAMPLE.land.head, { a: 'accept', i: item.id, v: item.version });
    expect(wrongUnit.toast?.type).toBe('error');
    const notOffice = await click(
      h,
      SAMPLE.housing.head,
      { a: 'cancel', i: item.id, v: item.version },
      { formValue: { text: '我想撤销' } },
    );
    expect(notOffice.toast).toEqual({ type: 'error', content: expect.stringContaining('督查室') });
    const row = await itemRow(h.deps.db, item.id);
    expect([row.state, row.version]).toEqual(['issued', item.version]);
    expect(await eventsOf(h.deps.db, item.id)).toEqual(['create', 'issue']);
  });

  it('a stranger and an unknown value are refused with a toast', async () => {
    const item = await issuedItem();
    expect((await click(h, SAMPLE.stranger, { a: 'accept', i: item.id, v: item.version })).toast?.type).toBe(
      'error',
    );
    const forged = await click(h, SAMPLE.housing.head, {
      a: 'accept',
      i: item.id,
      v: item.version,
      operator: SAMPLE.office.zhou,
    });
    expect(forged.toast).toEqual({ type: 'error', content: expect.stringContaining('无法识别') });
    expect((await itemRow(h.deps.db, item.id)).state).toBe('issued');
  });

  it('bad form input is refused in Chinese and changes nothing', async () => {
    const item = await issuedItem();
    await click(h, SAMPLE.housing.head, { a: 'accept', i: item.id, v: item.version });
    const cur = await itemRow(h.deps.db, item.id);
    const empty = await click(
      h,
      SAMPLE.housing.head,
      { a: 'report', i: item.id, v: cur.version },
      { formValue: { text: '   ' } },
    );
    expect(empty.toast).toEqual({ type: 'error', content: '请填写办理进展' });
    const past = await click(
      h,
      SAMPLE.housing.head,
      { a: 'request_extension', i: item.id, v: cur.version },
      { formValue: { date: '2026-11-01 +0800', text: '来不及' } },
    );
    expect(past.toast?.type).toBe('error');
    const after = await itemRow(h.deps.db, item.id);
    expect([after.version, after.pending_extension]).toEqual([cur.version, null]);
  });

  it('a stale card gets a toast and the card as it is now', async () => {
    const item = await issuedItem();
    await click(h, SAMPLE.housing.head, { a: 'accept', i: item.id, v: item.version });
    let cur = await itemRow(h.deps.db, item.id);
    await click(
      h,
      SAMPLE.housing.head,
      { a: 'submit', i: item.id, v: cur.version },
      { formValue: { text: '已完成排查' } },
    );
    const review = await sent(
      h,
      (m) => to(SAMPLE.groups.supervision)(m) && JSON.stringify(m.content).includes('已完成排查'),
    );
    cur = await itemRow(h.deps.db, item.id);
    // The unit adds a note after the office opened the review card: the office's card is now stale.
    await click(
      h,
      SAMPLE.housing.head,
      { a: 'report', i: item.id, v: cur.version },
      { formValue: { text: '补充：照片已上传' } },
    );
    const stale = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'approve', i: item.id, v: cur.version },
      { formValue: {}, messageId: review.message_id },
    );
    expect(stale.toast?.type).toBe('warning');
    expect((await itemRow(h.deps.db, item.id)).state).toBe('submitted');
    // The refreshed review card carries the current version, so the next click works.
    const refreshed = JSON.stringify(stale.card);
    const now = await itemRow(h.deps.db, item.id);
    expect(refreshed).toContain(`"v":${now.version}`);
    const approved = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'approve', i: item.id, v: now.version },
      { formValue: {}, messageId: review.message_id },
    );
    expect(approved.toast?.type).toBe('success');
  });

  it('a double click makes one transition', async () => {
    const item = await issuedItem();
    const answers = await Promise.all([
      click(h, SAMPLE.housing.head, { a: 'accept', i: item.id, v: item.version }),
      click(h, SAMPLE.housing.liaison, { a: 'accept', i: item.id, v: item.version }),
    ]);
    expect(answers.map((a) => a.toast?.type).sort()).toEqual(['success', 'warning']);
    expect((await eventsOf(h.deps.db, item.id)).filter((e) => e === 'accept')).toHaveLength(1);
  });

  it('an item of another tenant is refused', async () => {
    const item = await issuedItem();
    const res = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'cancel', i: item.id, v: item.version },
      { formValue: { text: '越权' }, tenantKey: OTHER_TENANT },
    );
    expect(res.toast).toEqual({ type: 'error', content: expect.stringContaining('不存在') });
    expect((await itemRow(h.deps.db, item.id)).state).toBe('issued');
  });
});

describe('numbering', () => {
  it('concurrent issuing gives distinct consecutive numbers', async () => {
    const drafts = [];
    for (let i = 0; i < 6; i++) {
      const row = await h.deps.db
        .insertInto('items')
        .values({
          tenant_key: SAMPLE.tenantKey,
          title: `并发${i}`,
          text: `并发交办${i}`,
          created_by: SAMPLE.office.zhou,
          state: 'draft',
          lead_unit_id: land,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      drafts.push(row);
    }
    const before =
      (
        await h.deps.db
          .selectFrom('item_counters')
          .select('last')
          .where('tenant_key', '=', SAMPLE.tenantKey)
          .executeTakeFirst()
      )?.last ?? 0;
    const form = {
      title: '并发交办',
      lead: String(land),
      co: [],
      kind: 'forwarded',
      source: 'other',
      priority: 'normal',
    };
    const answers = await Promise.all(
      drafts.map((d) =>
        click(h, SAMPLE.office.chen, { a: 'issue', i: d.id, v: d.version }, { formValue: form }),
      ),
    );
    expect(answers.every((a) => a.toast?.type === 'success')).toBe(true);
    const rows = await h.deps.db
      .selectFrom('items')
      .select(['number_seq', 'number'])
      .where(
        'id',
        'in',
        drafts.map((d) => d.id),
      )
      .execute();
    const seqs = rows.map((r) => r.number_seq ?? 0).sort((a, b) => a - b);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6].map((n) => before + n));
    expect(new Set(rows.map((r) => r.number)).size).toBe(6);
  });
});
