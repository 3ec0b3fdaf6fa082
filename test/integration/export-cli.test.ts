import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/entry/cli.ts';
import { LEDGER_SHEET } from '../../src/services/export-ledger.ts';
import { parseCsv } from '../support/csv-parse.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { SAMPLE } from '../support/directory.ts';
import { NOW, type Scenario, seedScenario, WEEK } from '../support/figures-scenario.ts';

let t: TestDb;
let s: Scenario;
let dir: string;
beforeAll(async () => {
  t = await createTestDb();
  s = await seedScenario(t.db);
  dir = await mkdtemp(join(tmpdir(), 'duban-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await t.drop();
});

const T = SAMPLE.tenantKey;
const AUTUMN = { from: '2026-09-01', to: '2026-10-31' };
const HEADERS =
  '编号 事项 来源 交办领导 牵头单位 协办单位 交办日期 办理时限 状态 办结日期 是否超期 预警 最新进展'.split(
    ' ',
  );

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const chunks: Buffer[] = [];
  const io = {
    out: (l: string) => out.push(l),
    err: (l: string) => err.push(l),
    write: (b: Buffer | string) => chunks.push(Buffer.isBuffer(b) ? b : Buffer.from(b, 'utf8')),
  };
  return { io, out, err, written: () => Buffer.concat(chunks) };
}

describe('CLI export commands', () => {
  const run = async (args: string[], url = t.url) => {
    const c = capture();
    const code = await runCli(args, { DATABASE_URL: url, LOG_LEVEL: 'silent' }, c.io, NOW);
    return { code, ...c };
  };

  it('refuses bad input with exit 2 and a message in both languages', async () => {
    const cases: [string[], RegExp][] = [
      [['export', '--format', 'xlsx', '--tenant', T], /--out.*xlsx export needs --out/],
      [['export', '--from', '2026-02-30', '--tenant', T], /--from 日期无效.*invalid --from date/],
      [['export', '--to', '10/23', '--tenant', T], /--to 日期无效/],
      [['export', '--from', '2026-10-24', '--to', '2026-10-23', '--tenant', T], /晚于.*must not be after/],
      [['export', '--format', 'pdf', '--tenant', T], /--format 应为 csv 或 xlsx/],
      [['export'], /多个租户.*--tenant/],
      [['export', '--tenant', 'nobody'], /未找到租户 nobody/],
      [['export', '--bogus'], /Unknown option '--bogus'/],
      [['audit', 'export', '--format', 'xml', '--tenant', T], /--format 应为 csv 或 jsonl/],
      [['audit', 'purge'], /unknown subcommand "purge"/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.join('\n'), args.join(' ')).toMatch(message);
      expect(r.written().length).toBe(0);
    }
  });

  it('writes CSV to stdout and xlsx to a file', async () => {
    const csv = await run([
      'export',
      '--format',
      'csv',
      '--from',
      AUTUMN.from,
      '--to',
      AUTUMN.to,
      '--tenant',
      T,
    ]);
    expect(csv.code).toBe(0);
    expect(parseCsv(csv.written().toString('utf8').slice(1))).toHaveLength(13);
    expect(csv.out).toEqual([]);
    const file = join(dir, '台账.xlsx');
    const xlsx = await run(['export', '--out', file, '--tenant', T]);
    expect(xlsx.code).toBe(0);
    expect(xlsx.out.join('')).toContain('已导出 13 项事项');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await readFile(file)).buffer);
    expect(workbook.getWorksheet(LEDGER_SHEET)?.rowCount).toBe(14);
  });

  it('never replaces an existing --out file without --force', async () => {
    const file = join(dir, 'kept.csv');
    await writeFile(file, 'the office’s own notes\n');
    for (const args of [
      ['export', '--format', 'csv', '--out', file, '--tenant', T],
      ['audit', 'export', '--out', file, '--tenant', T],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.join('\n')).toMatch(/已存在，未覆盖.*--force/);
      expect(await readFile(file, 'utf8')).toBe('the office’s own notes\n');
    }
    const forced = await run(['export', '--format', 'csv', '--out', file, '--force', '--tenant', T]);
    expect(forced.code).toBe(0);
    expect(await readFile(file, 'utf8')).toContain('编号');
  });

  it('exports the audit log to a file or stdout', async () => {
    const file = join(dir, 'audit.jsonl');
    const r = await run([
      'audit',
      'export',
      '--from',
      WEEK.from,
      '--to',
      WEEK.to,
      '--out',
      file,
      '--tenant',
      T,
    ]);
    expect(r.code).toBe(0);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(s.events.filter((e) => e.inWeek).length);
    const csv = await run(['audit', 'export', '--tenant', T]);
    expect(csv.code).toBe(0);
    expect(parseCsv(csv.written().toString('utf8').slice(1))).toHaveLength(s.events.length + 1);
  });

  it('needs no --tenant when the database holds one tenant', async () => {
    const single = await createTestDb();
    try {
      await single.db.insertInto('tenants').values({ tenant_key: 'only_one' }).execute();
      const r = await run(['export'], single.url);
      expect(r.code).toBe(0);
      expect(parseCsv(r.written().toString('utf8').slice(1))).toEqual([HEADERS]);
    } finally {
      await single.drop();
    }
  });
});
