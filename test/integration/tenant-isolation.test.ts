/**
 * Two counties on one deployment, with the same people's open_ids (as when one person is in both).
 * Every lookup a person can reach is bounded by their tenant: each test here fails if that lookup
 * drops its tenant condition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDirectory } from '../../src/domain/directory.ts';
import { importDirectory } from '../../src/services/import-directory.ts';
import { SAMPLE, sampleDirectoryText } from '../support/directory.ts';
import type { Driven, Driver } from '../support/drive.ts';
import { driver } from '../support/drive.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { messageEvent } from '../support/lark-requests.ts';
import { click, itemRow, say, sent, text } from '../support/lifecycle.ts';

let h: Harness;
let d: Driver;
let ours: Driven;
let ourTitle: string;
const OTHER = 'othercounty00002';

beforeAll(async () => {
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  h.startEngine({ sweepIntervalMs: 500 });
  const other = parseDirectory(sampleDirectoryText().replace(SAMPLE.tenantKey, OTHER));
  if (!other.ok) throw new Error('bad directory');
  await importDirectory(h.deps.db, other.value);
  d = driver(h);
  ours = await d.accepted();
  ourTitle = (await itemRow(h.deps.db, ours.id)).title;
});
afterAll(async () => h.close());

/** A private message from the same person, in the other county. */
async function sayElsewhere(who: string, words: string): Promise<string> {
  const ev = messageEvent({ tenantKey: OTHER, senderOpenId: who, text: words });
  const res = await h.post(ev);
  if (res.status !== 200) throw new Error(`event answered ${res.status}`);
  return ev.event.message.message_id;
}

const elsewhere = { tenantKey: OTHER };

describe('from the other county', () => {
  it('查看详情 on our item is not found', async () => {
    const res = await click(h, SAMPLE.office.zhou, { a: 'detail', i: ours.id, v: 0 }, elsewhere);
    expect(res.toast).toEqual({ type: 'error', content: '事项不存在，或您无权查看' });
  });

  it('事项 N finds only its own 督〔2026〕N号', async () => {
    const { number_seq } = await itemRow(h.deps.db, ours.id);
    const asked = await sayElsewhere(SAMPLE.office.zhou, `事项 ${number_seq}`);
    const answer = await sent(h, (m) => m.reply_to === asked);
    expect(text(answer)).toContain('没有找到');
    expect(text(answer)).not.toContain(ourTitle);
  });

  it('a card click on our item is not found and changes nothing', async () => {
    const before = await itemRow(h.deps.db, ours.id);
    const res = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'cancel', i: ours.id, v: before.version },
      { formValue: { text: '越权撤销' }, ...elsewhere },
    );
    expect(res.toast).toEqual({ type: 'error', content: '事项不存在，或不属于本单位' });
    expect((await itemRow(h.deps.db, ours.id)).version).toBe(before.version);
  });

  it('a held reply of ours cannot be decided by the same person there', async () => {
    // Two open items: our unit head's plain message is held until they say which item it is about.
    await d.accepted();
    const words = '本周完成燃气管道入户排查40户';
    await say(h, SAMPLE.housing.head, words);
    await h.fake.waitFor(async () =>
      Boolean(
        await h.deps.db.selectFrom('held_replies').select('id').where('text', '=', words).executeTakeFirst(),
      ),
    );
    const held = await h.deps.db
      .selectFrom('held_replies')
      .select('id')
      .where('text', '=', words)
      .executeTakeFirstOrThrow();
    for (const value of [
      { a: 'reply_to', r: held.id, i: ours.id },
      { a: 'reply_drop', r: held.id },
    ]) {
      const res = await click(h, SAMPLE.housing.head, value, elsewhere);
      expect(res.toast?.type).toBe('error');
    }
    const after = await h.deps.db
      .selectFrom('held_replies')
      .select('resolved_at')
      .where('id', '=', held.id)
      .executeTakeFirstOrThrow();
    expect(after.resolved_at).toBeNull();
  });

  it('lists and paging show none of our items', async () => {
    const asked = await sayElsewhere(SAMPLE.office.zhou, '我的事项');
    const list = await sent(h, (m) => m.reply_to === asked);
    expect(text(list)).not.toContain(ourTitle);
    const paged = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'page', k: 'mine', p: 1 },
      { messageId: list.message_id, ...elsewhere },
    );
    expect(JSON.stringify(paged.card ?? {})).not.toContain(ourTitle);
    expect(JSON.stringify(paged.card ?? {})).toContain('我的事项');
  });

  it('the ledger export holds none of our items', async () => {
    const asked = await sayElsewhere(SAMPLE.office.chen, '导出台账');
    await sent(h, (m) => m.reply_to === asked && m.msg_type === 'file', 10_000);
    const upload = h.fake.uploads().at(-1);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(upload?.bytes ?? []).buffer);
    const sheet = book.worksheets[0];
    expect(sheet?.rowCount).toBe(1);
    expect(JSON.stringify(sheet?.getSheetValues())).not.toContain(ourTitle);
  });
});
