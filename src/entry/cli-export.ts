/**
 * `duban export …` (督查台账) and `duban audit export …` (留痕). Exit codes: 0 done, 2 bad input
 * (nothing written), 1 the output could not be written.
 */
import { open } from 'node:fs/promises';
import type { Db } from '../db/client.ts';
import { listTenantKeys } from '../db/queries/tenant-keys.ts';
import { parseDate } from '../domain/calendar/index.ts';
import type { DateRange } from '../domain/figures.ts';
import { type Failure, fail, ok, type Result } from '../lib/result.ts';
import { AUDIT_FORMATS, type AuditFormat, exportAudit } from '../services/export-audit.ts';
import { buildLedgerRows, ledgerCsv, ledgerXlsx } from '../services/export-ledger.ts';
import { exportRecords } from '../services/export-records.ts';
import type { OptionValue } from './cli.ts';

export type ExportIo = {
  out(line: string): void;
  err(line: string): void;
  /** Raw output (stdout) for an export without --out. */
  write(buf: Buffer | string): void;
};

export const EXPORT_HELP = `usage: duban export [--format xlsx|csv] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE [--force]] [--tenant KEY]
  督查台账: items issued in the period (xlsx needs --out; csv goes to stdout without it);
  an existing --out file is replaced only with --force`;

export const AUDIT_HELP = `usage: duban audit export [--format csv|jsonl] [--kind actions|events|messages] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE [--force]] [--tenant KEY]
  留痕: item events created in the period (Beijing dates); --kind events|messages: the received
  events or the sent messages instead (the logs the retention job deletes after their period);
  an existing --out file is replaced only with --force`;

type Options = {
  format?: string;
  from?: string;
  to?: string;
  out?: string;
  tenant?: string;
  kind?: string;
  force?: boolean;
};
type Bad = Failure<'bad_input'>;

export const EXPORT_OPTIONS = {
  format: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  out: { type: 'string' },
  tenant: { type: 'string' },
  force: { type: 'boolean' },
  kind: { type: 'string' },
} as const;

type Values = Record<string, OptionValue>;

const options = (v: Values): Options => {
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const o: Options = { force: v.force === true };
  for (const key of ['format', 'from', 'to', 'out', 'tenant', 'kind'] as const) {
    const value = str(key);
    if (value !== undefined) o[key] = value;
  }
  return o;
};

/**
 * Opens --out for writing: an existing file is kept unless --force, so a mistyped name never
 * replaces a ledger or an audit file.
 */
export async function openOut(o: { out?: string; force?: boolean }, io: Pick<ExportIo, 'err'>) {
  try {
    return await open(o.out ?? '', o.force ? 'w' : 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      io.err(`${o.out} 已存在，未覆盖；如需覆盖请加 --force / ${o.out} exists: pass --force to replace it`);
      return 2;
    }
    io.err(`无法写入 ${o.out}：${errorText(e)} / cannot write ${o.out}`);
    return 1;
  }
}

function parseRange(o: Options): Result<DateRange, Bad> {
  const range: DateRange = {};
  for (const key of ['from', 'to'] as const) {
    const raw = o[key];
    if (raw === undefined) continue;
    const d = parseDate(raw);
    if (!d.ok)
      return fail(
        'bad_input',
        `--${key} 日期无效：${raw}（应为 YYYY-MM-DD）/ invalid --${key} date, expected YYYY-MM-DD`,
      );
    range[key] = d.value;
  }
  if (range.from && range.to && range.from > range.to) {
    return fail('bad_input', `--from ${range.from} 晚于 --to ${range.to} / --from must not be after --to`);
  }
  return ok(range);
}

/** The one tenant of the database, or the one named: several tenants must be told apart. */
export async function resolveTenant(db: Db, requested: string | undefined): Promise<Result<string, Bad>> {
  const keys = await listTenantKeys(db);
  if (requested !== undefined) {
    if (keys.includes(requested)) return ok(requested);
    return fail('bad_input', `未找到租户 ${requested} / unknown tenant ${requested}`);
  }
  const [only, ...others] = keys;
  if (only === undefined)
    return fail('bad_input', '数据库中没有租户，请先导入名录 / no tenant yet: import a directory first');
  if (others.length > 0) {
    return fail(
      'bad_input',
      `数据库中有多个租户，请用 --tenant 指定（${keys.join(', ')}）/ several tenants: pass --tenant KEY`,
    );
  }
  return ok(only);
}

