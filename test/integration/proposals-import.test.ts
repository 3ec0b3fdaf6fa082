import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/entry/cli.ts';
import { cliOfficer } from '../../src/entry/cli-proposals.ts';
import { issueProposalBatch } from '../../src/services/proposals/issue-batch.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { fiftyWithThreeBad, proposalWorkbook } from '../support/proposal-sheet.ts';

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
    const second = await issueProposalBatch(h.deps, officer, batch);
    expect(second).toEqual({ issued: 0, skipped: 47, refused: [] });
    expect(await counts()).toEqual(before);
  });
});
