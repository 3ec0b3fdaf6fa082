/**
 * `duban directory import FILE` and `duban directory export`. An import reads the file, looks up the
 * people listed by mobile or email in Feishu (network, before any transaction), then writes the
 * directory in one transaction. Exit codes: 0 done, 1 refused or failed (nothing written), 2 usage.
 */
import { readFile } from 'node:fs/promises';
import {
  contactsToLookUp,
  type DirectoryFile,
  type DirectoryReading,
  parseDirectoryFile,
  resolveDirectory,
} from '../domain/directory.ts';
import type { ContactLookup } from '../domain/directory-contacts.ts';
import { STATUS_WORDS } from '../domain/directory-contacts.ts';
import { exportDirectoryYaml } from '../services/directory/export-directory.ts';
import { lookUpContacts } from '../services/directory/look-up-contacts.ts';
import type { ImportSummary } from '../services/import-directory.ts';
import { importDirectory } from '../services/import-directory.ts';
import type { CommandInput, OptionValue } from './cli.ts';
import { type ExportIo, openOut, resolveTenant } from './cli-export.ts';

type Io = CommandInput['io'];
const REFUSED = '未导入任何内容';

export const IMPORT_HELP = `usage: duban directory import FILE
  imports the directory YAML (see examples/directory.yaml): idempotent, and a file with any problem is
  refused whole; units left out of the file are removed and reported. People may be listed by mobile or
  email instead of open_id: they are looked up in Feishu (needs LARK_APP_ID, LARK_APP_SECRET and the
  scope contact:user.id:readonly); anyone not found, resigned or frozen is listed and given no role,
  and the rest is imported. Groups bound from chat stay bound when the file names no group there`;

export const EXPORT_HELP = `usage: duban directory export [--tenant KEY] [--out FILE [--force]]
  the current directory as YAML in the import's format (standard output without --out); importing it
  changes nothing. An existing --out file is replaced only with --force`;

async function readDirectoryText(file: string, io: Io): Promise<DirectoryFile | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    io.err(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  const parsed = parseDirectoryFile(text);
  // The file's own problems, before any look-up or database: nobody is resolved yet, so only the
  // problems that need open_ids (one id under two names) can still come after the look-ups.
  const checked = parsed.ok ? resolveDirectory(parsed.value, new Map()) : parsed;
  if (parsed.ok && checked.ok) return parsed.value;
  refuse(io, file, checked.ok ? [] : checked.error);
  return null;
}

function refuse(io: Io, file: string, problems: readonly string[]): void {
  io.err(`${file}: 名录有误，${REFUSED}：`);
  for (const p of problems) io.err(`  - ${p}`);
}

export async function runDirectoryImport(input: CommandInput, file: string): Promise<number> {
  const { io } = input;
  const parsed = await readDirectoryText(file, io);
  if (!parsed) return 1;
  const wanted = contactsToLookUp(parsed);
  const lookups = wanted.mobiles.length + wanted.emails.length;
  if (lookups > 0) {
    const env = input.env();
    if (!env) return 1;
    if (!env.LARK_APP_ID || !env.LARK_APP_SECRET) {
      io.err(
        `${file}: 名录中有 ${lookups} 个手机号或邮箱，需要飞书应用设置（LARK_APP_ID、LARK_APP_SECRET）才能查找其 open_id；${REFUSED}。`,
      );
      return 1;
    }
  }
  return input.withRuntime(async (rt) => {
    let lookup: ContactLookup = new Map();
    if (lookups > 0) {
      const found = await lookUpContacts(rt.deps.lark.contact, wanted);
      if (!found.ok) {
        io.err(
          `在飞书通讯录中按手机号或邮箱查找失败（${found.error.message}）：请确认应用已开通“通过手机号或邮箱获取用户 ID”（contact:user.id:readonly）权限，且这些人员在应用的可用范围内；${REFUSED}。`,
        );
        return 1;
      }
      lookup = found.value;
    }
    const read = resolveDirectory(parsed, lookup);
    if (!read.ok) {
      refuse(io, file, read.error);
      return 1;
    }
    printSummary(io, await importDirectory(rt.deps.db, read.value.directory), read.value);
    return 0;
  });
}

function printSummary(io: Io, s: ImportSummary, read: DirectoryReading): void {
  io.out(`imported tenant ${s.tenantKey}: ${s.people} people, ${s.units} units, ${s.groups} groups`);
  for (const name of s.restored) io.out(`restored unit ${name} (back in the file)`);
  for (const u of s.removed) {
    io.out(`removed unit ${u.name} (not in the file): ${u.openItems.length} open item(s)`);
    for (const i of u.openItems)
      io.out(
        `  ${i.number ?? '拟办'} ${i.title} [${i.state}${i.role === 'co' ? ', co-unit' : ''}]: reassign or close it`,
      );
  }
  for (const u of read.unresolved)
    io.out(
      `未导入：${u.name}（${u.where}，${u.contact}）${STATUS_WORDS[u.status]}；暂无任何角色，请核对后重新导入`,
    );
  for (const u of read.inactive)
    io.out(`注意：${u.name}（${u.where}，${u.contact}）${STATUS_WORDS[u.status]}`);
  for (const w of read.warnings) io.out(`注意：${w}`);
  if (s.keptChatBindings.length > 0)
    io.out(
      `保留在群内绑定的群（文件中未写）：${s.keptChatBindings.join('、')}；duban directory export 可将其写入文件`,
    );
}

export async function runDirectoryExport(
  values: Record<string, OptionValue>,
  db: Parameters<typeof exportDirectoryYaml>[0],
  io: ExportIo,
  now: Date,
): Promise<number> {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const tenant = await resolveTenant(db, str('tenant'));
  if (!tenant.ok) {
    io.err(tenant.error.message);
    return 2;
  }
  const text = await exportDirectoryYaml(db, tenant.value, now);
  const out = str('out');
  if (!out) {
    io.write(text);
    return 0;
  }
  const file = await openOut({ out, force: values.force === true }, io);
  if (typeof file === 'number') return file;
  try {
    await file.writeFile(text);
  } catch (e) {
    io.err(`无法写入 ${out}：${e instanceof Error ? e.message : String(e)} / cannot write ${out}`);
    return 1;
  } finally {
    await file.close();
  }
  io.out(`已导出名录到 ${out} / directory exported to ${out}`);
  return 0;
}
