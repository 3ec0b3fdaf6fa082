/**
 * `duban directory export`: the directory as it stands (imports and bindings made in chat), in the
 * import's own format. Everyone is written by open_id, which is what a look-up by mobile resolved to.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { DirectoryFile } from '../../domain/directory.ts';
import { directoryYaml } from '../../domain/directory-yaml.ts';
import type { Role } from '../../domain/item.ts';
import { beijingStamp } from '../item-view.ts';

type Person = { name: string; open_id: string };

export async function readDirectoryFile(db: Db, tenantKey: string): Promise<DirectoryFile> {
  const [people, groups, units, members] = await Promise.all([
    db
      .selectFrom('people')
      .select(['open_id', 'name', 'title', 'roles'])
      .where('tenant_key', '=', tenantKey)
      .where(sql<boolean>`roles <> '{}'`)
      .orderBy('name')
      .orderBy('open_id')
      .execute(),
    db.selectFrom('groups').select(['kind', 'chat_id']).where('tenant_key', '=', tenantKey).execute(),
    db
      .selectFrom('units')
      .select(['id', 'name', 'aliases', 'leader_in_charge', 'chat_id'])
      .where('tenant_key', '=', tenantKey)
      .where('removed_at', 'is', null)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('unit_members')
      .select(['unit_id', 'open_id', 'role'])
      .where('tenant_key', '=', tenantKey)
      .orderBy('open_id')
      .execute(),
  ]);
  const byId = new Map(people.map((p) => [p.open_id, p]));
  const who = (openId: string): Person => ({ name: byId.get(openId)?.name ?? openId, open_id: openId });
  const withRole = (role: Role) => people.filter((p) => p.roles.includes(role));
  const group = (kind: 'supervision' | 'leaders') => groups.find((g) => g.kind === kind)?.chat_id;
  return {
    tenant_key: tenantKey,
    groups: {
      ...(group('supervision') ? { supervision: group('supervision') } : {}),
      ...(group('leaders') ? { leaders: group('leaders') } : {}),
    },
    office: withRole('office').map((p) => who(p.open_id)),
    leaders: withRole('leader').map((p) => ({ ...who(p.open_id), ...(p.title ? { title: p.title } : {}) })),
    units: units.map((u) => {
      const mine = members.filter((m) => m.unit_id === u.id);
      const head = mine.find((m) => m.role === 'head');
      const leader = u.leader_in_charge ? byId.get(u.leader_in_charge) : undefined;
      return {
        name: u.name,
        aliases: u.aliases,
        ...(leader?.roles.includes('leader') ? { leader_in_charge: leader.name } : {}),
        ...(head ? { head: who(head.open_id) } : {}),
        liaisons: mine.filter((m) => m.role === 'liaison').map((m) => who(m.open_id)),
        ...(u.chat_id ? { chat_id: u.chat_id } : {}),
      };
    }),
  };
}

export async function exportDirectoryYaml(db: Db, tenantKey: string, now: Date): Promise<string> {
  const file = await readDirectoryFile(db, tenantKey);
  return directoryYaml(
    file,
    ` 督查督办名录（duban directory export，${beijingStamp(now)} 导出）：可编辑后用 duban directory import 导入。\n open_id / chat_id 为本应用在该租户下的飞书标识。`,
  );
}
