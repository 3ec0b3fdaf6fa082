/**
 * Group bindings through a directory import. A file written before a group was bound from chat
 * names no group for that unit or role: the binding made in chat stays. A group the file places
 * goes where the file says, and leaves wherever else it was. A binding the file repeats keeps its
 * origin, so importing an export changes nothing.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { Directory, DirectoryUnit } from '../../domain/directory.ts';

export const GROUP_LABELS = { supervision: '督查室工作群', leaders: '县领导群' } as const;
export type GroupKind = keyof typeof GROUP_LABELS;
const KINDS: readonly GroupKind[] = ['supervision', 'leaders'];

/** Where the file puts each group it names: 'unit:<name>' or the role. */
function placements(dir: Directory): Map<string, string> {
  const out = new Map<string, string>();
  for (const u of dir.units) if (u.chatId) out.set(u.chatId, `unit:${u.name}`);
  for (const kind of KINDS) {
    const chat = dir.groups[kind];
    if (chat) out.set(chat, kind);
  }
  return out;
}

/** Before the units are written: a group the file places elsewhere leaves the unit or role holding it. */
export async function releaseMovedChats(trx: Db, dir: Directory): Promise<void> {
  const placed = placements(dir);
  if (placed.size === 0) return;
  const chats = [...placed.keys()];
  const holders = await trx
    .selectFrom('units')
    .select(['id', 'name', 'chat_id'])
    .where('tenant_key', '=', dir.tenantKey)
    .where('chat_id', 'in', chats)
    .execute();
  const moved = holders
    .filter((u) => u.chat_id && placed.get(u.chat_id) !== `unit:${u.name}`)
    .map((u) => u.id);
  if (moved.length > 0)
    await trx
      .updateTable('units')
      .set({ chat_id: null, chat_from: 'file' })
      .where('tenant_key', '=', dir.tenantKey)
      .where('id', 'in', moved)
      .execute();
  const groups = await trx
    .selectFrom('groups')
    .select(['kind', 'chat_id'])
    .where('tenant_key', '=', dir.tenantKey)
    .where('chat_id', 'in', chats)
    .execute();
  for (const g of groups.filter((g) => placed.get(g.chat_id) !== g.kind))
    await trx
      .deleteFrom('groups')
      .where('tenant_key', '=', dir.tenantKey)
      .where('kind', '=', g.kind)
      .execute();
}

/** The unit's chat columns on re-import: the file's group, or the one bound from chat when the file names none. */
export const unitChatUpdate = (u: DirectoryUnit) =>
  u.chatId
    ? {
        chat_id: u.chatId,
        chat_from: sql<
          'file' | 'chat'
        >`case when units.chat_id = ${u.chatId} then units.chat_from else 'file' end`,
      }
    : { chat_id: sql<string | null>`case when units.chat_from = 'chat' then units.chat_id end` };

/** Whether unitChatUpdate changes the unit's group (for its updated_at). */
export const unitChatChanged = (u: DirectoryUnit) =>
  u.chatId
    ? sql<boolean>`units.chat_id is distinct from ${u.chatId}::text`
    : sql<boolean>`(units.chat_from = 'file' and units.chat_id is not null)`;

/** The file's role groups; a role the file leaves empty keeps a group bound from chat. Returns those kept. */
export async function writeGroups(trx: Db, dir: Directory): Promise<string[]> {
  const kept: string[] = [];
  for (const kind of KINDS) {
    const chatId = dir.groups[kind];
    const q = trx.deleteFrom('groups').where('tenant_key', '=', dir.tenantKey).where('kind', '=', kind);
    if (!chatId) {
      await q.where('bound_from', '=', 'file').execute();
      const still = await trx
        .selectFrom('groups')
        .select('kind')
        .where('tenant_key', '=', dir.tenantKey)
        .where('kind', '=', kind)
        .executeTakeFirst();
      if (still) kept.push(GROUP_LABELS[kind]);
      continue;
    }
    await trx
      .insertInto('groups')
      .values({ tenant_key: dir.tenantKey, kind, chat_id: chatId, bound_from: 'file' })
      .onConflict((oc) =>
        oc.columns(['tenant_key', 'kind']).doUpdateSet({
          chat_id: chatId,
          bound_from: sql<
            'file' | 'chat'
          >`case when groups.chat_id = ${chatId} then groups.bound_from else 'file' end`,
        }),
      )
      .execute();
  }
  return kept;
}

/** Units the file gives no group that keep one bound from chat. */
export async function keptUnitBindings(trx: Db, dir: Directory): Promise<string[]> {
  const names = dir.units.filter((u) => !u.chatId).map((u) => u.name);
  if (names.length === 0) return [];
  const rows = await trx
    .selectFrom('units')
    .select('name')
    .where('tenant_key', '=', dir.tenantKey)
    .where('name', 'in', names)
    .where('chat_id', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => `${r.name}工作群`);
}
