import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/services/commands/commands.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { click, say, sent, text, unitId } from '../support/lifecycle.ts';

let h: Harness;
const ids: Record<string, number> = {};

beforeAll(async () => {
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  h.startEngine({ sweepIntervalMs: 500 });
  const housing = await unitId(h.deps.db, '县住房和城乡建设局');
  const land = await unitId(h.deps.db, '县自然资源局');
  const finance = await unitId(h.deps.db, '县财政局');
  const add = async (
    key: string,
    lead: number,
    deadline: string,
    co: number[] = [],
    leader: string | null = null,
  ) => {
    const row = await h.deps.db
      .insertInto('items')
      .values({
        tenant_key: SAMPLE.tenantKey,
        title: key,
        text: key,
        created_by: SAMPLE.office.zhou,
        state: 'in_progress',
        lead_unit_id: lead,
        deadline,
        number: `督〔2026〕${Object.keys(ids).length + 1}号`,
        number_year: 2026,
        number_seq: Object.keys(ids).length + 1,
        assigning_leader: leader,
        issued_at: new Date('2026-11-02T02:00:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const u of co)
      await h.deps.db
        .insertInto('item_co_units')
        .values({ tenant_key: SAMPLE.tenantKey, item_id: row.id, unit_id: u })
        .execute();
    ids[key] = row.id;
  };
  // Twelve working days overdue on 2026-11-26: past the 通报批评 threshold.
  await add('住建逾期事项', housing, '2026-11-10', [land], SAMPLE.leaders.li);
  await add('住建在办事项', housing, '2026-12-20');
  await add('财政在办事项', finance, '2026-12-25');
});
afterAll(async () => h.close());

const answerTo = async (who: string, words: string) => {
  const id = await say(h, who, words);
  return sent(h, (m) => m.reply_to === id);
};

describe('parseCommand', () => {
  it('knows the commands and nothing else', () => {
    expect(parseCommand('我的事项')).toEqual({ name: 'mine', page: 1 });
    expect(parseCommand(' 逾期 ')).toEqual({ name: 'overdue', page: 1 });
    expect(parseCommand('事项 17')).toEqual({ name: 'detail', number: '17' });
    expect(parseCommand('事项督〔2026〕3号')).toEqual({ name: 'detail', number: '督〔2026〕3号' });
    expect(parseCommand('请住建局抓紧办理事项')).toBeNull();
  });
});

describe('我的事项 is role-aware', () => {
  it('a unit member sees the items where the unit leads or co-handles', async () => {
    const land = text(await answerTo(SAMPLE.land.head, '我的事项'));
    expect(land).toContain('住建逾期事项');
    expect(land).not.toContain('财政在办事项');
    const housing = text(await answerTo(SAMPLE.housing.liaison, '我的事项'));
    expect(housing).toContain('住建在办事项');
    expect(housing).not.toContain('财政在办事项');
  });

  it('a leader sees what they assigned and the units they are in charge of', async () => {
    // 李建国 assigned the first; 王海燕 is in charge of 县财政局.
    const li = text(await answerTo(SAMPLE.leaders.li, '我的事项'));
    expect(li).toContain('住建逾期事项');
    expect(li).not.toContain('财政在办事项');
    const wang = text(await answerTo(SAMPLE.leaders.wang, '我的事项'));
    expect(wang).toContain('财政在办事项');
    expect(wang).not.toContain('住建在办事项');
  });

  it('the office sees everything; 逾期 lists only overdue items', async () => {
    const all = text(await answerTo(SAMPLE.office.zhou, '我的事项'));
    for (const k of ['住建逾期事项', '住建在办事项', '财政在办事项']) expect(all).toContain(k);
    const overdue = text(await answerTo(SAMPLE.office.zhou, '逾期'));
    expect(overdue).toContain('住建逾期事项');
    expect(overdue).not.toContain('住建在办事项');
  });
});

describe('事项 <编号>, 统计, 专报', () => {
  it('detail with its timeline for those who may see it, a refusal for others', async () => {
    const detail = text(await answerTo(SAMPLE.housing.head, '事项 1'));
    expect(detail).toContain('住建逾期事项');
    const refused = await answerTo(SAMPLE.housing.head, '事项 3');
    expect(refused.msg_type).toBe('text');
    expect(text(refused)).toContain('无权查看');
  });

  it('统计 and 专报 are for the office and leaders; a unit is refused', async () => {
    expect(text(await answerTo(SAMPLE.office.chen, '统计'))).toContain('县住房和城乡建设局');
    expect(text(await answerTo(SAMPLE.housing.head, '统计'))).toContain('仅供督查室和县领导查看');
    expect(text(await answerTo(SAMPLE.finance.head, '专报'))).toContain('仅供督查室和县领导查看');
    const bulletin = await answerTo(SAMPLE.leaders.wang, '专报');
    expect(bulletin.msg_type).toBe('interactive');
    // Named criticism is never in what a leader gets on request; the office gets it as a draft to approve.
    expect(text(bulletin)).not.toContain('通报批评名单');
    const id = await say(h, SAMPLE.office.zhou, '专报');
    await sent(
      h,
      (m) =>
        m.receive_id === SAMPLE.office.zhou &&
        text(m).includes('通报批评名单（待审核）') &&
        text(m).includes('县住房和城乡建设局'),
    );
    await sent(h, (m) => m.reply_to === id);
    expect(h.fake.messages().filter((m) => m.receive_id === SAMPLE.groups.leaders)).toEqual([]);
  });

  it('paging a private list replaces the card; a help-card shortcut answers privately', async () => {
    const list = await answerTo(SAMPLE.office.zhou, '我的事项');
    const paged = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'page', k: 'mine', p: 1 },
      { messageId: list.message_id },
    );
    expect(JSON.stringify(paged.card)).toContain('财政在办事项');
    const shortcut = await click(h, SAMPLE.land.head, { a: 'cmd', c: 'mine' });
    expect(shortcut.toast?.content).toContain('私信');
    await sent(h, (m) => m.receive_id === SAMPLE.land.head && text(m).includes('住建逾期事项'));
    expect((await click(h, SAMPLE.land.head, { a: 'cmd', c: 'export' })).toast).toEqual({
      type: 'error',
      content: '只有督查室工作人员可以导出台账',
    });
  });
});

describe('the weekly bulletin', () => {
  it('goes to the leaders group once per period, with named criticism only as a draft to the office', async () => {
    const { runClockedCards } = await import('../../src/services/clocked-cards.ts');
    // Friday 2026-11-27 16:05 in Beijing.
    const friday = { ...h.deps, now: () => new Date('2026-11-27T08:05:00Z') };
    expect((await runClockedCards(friday)).bulletins).toBe(1);
    expect((await runClockedCards(friday)).bulletins).toBe(0);
    const bulletin = await sent(h, (m) => m.receive_id === SAMPLE.groups.leaders);
    expect(text(bulletin)).not.toContain('通报批评名单');
    const draft = await sent(
      h,
      (m) => m.receive_id === SAMPLE.groups.supervision && text(m).includes('通报批评名单（待审核）'),
    );
    const stored = await sql<{
      n: number;
    }>`select count(*)::int as n from bulletins where origin = 'scheduled'`.execute(h.deps.db);
    expect(stored.rows[0]?.n).toBe(1);
    // Published only when an office member approves it.
    const value = JSON.stringify(draft.content).match(
      /\{\\?"a\\?":\\?"bulletin_publish\\?",\\?"b\\?":(\d+)\}/,
    );
    const bulletinId = Number(value?.[1]);
    expect(bulletinId).toBeGreaterThan(0);
    expect((await click(h, SAMPLE.housing.head, { a: 'bulletin_publish', b: bulletinId })).toast?.type).toBe(
      'error',
    );
    expect(
      h.fake.messages().filter((m) => m.receive_id === SAMPLE.groups.leaders && text(m).includes('通报批评')),
    ).toHaveLength(0);
    expect((await click(h, SAMPLE.office.zhou, { a: 'bulletin_publish', b: bulletinId })).toast?.type).toBe(
      'success',
    );
    await sent(
      h,
      (m) =>
        m.receive_id === SAMPLE.groups.leaders &&
        text(m).includes('通报批评') &&
        text(m).includes('县住房和城乡建设局'),
    );
  });
});

describe('导出台账', () => {
  it('uploads the ledger to Feishu and sends it as a file; the workbook opens with the items', async () => {
    const id = await say(h, SAMPLE.office.chen, '导出台账');
    const file = await sent(h, (m) => m.reply_to === id, 10_000);
    expect(file.msg_type).toBe('file');
    // The written 专报 of the test above is an upload too (a .docx to the leaders' group).
    const ledgers = () => h.fake.uploads().filter((u) => u.file_name.endsWith('.xlsx'));
    const [upload] = ledgers();
    expect(upload?.file_name).toMatch(/^督查台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(file.content).toEqual({ file_key: upload?.file_key });
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(upload?.bytes ?? []).buffer);
    const sheet = book.worksheets[0];
    expect(sheet?.getRow(1).getCell(1).value).toBe('编号');
    const titles = [2, 3, 4].map((r) => sheet?.getRow(r).getCell(2).value);
    expect(titles.sort()).toEqual(['住建在办事项', '住建逾期事项', '财政在办事项']);
    // Exported once however often the sender retries: the file message carries the row id as uuid.
    expect(ledgers()).toHaveLength(1);
  });
});
