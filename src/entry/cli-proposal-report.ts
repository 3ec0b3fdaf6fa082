/** `duban proposals report` (the per-unit table) and `duban proposals export` (the NPC/CPPCC ledger). */
import type { Db } from '../db/client.ts';
import { isCounted } from '../domain/proposal-report.ts';
import { proposalLedgerXlsx } from '../services/proposals/ledger-workbook.ts';
import { buildProposalReport, reportTable, yearLine } from '../services/proposals/report.ts';
import type { CommandInput } from './cli.ts';
import { openOut, resolveTenant } from './cli-export.ts';

type Io = CommandInput['io'];

export const PROPOSALS_REPORT_HELP = `usage: duban proposals report [--year YYYY] [--tenant KEY]
  建议提案办理情况 per unit: 主办/会办, 已答复, 按期, A/B/C, 满意/基本满意/不满意, 未答复 (default: this year)`;

export const PROPOSALS_EXPORT_HELP = `usage: duban proposals export --out FILE.xlsx [--year YYYY] [--tenant KEY] [--force]
  建议提案办理台账 in the NPC/CPPCC offices' format: sheets 建议 and 提案 (编号, 标题, 代表/委员, 主办单位,
  会办单位, 答复类别, 答复时间, 是否按期, 满意度, 重办次数, 备注) and 单位统计; an existing file is
  replaced only with --force`;

export async function runProposalReport(db: Db, io: Io, opts: { year: number; tenant: string | undefined }) {
  const tenant = await resolveTenant(db, opts.tenant);
  if (!tenant.ok) {
    io.err(tenant.error.message);
    return 2;
  }
  const report = await buildProposalReport(db, tenant.value, opts.year);
  io.out(yearLine(report));
  if (report.units.length > 0) for (const line of reportTable(report)) io.out(line);
  return 0;
}

export async function runProposalExport(
  db: Db,
  io: Io,
  opts: { year: number; tenant: string | undefined; out: string; force: boolean },
) {
  const tenant = await resolveTenant(db, opts.tenant);
  if (!tenant.ok) {
    io.err(tenant.error.message);
    return 2;
  }
  const report = await buildProposalReport(db, tenant.value, opts.year);
  const bytes = await proposalLedgerXlsx(report.rows, report.units);
  const file = await openOut(opts, io);
  if (typeof file === 'number') return file;
  try {
    await file.writeFile(bytes);
  } catch (e) {
    io.err(`无法写入 ${opts.out}：${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await file.close();
  }
  const n = report.rows.filter(isCounted).length;
  io.out(`已导出${opts.year}年建议提案 ${n} 件到 ${opts.out} / exported ${n} items to ${opts.out}`);
  return 0;
}
