import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBulletinCard } from '../../cards/bulletin.ts';
import { validateCard } from '../../cards/schema.ts';
import { writtenSummary } from '../../cards/written-bulletin.ts';
import { updateProposal } from '../../src/db/queries/proposals.ts';
import { loadTenantContext } from '../../src/db/queries/tenants.ts';
import { runCli } from '../../src/entry/cli.ts';
import { cliOfficer } from '../../src/entry/cli-proposals.ts';
import { buildBulletin } from '../../src/services/bulletin.ts';
import { issueProposalBatch } from '../../src/services/proposals/issue-batch.ts';
import { buildProposalReport, proposalStatsCard, yearLine } from '../../src/services/proposals/report.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { sendFile } from '../support/intake.ts';
import { click, say, sent, text } from '../support/lifecycle.ts';
import { fiftyWithThreeBad, proposalWorkbook, sheetRow } from '../support/proposal-sheet.ts';

const NOW = new Date('2026-03-10T02:00:00Z');
const T = SAMPLE.tenantKey;
let h: Harness;
let dir: string;

beforeAll(async () => {
  h = await createHarness({ clock: NOW });
  dir = await mkdtemp(join(tmpdir(), 'duban-proposals-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await h.close();
});

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  const code = await runCli(args, { DATABASE_URL: h.testDb.url, LOG_LEVEL: 'silent' }, io, NOW);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const counts = async () => {
  const n = async (table: 'items' | 'proposals' | 'item_co_units' | 'item_events' | 'outbox') =>
    Number(
      (
        await h.deps.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    items: await n('items'),
    proposals: await n('proposals'),
    co: await n('item_co_units'),
    events: await n('item_events'),
    outbox: await n('outbox'),
  };
};

describe('duban proposals import and issue', () => {
  let batch = '';

  it('imports the 47 good rows of 50 as drafts and lists the 3 bad ones by row', async () => {
    const { rows } = fiftyWithThreeBad();
    const file = join(dir, '2026建议提案.xlsx');
    await writeFile(
      file,
      await proposalWorkbook(rows, { title: '2026年县人大代表建议和政协委员提案交办清单' }),
    );
    const before = await counts();

    const dry = await cli(['proposals', 'import', file, '--tenant', T, '--year', '2026', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('可导入 47 件，有误 3 行');
    expect(await counts()).toEqual(before);

    const run = await cli(['proposals', 'import', file, '--tenant', T, '--year', '2026']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('已导入 47 件，有误 3 行');
    // Sheet rows (the title line is row 1, the header row 2): data rows 10, 20, 30 are rows 11, 21, 31.
    expect(run.out).toContain('第 11 行：主办单位“县水利局”不在本县名录中');
    expect(run.out).toContain('第 21 行：第5号建议与第 7 行编号重复');
    expect(run.out).toContain('第 31 行：缺少标题');
    batch = /批次 ([0-9a-f-]+)/.exec(run.out)?.[1] ?? '';
    expect(batch).toMatch(/^2026-[0-9a-f]{6}$/);

    const drafts = await h.deps.db
      .selectFrom('proposals as p')
      .innerJoin('items as i', 'i.id', 'p.item_id')
      .select([
        'i.state',
        'i.kind',
        'i.source',
        'i.deadline_explicit',
        'p.category',
        'p.seq',
        'p.stage',
        'p.key_item',
        'p.proposers',
      ])
      .where('p.import_batch', '=', batch)
      .execute();
    expect(drafts).toHaveLength(47);
    expect(
      drafts.every((d) => d.state === 'draft' && d.kind === 'npc_cppcc' && d.source === 'npc_cppcc'),
    ).toBe(true);
    expect(drafts.filter((d) => d.category === 'npc_suggestion')).toHaveLength(27);
    expect(drafts.find((d) => d.category === 'npc_suggestion' && d.seq === 1)).toMatchObject({
      key_item: true,
      proposers: '代表1、代表2',
      stage: 'draft',
    });
    expect(drafts.find((d) => d.category === 'npc_suggestion' && d.seq === 8)?.deadline_explicit).toBe(
      '2026-05-29',
    );
    const after = await counts();
    expect(after.items - before.items).toBe(47);
    expect(after.proposals - before.proposals).toBe(47);
    expect(after.events - before.events).toBe(47);
    expect(after.outbox).toBe(before.outbox);
  });

  it('refuses every row of the same sheet imported again: nothing doubled', async () => {
    const before = await counts();
    const again = await cli([
      'proposals',
      'import',
      join(dir, '2026建议提案.xlsx'),
      '--tenant',
      T,
      '--year',
      '2026',
    ]);
    expect(again.code).toBe(1);
    expect(again.out).toContain('已导入 0 件，有误 50 行');
    expect(again.out).toContain('第 3 行：第1号建议已导入过，不再重复导入');
    expect(await counts()).toEqual(before);
  });

  it('a file that is not a proposals list is refused whole', async () => {
    const file = join(dir, 'other.xlsx');
    await writeFile(file, Buffer.from('not a workbook'));
    const res = await cli(['proposals', 'import', file, '--tenant', T]);
    expect(res.code).toBe(1);
    expect(res.err).toContain('未找到建议提案清单');
    expect((await cli(['proposals', 'import', file, '--year', '26'])).code).toBe(2);
  });

  it('issues the batch: 47 items numbered, a notice to each 主办 unit in the outbox; again issues nothing', async () => {
    const officer = cliOfficer(T);
    const first = await issueProposalBatch(h.deps, officer, batch);
    expect(first).toEqual({ issued: 47, skipped: 0, refused: [] });
    const items = await h.deps.db
      .selectFrom('proposals as p')
      .innerJoin('items as i', 'i.id', 'p.item_id')
      .select(['i.id', 'i.state', 'i.number', 'i.deadline', 'i.lead_unit_id', 'p.stage'])
      .where('p.import_batch', '=', batch)
      .execute();
    expect(items.every((i) => i.state === 'issued' && i.number !== null && i.deadline !== null)).toBe(true);
    expect(items.every((i) => i.stage === 'assigned')).toBe(true);
    const leadNotices = await h.deps.db
      .selectFrom('outbox')
      .select('item_id')
      .distinct()
      .where(
        'item_id',
        'in',
        items.map((i) => i.id),
      )
      .where((eb) =>
        eb.or(
          items.map((i) =>
            eb.and([eb('item_id', '=', i.id), eb('purpose', '=', `notice:${i.lead_unit_id}`)]),
          ),
        ),
      )
      .execute();
    expect(leadNotices).toHaveLength(47);

    const before = await counts();
    const second = await cli(['proposals', 'issue', '--batch', batch, '--tenant', T]);
    expect(second.code).toBe(0);
    expect(second.out).toBe(`批次 ${batch}：已交办 0 件，47 件此前已交办，未重复交办`);
    expect((await cli(['proposals', 'issue', '--batch', '2026-000000', '--tenant', T])).code).toBe(1);
    expect(await counts()).toEqual(before);
  });

  it('the report and the exported ledger count the same', async () => {
    const items = await h.deps.db
      .selectFrom('proposals')
      .select(['item_id', 'category', 'seq'])
      .where('import_batch', '=', batch)
      .orderBy('category')
      .orderBy('seq')
      .execute();
    const [a, b, c, d] = items.map((i) => i.item_id);
    if (!a || !b || !c || !d) throw new Error('batch too small');
    // The states the lifecycle writes: replied on time (A, 满意), late (B, 基本满意), 不满意 and back in
    // 重办, and a reply still with the office (not yet 已答复).
    const at = (day: string) => new Date(`${day}T03:00:00Z`);
    const sent = { checked_at: at('2026-05-02'), sent_at: at('2026-05-02') };
    await updateProposal(
      h.deps.db,
      T,
      a,
      {
        stage: 'closed',
        replied_at: at('2026-04-20'),
        answer_category: 'A',
        satisfaction: 'satisfied',
        ...sent,
      },
      NOW,
    );
    await updateProposal(
      h.deps.db,
      T,
      b,
      {
        stage: 'closed',
        replied_at: at('2026-07-30'),
        answer_category: 'B',
        followup_on: '2026-10-31',
        satisfaction: 'basically',
        ...sent,
      },
      NOW,
    );
    await updateProposal(
      h.deps.db,
      T,
      c,
      {
        stage: 'handling',
        replied_at: at('2026-04-25'),
        answer_category: 'C',
        satisfaction: 'unsatisfied',
        redo_count: 1,
      },
      NOW,
    );
    await updateProposal(
      h.deps.db,
      T,
      d,
      { stage: 'checking', replied_at: at('2026-04-28'), answer_category: 'A' },
      NOW,
    );

    const report = await buildProposalReport(h.deps.db, T, 2026);
    expect(report.total).toMatchObject({
      lead: 47,
      replied: 2,
      onTime: 1,
      answers: { A: 1, B: 1, C: 0 },
      satisfaction: { satisfied: 1, basically: 1, unsatisfied: 0 },
      outstanding: 45,
    });
    const printed = await cli(['proposals', 'report', '--tenant', T, '--year', '2026']);
    expect(printed.out).toContain('2026年建议提案交办 47 件，已答复 2 件（按期 1 件');
    expect(printed.out).toMatch(/合计\s+47\s/);

    const card = await proposalStatsCard(h.deps.db, T, NOW);
    const shown = JSON.stringify(card);
    expect(shown).toContain('2026年建议提案办理情况');
    expect(shown).toContain('已答复 2 件（按期 1 件');
    expect(validateCard(card).ok).toBe(true);

    // The 督查专报 of the week of the first reply carries the year's line and the period's replies.
    const week = await buildBulletin(
      h.deps.db,
      await loadTenantContext(h.deps.db, T),
      { from: '2026-04-14', to: '2026-04-20' },
      NOW,
    );
    expect(week.proposals).toBe(`${yearLine(report)}本期答复 1 件。`);
    expect(JSON.stringify(buildBulletinCard({ figures: week }))).toContain('本期答复 1 件');
    expect(writtenSummary(week)).toContain(week.proposals);

    const file = join(dir, 'ledger.xlsx');
    const exported = await cli(['proposals', 'export', '--tenant', T, '--year', '2026', '--out', file]);
    expect(exported.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheetRows = (name: string) => {
      const sheet = workbook.getWorksheet(name);
      if (!sheet) throw new Error(`no sheet ${name}`);
      const rows: string[][] = [];
      sheet.eachRow((row) =>
        rows.push(
          (row.values as unknown[])
            .slice(1)
            .map((v) =>
              v instanceof Date
                ? v.toISOString().slice(0, 10)
                : typeof v === 'object' && v !== null && 'result' in v
                  ? String(v.result)
                  : String(v ?? ''),
            ),
        ),
      );
      return rows;
    };
    const suggestions = sheetRows('建议');
    const proposals = sheetRows('提案');
    expect(suggestions[0]).toEqual([
      '编号',
      '标题',
      '代表',
      '主办单位',
      '会办单位',
      '答复类别',
      '答复时间',
      '是否按期',
      '满意度',
      '重办次数',
      '备注',
    ]);
    const lines = [...suggestions.slice(1), ...proposals.slice(1)];
    expect(lines).toHaveLength(report.total.lead);
    const col = (i: number, value: string) => lines.filter((l) => l[i] === value).length;
    expect(col(7, '是')).toBe(report.total.onTime);
    expect(col(7, '是') + col(7, '否')).toBe(report.total.replied);
    expect([col(5, 'A类'), col(5, 'B类'), col(5, 'C类')]).toEqual([
      report.total.answers.A,
      report.total.answers.B,
      report.total.answers.C,
    ]);
    expect([col(8, '满意'), col(8, '基本满意'), col(8, '不满意')]).toEqual([1, 1, 1]);
    expect(lines.find((l) => l[5] === 'B类')?.[10]).toContain('2026-10-31前跟踪落实');
    expect(lines.find((l) => l[9] === '1')?.[10]).toContain('办理中');
    const units = sheetRows('单位统计');
    const total = units.at(-1) ?? [];
    expect(total.slice(0, 5)).toEqual(['合计', '47', String(report.total.co), '2', '1']);
    expect(units.slice(1, -1).map((u) => [u[0], Number(u[1]), Number(u[11])])).toEqual(
      report.units.map((u) => [u.unitName, u.lead, u.outstanding]),
    );
  });
});

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('a proposals list sent to the bot', () => {
  it('from the office: drafts and the summary card; 批量交办 issues the batch once; a unit is refused', async () => {
    h.startEngine({ sweepIntervalMs: 500 });
    const rows = [50, 51, 52, 53, 54].map(sheetRow);
    const bad = rows[2];
    if (bad) bad[6] = '县水利局';
    const bytes = await proposalWorkbook(rows);

    const fromUnit = await sendFile(h, SAMPLE.housing.head, {
      name: '政协提案清单.xlsx',
      bytes,
      mime: XLSX_MIME,
    });
    const refusal = await sent(h, (m) => m.reply_to === fromUnit, 10_000);
    expect(text(refusal)).toContain('只能由县政府督查室导入');

    const id = await sendFile(h, SAMPLE.office.zhou, { name: '政协提案清单.xlsx', bytes, mime: XLSX_MIME });
    const summary = await sent(h, (m) => m.reply_to === id, 10_000);
    expect(text(summary)).toContain('已生成拟办 **4** 件');
    expect(text(summary)).toContain('第 4 行：主办单位“县水利局”不在本县名录中');
    expect(text(summary)).toContain('批量交办（4 件）');
    const drafts = await h.deps.db
      .selectFrom('items as i')
      .innerJoin('proposals as p', 'p.item_id', 'i.id')
      .select(['i.id', 'i.state', 'p.import_batch', 'p.seq'])
      .where('i.source_message_id', '=', id)
      .execute();
    expect(drafts.map((d) => d.seq).sort((x, y) => x - y)).toEqual([21, 22, 24, 25]);
    expect(
      await h.deps.db.selectFrom('items').select('id').where('source_message_id', '=', fromUnit).execute(),
    ).toEqual([]);
    const b = drafts[0]?.import_batch ?? '';

    const notOffice = await click(h, SAMPLE.leaders.li, { a: 'proposal_batch', b });
    expect(notOffice.toast?.type).toBe('error');
    const pressed = await click(h, SAMPLE.office.zhou, { a: 'proposal_batch', b });
    expect(pressed.toast).toEqual({ type: 'success', content: '已交办 4 件' });
    expect(JSON.stringify(pressed.card)).toContain('建议提案已批量交办');
    const again = await click(h, SAMPLE.office.chen, { a: 'proposal_batch', b });
    expect(again.toast?.content).toBe('已交办 0 件，4 件此前已交办，未重复交办');
    const states = await h.deps.db
      .selectFrom('items')
      .select('state')
      .where('source_message_id', '=', id)
      .execute();
    expect(states.every((s) => s.state === 'issued')).toBe(true);

    const asked = await say(h, SAMPLE.office.zhou, '建议提案统计');
    const stats = await sent(
      h,
      (m) => m.reply_to === asked && text(m).includes('2026年建议提案办理情况'),
      10_000,
    );
    expect(text(stats)).toContain('县住房和城乡建设局');
    const refused = await say(h, SAMPLE.housing.head, '建议提案统计');
    expect(text(await sent(h, (m) => m.reply_to === refused, 10_000))).toContain('仅供督查室和县领导查看');
  });
});
