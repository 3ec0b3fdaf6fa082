/**
 * `duban base sync [--tenant KEY]`: the full resync of the 多维表格 台账. Exit codes: 0 done (a run
 * with nothing to change writes nothing), 2 an unknown tenant or Base not set up, 1 Feishu refused or failed.
 */
import { loadTenantContext } from '../db/queries/tenants.ts';
import { resyncBase, type SyncDeps } from '../services/base/sync.ts';
import { CLI_RETRY, type RetryPolicy } from '../services/base/write-records.ts';
import { resolveTenant } from './cli-export.ts';

export const BASE_HELP = `usage: duban base sync [--tenant KEY]
  多维表格台账全量同步：补建缺少的字段与记录，只更新有差异的记录 (the full resync of the Feishu Base ledger)`;

type Io = { out(line: string): void; err(line: string): void };

export async function runBaseSync(
  opts: { tenant?: string | undefined },
  deps: SyncDeps,
  io: Io,
  now: Date,
  retry: RetryPolicy = CLI_RETRY,
): Promise<number> {
  const tenant = await resolveTenant(deps.db, opts.tenant);
  if (!tenant.ok) {
    io.err(tenant.error.message);
    return 2;
  }
  const ctx = await loadTenantContext(deps.db, tenant.value, deps.logger);
  const res = await resyncBase(deps, ctx, now, { retry });
  if (!res.ok) {
    if (res.error.kind === 'not_configured') {
      io.err(`${res.error.message}：请先设置租户的 base.appToken 与 base.tableId（duban settings set）`);
      return 2;
    }
    io.err(`多维表格同步未完成：${res.error.message}`);
    return 1;
  }
  const s = res.value;
  const parts = [`新增 ${s.created} 条`, `更新 ${s.updated} 条`, `未变 ${s.unchanged} 条`];
  if (s.fieldsCreated > 0) parts.push(`新建字段 ${s.fieldsCreated} 个`);
  io.out(`多维表格台账已同步：${parts.join('，')}`);
  if (s.duplicates > 0) io.err(`注意：表中有 ${s.duplicates} 条记录与其他记录编号重复，未改动，请人工核对`);
  return 0;
}
