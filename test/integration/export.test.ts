import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditJsonLines, exportAudit } from '../../src/services/export-audit.ts';
import {
  buildLedgerRows,
  LEDGER_COLUMNS,
  LEDGER_SHEET,
  ledgerCsv,
  ledgerXlsx,
} from '../../src/services/export-ledger.ts';
import { parseCsv } from '../support/csv-parse.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { SAMPLE } from '../support/directory.ts';
import {
  HOLIDAY_DEADLINE,
  NOW,
  OTHER_TENANT,
  type Scenario,
  seedScenario,
  WEEK,
} from '../support/figures-scenario.ts';

let t: TestDb;
let s: Scenario;
beforeAll(async () => {
  t = await createTestDb();
  s = await seedScenario(t.db);
});
afterAll(async () => t.drop());

const T = SAMPLE.tenantKey;
const AUTUMN = { from: '2026-09-01', to: '2026-10-31' };
const HEADERS =
  '编号 事项 来源 交办领导 牵头单位 协办单位 交办日期 办理时限 状态 办结日期 是否超期 预警 最新进展'.split(
    ' ',
  );

describe('ledger rows', () => {
  it('lists the items issued in the period by Beijing date, drafts and other tenants left out', async () => {
    const rows = await buildLedgerRows(t.db, T, AUTUMN, NOW);
    expect(HOLIDAY_DEADLINE).toBe('2026-10-15');
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 12 }, (_, i) => `督〔2026〕${i + 1}号`));
    expect(rows.map((r) => r.overdue).join('')).toBe('否是否是是是是否否否否是');
    expect(rows.map((r) => r.state)).toEqual([
      '已办结',
      '已办结',
      '办理中',
      '办理中',
      '待签收',
      '已办结',
      '待审核',
      '办理中',
      '已撤销',
      '待签收',
      '已办结',
      '办理中',
    ]);
    expect(rows[0]).toEqual({
      number: '督〔2026〕1号',
      title: '老旧小区改造方案',
      source: '县政府会议议定事项',
      leader: '李建国',
      leadUnit: '县住房和城乡建设局',
      coUnits: '',
      issuedOn: '2026-09-25',
      deadline: '2026-10-15',
      state: '已办结',
      completedOn: '2026-10-15',
      overdue: '否',
      colour: '',
      latestProgress: '',
      facts: { itemId: s.ids.A, open: false, completed: true, completedOnTime: true, overdueNow: false },
    });
    expect(rows[2]?.coUnits).toBe('县自然资源局、城关镇人民政府');
    expect(rows[3]?.latestProgress).toBe('资金已拨付60%');
    expect(rows[5]).toMatchObject({ completedOn: '2026-10-23', overdue: '是' });
    expect(rows[11]).toMatchObject({ title: '学校食堂检查', issuedOn: '2026-09-01', overdue: '是' });
  });

  it('takes everything without a period, and nothing outside it', async () => {
    expect(await buildLedgerRows(t.db, T, {}, NOW)).toHaveLength(13);
    expect(await buildLedgerRows(t.db, T, { from: '2026-08-01', to: '2026-08-31' }, NOW)).toHaveLength(1);
    expect(await buildLedgerRows(t.db, T, { from: '2026-10-21', to: '2026-10-21' }, NOW)).toHaveLength(1);
    expect((await buildLedgerRows(t.db, OTHER_TENANT, {}, NOW)).map((r) => r.title)).toEqual(['邻县事项']);
  });
});

