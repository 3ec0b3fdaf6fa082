import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { Result } from '../lib/result.ts';
import { err, ok } from '../lib/result.ts';
import type { ContactKind, ContactLookup, ContactStatus } from './directory-contacts.ts';
import { contactKey, normaliseMobile, takesRole } from './directory-contacts.ts';
import type { Role } from './item.ts';

const openId = z.string().regex(/^ou_[A-Za-z0-9_-]+$/, '不是有效的 open_id（应以 ou_ 开头）');
const chatId = z.string().regex(/^oc_[A-Za-z0-9_-]+$/, '不是有效的群 chat_id（应以 oc_ 开头）');
const name = z.string().trim().min(1, '姓名或名称不能为空');
const mobile = z
  .string()
  .transform(normaliseMobile)
  .pipe(z.string().regex(/^\+?\d{6,15}$/, '不是有效的手机号（境外号码以 + 和国家码开头）'));
const email = z.string().trim().pipe(z.email('不是有效的邮箱'));
/** A person by open_id, or by mobile or email for the import to look up: exactly one of them. */
const person = z
  .object({ name, open_id: openId.optional(), mobile: mobile.optional(), email: email.optional() })
  .strict()
  .refine((p) => [p.open_id, p.mobile, p.email].filter((v) => v !== undefined).length === 1, {
    message: '每人须写 open_id、mobile、email 三者之一，且只写一个',
    path: ['open_id'],
  });

