import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { Result } from '../lib/result.ts';
import { err, ok } from '../lib/result.ts';
import type { Role } from './item.ts';

const openId = z.string().regex(/^ou_[A-Za-z0-9_-]+$/, '不是有效的 open_id（应以 ou_ 开头）');
const chatId = z.string().regex(/^oc_[A-Za-z0-9_-]+$/, '不是有效的群 chat_id（应以 oc_ 开头）');
const name = z.string().trim().min(1, '姓名或名称不能为空');
const person = z.object({ name, open_id: openId }).strict();

export const DirectoryFileSchema = z
  .object({
    tenant_key: z.string().trim().min(1, 'tenant_key 不能为空'),
    groups: z.object({ supervision: chatId.optional(), leaders: chatId.optional() }).strict().default({}),
    office: z.array(person).default([]),
    leaders: z.array(person.extend({ title: z.string().trim().optional() }).strict()).default([]),
    units: z
      .array(
        z
          .object({
            name,
            aliases: z.array(z.string().trim().min(1)).default([]),
            leader_in_charge: z.string().trim().min(1).optional(),
            head: person,
            liaisons: z.array(person).default([]),
            chat_id: chatId.optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type DirectoryFile = z.infer<typeof DirectoryFileSchema>;

export type DirectoryPerson = { openId: string; name: string; title: string | null; roles: Role[] };
export type DirectoryUnit = {
  name: string;
  aliases: string[];
  leaderInCharge: string | null;
  chatId: string | null;
  members: Array<{ openId: string; role: 'head' | 'liaison' }>;
};
export type Directory = {
  tenantKey: string;
  groups: { supervision: string | null; leaders: string | null };
  people: DirectoryPerson[];
  units: DirectoryUnit[];
};

/** Parses and checks a whole directory file; any problem refuses it whole, naming the place. */
export function parseDirectory(text: string): Result<Directory, string[]> {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length === 0 && (doc.contents === null || doc.toJS() == null)) {
    return err(['名录文件是空的：至少需要 tenant_key 和单位（units）/ the directory file is empty']);
  }
  if (doc.errors.length > 0) {
    return err(
      doc.errors.map(
        (e) => `YAML 格式错误（第 ${e.linePos?.[0]?.line ?? '?'} 行）：${e.message.split('\n')[0]}`,
      ),
    );
  }
  const parsed = DirectoryFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    return err(parsed.error.issues.map((i) => `${formatPath(i.path) || '文件'}：${i.message}`));
  }
  return resolveDirectory(parsed.data);
}

function formatPath(p: ReadonlyArray<PropertyKey>): string {
  return p.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i === 0 ? '' : '.'}${String(s)}`)).join('');
}

function resolveDirectory(file: DirectoryFile): Result<Directory, string[]> {
  const problems: string[] = [];
  const people = new Map<string, DirectoryPerson>();
  const add = (openId: string, personName: string, role: Role, where: string, title?: string) => {
    const known = people.get(openId);
    if (known && known.name !== personName) {
      problems.push(`${where}：open_id ${openId} 已属于“${known.name}”，不能再给“${personName}”`);
      return;
    }
    if (known?.title && title && known.title !== title) {
      problems.push(`${where}：“${personName}”的职务写了两种（“${known.title}”与“${title}”）`);
      return;
    }
    const entry = known ?? { openId, name: personName, title: null, roles: [] };
    if (!entry.roles.includes(role)) entry.roles.push(role);
    if (title) entry.title = title;
    people.set(openId, entry);
  };
  for (const [i, p] of file.office.entries()) add(p.open_id, p.name, 'office', `office[${i}]`);
  const leadersByName = new Map<string, string>();
  file.leaders.forEach((p, i) => {
    add(p.open_id, p.name, 'leader', `leaders[${i}]`, p.title);
    const other = leadersByName.get(p.name);
    // leader_in_charge names a leader: two leaders of one name could not be told apart.
    if (other !== undefined && other !== p.open_id)
      problems.push(`leaders[${i}]：有两位领导都叫“${p.name}”（open_id 不同），leader_in_charge 无法区分`);
    leadersByName.set(p.name, p.open_id);
  });

  // Every name and alias belongs to one unit (the reader matches them); the first place it appears names it.
  const labels = new Map<string, { index: number; name: string }>();
  const chats = new Map<string, string>([
    ...(file.groups.supervision ? ([[file.groups.supervision, 'groups.supervision']] as const) : []),
    ...(file.groups.leaders ? ([[file.groups.leaders, 'groups.leaders']] as const) : []),
  ]);
  const units = file.units.map((u, i): DirectoryUnit => {
    const where = `units[${i}]（${u.name}）`;
    for (const label of new Set([u.name, ...u.aliases])) {
      const owner = labels.get(label);
      if (owner === undefined) labels.set(label, { index: i, name: u.name });
      else if (owner.name === u.name && label === u.name)
        problems.push(`${where}：单位“${u.name}”重复出现（又见 units[${owner.index}]），每个单位只能写一次`);
      else problems.push(`${where}：名称或简称“${label}”与 units[${owner.index}]“${owner.name}”重复`);
    }
    if (u.chat_id) {
      const owner = chats.get(u.chat_id);
      if (owner) problems.push(`${where}.chat_id：群 ${u.chat_id} 已是 ${owner}的群，一个群只能属于一处`);
      else chats.set(u.chat_id, `units[${i}]（${u.name}）`);
    }
    let leaderInCharge: string | null = null;
    if (u.leader_in_charge !== undefined) {
      leaderInCharge = leadersByName.get(u.leader_in_charge) ?? null;
      if (!leaderInCharge)
        problems.push(`${where}.leader_in_charge：领导“${u.leader_in_charge}”不在 leaders 名单中`);
    }
    add(u.head.open_id, u.head.name, 'unit_head', `${where}.head`);
    for (const [j, l] of u.liaisons.entries()) add(l.open_id, l.name, 'liaison', `${where}.liaisons[${j}]`);
    return {
      name: u.name,
      aliases: [...new Set(u.aliases)],
      leaderInCharge,
      chatId: u.chat_id ?? null,
      members: [
        { openId: u.head.open_id, role: 'head' },
        ...u.liaisons
          .filter((l) => l.open_id !== u.head.open_id)
          .map((l) => ({ openId: l.open_id, role: 'liaison' as const })),
      ],
    };
  });
  if (problems.length > 0) return err(problems);
  return ok({
    tenantKey: file.tenant_key,
    groups: { supervision: file.groups.supervision ?? null, leaders: file.groups.leaders ?? null },
    people: [...people.values()],
    units,
  });
}