describe('ledger files', () => {
  it('CSV: UTF-8 BOM, CRLF, quotes for commas, quotes and newlines, formulas defused', async () => {
    const rows = await buildLedgerRows(t.db, T, AUTUMN, NOW);
    const bytes = ledgerCsv(rows);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text).toContain('"背街小巷""微改造"", 第二批"');
    expect(text).toContain('"已完成方案初稿，\n正在征求意见"');
    const parsed = parseCsv(text);
    expect(parsed[0]).toEqual(HEADERS);
    expect(parsed).toHaveLength(13);
    expect(parsed[3]?.[1]).toBe('背街小巷"微改造", 第二批');
    expect(parsed[8]?.[12]).toBe('\'=HYPERLINK("http://x","点此")');
    expect(parsed[1]?.slice(6, 11)).toEqual(['2026-09-25', '2026-10-15', '已办结', '2026-10-15', '否']);
  });

  it('xlsx: Chinese headers, frozen header row, real dates, widths', async () => {
    const rows = await buildLedgerRows(t.db, T, AUTUMN, NOW);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await ledgerXlsx(rows)).buffer);
    const sheet = workbook.getWorksheet(LEDGER_SHEET);
    if (!sheet) throw new Error('no sheet');
    expect(sheet.getRow(1).values).toEqual([undefined, ...HEADERS]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.rowCount).toBe(13);
    const issued = sheet.getRow(2).getCell(7).value;
    expect(issued).toBeInstanceOf(Date);
    expect(issued).toEqual(new Date(Date.UTC(2026, 8, 25)));
    expect(sheet.getRow(2).getCell(8).value).toEqual(new Date(Date.UTC(2026, 9, 15)));
    expect(sheet.getRow(2).getCell(7).numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getRow(6).getCell(10).value).toBeNull();
    const overdue = Array.from({ length: 12 }, (_, i) => sheet.getRow(i + 2).getCell(11).value);
    expect(overdue.join('')).toBe('否是否是是是是否否否否是');
    expect(sheet.getColumn(2).width).toBe(LEDGER_COLUMNS[1]?.width);
    expect(sheet.getRow(4).getCell(2).value).toBe('背街小巷"微改造", 第二批');
  });
});

describe('audit export', () => {
  it('has exactly the events of the period, in id order, across batches', async () => {
    const expected = s.events.filter((e) => e.inWeek).map((e) => e.id);
    const chunks: string[] = [];
    const count = await exportAudit(t.db, T, WEEK, 'jsonl', (c) => void chunks.push(c), 2);
    expect(chunks.length).toBeGreaterThan(2);
    const lines = chunks
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(count).toBe(expected.length);
    expect(lines.map((l) => l.id)).toEqual(expected);
    expect(lines[0]).toMatchObject({
      tenant_key: T,
      item_number: '督〔2026〕2号',
      actor: SAMPLE.office.zhou,
      actor_name: '周敏',
      action: 'approve',
      action_label: '办结',
      data: {},
      created_at: '2026-10-19T00:00:00.000+08:00',
    });
    expect(lines.find((l) => l.actor === 'system')).toMatchObject({
      action: 'flag_criticism',
      action_label: '列入通报',
    });
  });

  it('writes CSV with a BOM and one quoted record per event', async () => {
    const chunks: string[] = [];
    const count = await exportAudit(t.db, T, WEEK, 'csv', (c) => void chunks.push(c), 3);
    expect(chunks[0]?.startsWith('\uFEFF序号,租户,事项编号')).toBe(true);
    const parsed = parseCsv(chunks.join('').slice(1));
    expect(parsed).toHaveLength(count + 1);
    expect(parsed.at(-1)?.[8]).toBe('{"text":"a,\\"b\\"\\nc"}');
    expect(parsed.at(-1)?.[9]).toBe('2026-10-23T23:59:59.999+08:00');
  });

  it('formats JSON lines one object per line', () => {
    const line = auditJsonLines([
      {
        id: 1,
        tenantKey: T,
        itemId: 2,
        itemNumber: null,
        actor: 'system',
        actorName: null,
        action: 'x',
        data: { a: '\n' },
        createdAt: new Date(0),
      },
    ]);
    expect(line).toBe(
      '{"id":1,"tenant_key":"2ed263bf32cf1651","item_id":2,"item_number":null,"actor":"system","actor_name":null,"action":"x","action_label":"x","data":{"a":"\\n"},"created_at":"1970-01-01T08:00:00.000+08:00"}\n',
    );
  });
});
