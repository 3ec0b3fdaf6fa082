/**
 * `duban proposals import FILE.xlsx` and `duban proposals issue --batch ID`. Exit codes: 0 done (bad
 * rows listed, the good ones imported), 1 nothing imported (no readable sheet, every row bad), 2 usage.
 */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Db } from '../db/client.ts';
import type { Person } from '../db/queries/people.ts';
import type { Deps } from '../deps.ts';
import { beijingDate } from '../domain/calendar/index.ts';
import { errorLine, SHEET_COLUMNS } from '../domain/proposal-sheet.ts';
import { importProposals } from '../services/proposals/import-proposals.ts';
import { batchIssueLine, issueProposalBatch } from '../services/proposals/issue-batch.ts';
import { readProposalWorkbook } from '../services/proposals/read-workbook.ts';
import type { CommandInput } from './cli.ts';
import { resolveTenant } from './cli-export.ts';

type Io = CommandInput['io'];

const columns = (Object.values(SHEET_COLUMNS) as readonly (readonly string[])[]).map((v) => v[0]).join(' ');

export const PROPOSALS_IMPORT_HELP = `usage: duban proposals import FILE.xlsx [--tenant KEY] [--year YYYY] [--dry-run]
  the year's 人大代表建议 and 政协委员提案 as drafts (拟办) for the office to review and issue in bulk.
  Columns (first sheet with these headers; see README): ${columns}
  Every row is checked first; bad rows (unknown unit, missing title or number, bad date, a number
  repeated in the file or already imported for the year) are listed with their row numbers and left
  out, the good rows imported together; running it again imports nothing twice. --year: the 两会 year
  the numbers belong to (default: this year). --dry-run: check and list only`;

export const PROPOSALS_ISSUE_HELP = `usage: duban proposals issue --batch ID [--tenant KEY]
  issues (交办) every draft of an imported batch: number, deadline and notices to the 主办/会办 units,
  as from the draft card; drafts already issued are skipped, so running it twice issues nothing twice`;

/** The CLI acts as the office; its trail names the system user. */
export function cliOfficer(tenantKey: string): Person {
  let user = 'cli';
  try {
    user = `cli:${userInfo().username}`;
  } catch {
    // No user name (a container without /etc/passwd): plain 'cli'.
  }
  return {
    tenantKey,
    openId: user,
    name: '命令行',
    title: null,
    roles: ['office'],
    unitIds: [],
    leaderOfUnitIds: [],
  };
}

export function parseYear(raw: unknown, now: Date): number | null {
  if (raw === undefined) return Number(beijingDate(now).slice(0, 4));
  return typeof raw === 'string' && /^20\d{2}$/.test(raw) ? Number(raw) : null;
}

export async function runProposalImport(
  db: Db,
  io: Io,
  opts: { file: string; tenant: string | undefined; year: number; dryRun: boolean; now: Date },
): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = await readFile(opts.file);
  } catch (e) {
    io.err(`无法读取 ${opts.file}：${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  const tenant = await resolveTenant(db, opts.tenant);
  if (!tenant.ok) {
    io.err(tenant.error.message);
    return 2;
  }
  const workbook = await readProposalWorkbook(bytes);
  if (!workbook) {
    io.err(`${opts.file}：未找到建议提案清单（需有 类别、编号、标题、主办单位 等列），未导入任何内容`);
    return 1;
  }
  const officer = cliOfficer(tenant.value);
  const req = {
    tenantKey: tenant.value,
    year: opts.year,
    today: beijingDate(opts.now),
    actor: officer.openId,
    messageId: null,
    dryRun: opts.dryRun,
  };
  const outcome = await db.transaction().execute((trx) => importProposals(trx, req, workbook));
  const verb = opts.dryRun ? '可导入' : '已导入';
  io.out(
    `${opts.year}年建议提案（工作表“${workbook.sheetName}”）：${verb} ${outcome.rows.length} 件，有误 ${outcome.errors.length} 行`,
  );
  for (const e of outcome.errors) io.out(`  ${errorLine(e)}`);
  if (outcome.batch)
    io.out(`批次 ${outcome.batch}：核对后交办：duban proposals issue --batch ${outcome.batch}`);
  return outcome.rows.length > 0 || outcome.errors.length === 0 ? 0 : 1;
}

export async function runProposalIssue(
  deps: Deps,
  io: Io,
  opts: { batch: string; tenant: string | undefined },
) {
  const tenant = await resolveTenant(deps.db, opts.tenant);
  if (!tenant.ok) {
    io.err(tenant.error.message);
    return 2;
  }
  const outcome = await issueProposalBatch(deps, cliOfficer(tenant.value), opts.batch);
  if (outcome.issued + outcome.skipped + outcome.refused.length === 0) {
    io.err(`未找到批次 ${opts.batch} / no such batch`);
    return 1;
  }
  io.out(`批次 ${opts.batch}：${batchIssueLine(outcome)}`);
  for (const r of outcome.refused) io.out(`  ${r.label}“${r.title}”：${r.reason}`);
  return outcome.refused.length > 0 ? 1 : 0;
}