/** --format, else guessed from --out's extension, else the first (default) format. */
function pickFormat<F extends string>(o: Options, formats: readonly F[]): Result<F, Bad> {
  const named = o.format ?? formats.find((f) => o.out?.toLowerCase().endsWith(`.${f}`)) ?? formats[0];
  const format = formats.find((f) => f === named);
  if (format === undefined) {
    return fail(
      'bad_input',
      `--format 应为 ${formats.join(' 或 ')} / --format must be one of: ${formats.join(', ')}`,
    );
  }
  return ok(format);
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function runLedgerExport(values: Values, db: Db, io: ExportIo, now: Date): Promise<number> {
  const o = options(values);
  const format = pickFormat(o, ['csv', 'xlsx'] as const);
  if (!format.ok) return bad(io, format.error);
  if (format.value === 'xlsx' && !o.out) {
    return bad(io, {
      code: 'bad_input',
      message: '导出 xlsx 需要用 --out 指定文件 / xlsx export needs --out FILE',
    });
  }
  const range = parseRange(o);
  if (!range.ok) return bad(io, range.error);
  const tenant = await resolveTenant(db, o.tenant);
  if (!tenant.ok) return bad(io, tenant.error);
  const rows = await buildLedgerRows(db, tenant.value, range.value, now);
  const bytes = format.value === 'xlsx' ? await ledgerXlsx(rows) : ledgerCsv(rows);
  if (!o.out) {
    io.write(bytes);
    io.err(`已导出 ${rows.length} 项事项 / exported ${rows.length} items`);
    return 0;
  }
  const file = await openOut(o, io);
  if (typeof file === 'number') return file;
  try {
    await file.writeFile(bytes);
  } catch (e) {
    io.err(`无法写入 ${o.out}：${errorText(e)} / cannot write ${o.out}`);
    return 1;
  } finally {
    await file.close();
  }
  io.out(`已导出 ${rows.length} 项事项到 ${o.out} / exported ${rows.length} items to ${o.out}`);
  return 0;
}

const AUDIT_KINDS = ['actions', 'events', 'messages'] as const;
type AuditKind = (typeof AUDIT_KINDS)[number];

/** Item events (留痕, the default), or the received events or sent messages the retention job deletes. */
const exportKind = (
  kind: AuditKind,
  ...[db, tenantKey, range, format, write]: Parameters<typeof exportAudit>
): Promise<number> =>
  kind === 'actions'
    ? exportAudit(db, tenantKey, range, format, write)
    : exportRecords(db, tenantKey, range, kind, format, write);

export async function runAuditExport(values: Values, db: Db, io: ExportIo): Promise<number> {
  const o = options(values);
  const format = pickFormat<AuditFormat>(o, AUDIT_FORMATS);
  if (!format.ok) return bad(io, format.error);
  const kind = AUDIT_KINDS.find((k) => k === (o.kind ?? 'actions'));
  if (!kind) {
    return bad(io, {
      code: 'bad_input',
      message: `--kind 应为 ${AUDIT_KINDS.join('、')} / --kind must be one of: ${AUDIT_KINDS.join(', ')}`,
    });
  }
  const range = parseRange(o);
  if (!range.ok) return bad(io, range.error);
  const tenant = await resolveTenant(db, o.tenant);
  if (!tenant.ok) return bad(io, tenant.error);
  if (!o.out) {
    const count = await exportKind(kind, db, tenant.value, range.value, format.value, (chunk) =>
      io.write(chunk),
    );
    io.err(`已导出 ${count} 条留痕记录 / exported ${count} events`);
    return 0;
  }
  const out = o.out;
  const file = await openOut(o, io);
  if (typeof file === 'number') return file;
  let count: number;
  try {
    count = await exportKind(kind, db, tenant.value, range.value, format.value, async (chunk) => {
      await file.write(chunk);
    });
  } catch (e) {
    io.err(`无法写入 ${out}：${errorText(e)} / cannot write ${out}`);
    return 1;
  } finally {
    await file.close();
  }
  io.out(`已导出 ${count} 条留痕记录到 ${out} / exported ${count} events to ${out}`);
  return 0;
}

function bad(io: ExportIo, error: Bad): number {
  io.err(error.message);
  return 2;
}