export const DirectoryFileSchema = z
  .object({
    tenant_key: z.string().trim().min(1, 'tenant_key 不能为空'),
    groups: z.object({ supervision: chatId.optional(), leaders: chatId.optional() }).strict().default({}),
    office: z.array(person).default([]),
    leaders: z.array(person.safeExtend({ title: z.string().trim().optional() })).default([]),
    units: z
      .array(
        z
          .object({
            name,
            aliases: z.array(z.string().trim().min(1)).default([]),
            leader_in_charge: z.string().trim().min(1).optional(),
            // A vacant head post is a real state: the liaisons and the group still receive.
            head: person.optional(),
            liaisons: z.array(person).default([]),
            chat_id: chatId.optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type DirectoryFile = z.infer<typeof DirectoryFileSchema>;
type FilePerson = z.infer<typeof person>;

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

/** Someone listed by mobile or email who gets no role: Feishu did not find them, or they left. */
export type Unresolved = { where: string; name: string; contact: string; status: ContactStatus };
export type DirectoryReading = {
  directory: Directory;
  /** Left out of their roles, to be fixed in the file (or in Feishu) and imported again. */
  unresolved: Unresolved[];
  /** Found but not activated yet: they keep their roles; messages wait for them. */
  inactive: Unresolved[];
  /** What the office should know: a unit without a head, a unit nobody can receive for. */
  warnings: string[];
};

/** Syntax and shape: any problem refuses the file whole, naming the place. */
export function parseDirectoryFile(text: string): Result<DirectoryFile, string[]> {
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
  return ok(parsed.data);
}

/** A file whose people all have open_ids, parsed and checked; one that needs look-ups is refused. */
export function parseDirectory(text: string): Result<Directory, string[]> {
  const file = parseDirectoryFile(text);
  if (!file.ok) return file;
  const wanted = contactsToLookUp(file.value);
  if (wanted.mobiles.length + wanted.emails.length > 0)
    return err(['名录中有按手机号或邮箱填写的人员，需先在飞书通讯录中查找（duban directory import）']);
  const read = resolveDirectory(file.value, new Map());
  return read.ok ? ok(read.value.directory) : read;
}

function everyPerson(file: DirectoryFile): FilePerson[] {
  return [
    ...file.office,
    ...file.leaders,
    ...file.units.flatMap((u) => [...(u.head ? [u.head] : []), ...u.liaisons]),
  ];
}

/** The mobiles and emails the file lists, each once, for one batch of look-ups before the import. */
export function contactsToLookUp(file: DirectoryFile): { mobiles: string[]; emails: string[] } {
  const people = everyPerson(file);
  const distinct = (kind: ContactKind) => {
    const seen = new Map<string, string>();
    for (const p of people) {
      const value = p[kind];
      // Asked as written, except that an email is asked in lower case (addresses are case-blind).
      if (value !== undefined && !seen.has(contactKey(kind, value)))
        seen.set(contactKey(kind, value), kind === 'email' ? value.toLowerCase() : value);
    }
    return [...seen.values()];
  };
  return { mobiles: distinct('mobile'), emails: distinct('email') };
}

function formatPath(p: ReadonlyArray<PropertyKey>): string {
  return p.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i === 0 ? '' : '.'}${String(s)}`)).join('');
}

/**
 * Checks a parsed file and turns it into the directory, with the open_ids the look-ups found. A
 * problem in the file refuses it whole; a person Feishu could not resolve is left out of their role
 * (never granted one on a guess) and listed, and the rest imports.
 */
export function resolveDirectory(
  file: DirectoryFile,
  lookup: ContactLookup,
): Result<DirectoryReading, string[]> {
  const problems: string[] = [];
  const unresolved: Unresolved[] = [];
  const inactive: Unresolved[] = [];
  const warnings: string[] = [];
  const people = new Map<string, DirectoryPerson>();
  const idOf = (p: FilePerson, where: string): string | null => {
    if (p.open_id) return p.open_id;
    const [kind, value] = p.mobile ? (['mobile', p.mobile] as const) : (['email', p.email ?? ''] as const);
    const match = lookup.get(contactKey(kind, value)) ?? { openId: null, status: 'not_found' as const };
    const entry = { where, name: p.name, contact: value, status: match.status };
    if (!match.openId || !takesRole(match.status)) {
      unresolved.push(entry);
      return null;
    }
    if (match.status === 'not_activated') inactive.push(entry);
    return match.openId;
  };
  const grant = (id: string, p: FilePerson, role: Role, where: string, title?: string): string | null => {
    const known = people.get(id);
    if (known && known.name !== p.name) {
      problems.push(`${where}：open_id ${id} 已属于“${known.name}”，不能再给“${p.name}”`);
      return null;
    }
    if (known?.title && title && known.title !== title) {
      problems.push(`${where}：“${p.name}”的职务写了两种（“${known.title}”与“${title}”）`);
      return null;
    }
    const entry = known ?? { openId: id, name: p.name, title: null, roles: [] };
    if (!entry.roles.includes(role)) entry.roles.push(role);
    if (title) entry.title = title;
    people.set(id, entry);
    return id;
  };
  const add = (p: FilePerson, role: Role, where: string, title?: string): string | null => {
    const id = idOf(p, where);
    return id === null ? null : grant(id, p, role, where, title);
  };
  for (const [i, p] of file.office.entries()) add(p, 'office', `office[${i}]`);
  const leadersByName = new Map<string, string | null>();
  file.leaders.forEach((p, i) => {
    const id = add(p, 'leader', `leaders[${i}]`, p.title);
    const other = leadersByName.get(p.name);
    // leader_in_charge names a leader: two leaders of one name could not be told apart.
    if (other !== undefined && (other !== id || id === null))
      problems.push(`leaders[${i}]：有两位领导都叫“${p.name}”，leader_in_charge 无法区分`);
    leadersByName.set(p.name, id);
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
      const leader = leadersByName.get(u.leader_in_charge);
      leaderInCharge = leader ?? null;
      if (leader === undefined)
        problems.push(`${where}.leader_in_charge：领导“${u.leader_in_charge}”不在 leaders 名单中`);
      else if (leader === null)
        warnings.push(`${u.name}：分管领导“${u.leader_in_charge}”未能在飞书中找到，暂不设分管领导`);
    }
    const head = u.head ? add(u.head, 'unit_head', `${where}.head`) : null;
    // A head listed among the liaisons too is the head: one place, one role.
    const liaisons = u.liaisons.flatMap((l, j) => {
      const at = `${where}.liaisons[${j}]`;
      const id = idOf(l, at);
      return id === null || id === head || grant(id, l, 'liaison', at) === null ? [] : [id];
    });
    if (head === null)
      warnings.push(`${u.name}：暂无负责人（head），通知发给联络员${u.chat_id ? '和单位工作群' : ''}`);
    if (head === null && liaisons.length === 0 && !u.chat_id)
      warnings.push(`${u.name}：没有负责人、联络员或工作群，交办给该单位的通知将无人接收`);
    return {
      name: u.name,
      aliases: [...new Set(u.aliases)],
      leaderInCharge,
      chatId: u.chat_id ?? null,
      members: [
        ...(head ? [{ openId: head, role: 'head' as const }] : []),
        ...[...new Set(liaisons)].map((openId) => ({ openId, role: 'liaison' as const })),
      ],
    };
  });
  if (problems.length > 0) return err(problems);
  return ok({
    directory: {
      tenantKey: file.tenant_key,
      groups: { supervision: file.groups.supervision ?? null, leaders: file.groups.leaders ?? null },
      people: [...people.values()],
      units,
    },
    unresolved,
    inactive,
    warnings,
  });
}
