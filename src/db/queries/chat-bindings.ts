/**
 * The groups the bot is in (bot_chats) and what each is bound to: a unit (units.chat_id) or a role
 * (groups). Types of the new tables live here (withTables), so database.ts only gains two columns.
 */
import type { ColumnType, Generated, Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { Database } from '../database.ts';

export type ChatStatus = 'member' | 'removed' | 'disbanded';

export interface BotChatsTable {
  id: Generated<number>;
  tenant_key: string;
  chat_id: string;
  name: Generated<string>;
  status: ChatStatus;
  event_ms: ColumnType<number, number, number>;
  added_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ChatBindingLogTable {
  id: Generated<number>;
  tenant_key: string;
  chat_id: string;
  bound_before: string | null;
  bound_after: string | null;
  cause: 'card' | 'removed' | 'disbanded';
  actor: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

type Tables = { bot_chats: BotChatsTable; chat_binding_log: ChatBindingLogTable };
const withChats = (db: Db): Kysely<Database & Tables> => db.withTables<Tables>();

export type BotChat = {
  id: number;
  chatId: string;
  name: string;
  status: ChatStatus;
  addedBy: string | null;
};

/**
 * Records what a chat-member event says about a group. Returns the row, or null when a later event
 * for the same group was applied already (Feishu may deliver out of order): the older one changes nothing.
 */
export async function applyChatEvent(
  trx: Db,
  tenantKey: string,
  ev: { chatId: string; name: string; status: ChatStatus; eventMs: number; operator: string | null },
): Promise<BotChat | null> {
  const row = await withChats(trx)
    .insertInto('bot_chats')
    .values({
      tenant_key: tenantKey,
      chat_id: ev.chatId,
      name: ev.name,
      status: ev.status,
      event_ms: ev.eventMs,
      added_by: ev.status === 'member' ? ev.operator : null,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_key', 'chat_id'])
        .doUpdateSet({
          // A removal keeps the group's name and who added it: the alert names them.
          name: sql<string>`case when excluded.name <> '' then excluded.name else bot_chats.name end`,
          status: ev.status,
          event_ms: ev.eventMs,
          added_by: sql<
            string | null
          >`case when excluded.status = 'member' then excluded.added_by else bot_chats.added_by end`,
          updated_at: sql`now()`,
        })
        .where('bot_chats.event_ms', '<', ev.eventMs),
    )
    .returning(['id', 'chat_id', 'name', 'status', 'added_by'])
    .executeTakeFirst();
  return row ? toChat(row) : null;
}

const toChat = (r: {
  id: number;
  chat_id: string;
  name: string;
  status: ChatStatus;
  added_by: string | null;
}) => ({
  id: r.id,
  chatId: r.chat_id,
  name: r.name,
  status: r.status,
  addedBy: r.added_by,
});

export async function findBotChat(
  db: Db,
  tenantKey: string,
  id: number,
  opts: { lock?: boolean } = {},
): Promise<BotChat | undefined> {
  let q = withChats(db)
    .selectFrom('bot_chats')
    .select(['id', 'chat_id', 'name', 'status', 'added_by'])
    .where('tenant_key', '=', tenantKey)
    .where('id', '=', id);
  if (opts.lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? toChat(row) : undefined;
}

/** What a group serves: a unit's group, or the supervision or leaders' group. */
export type Binding =
  | { kind: 'unit'; unitId: number; unitName: string }
  | { kind: 'supervision' | 'leaders' };

export const bindingKey = (b: Binding | null): string | null =>
  b === null ? null : b.kind === 'unit' ? `unit:${b.unitId}` : b.kind;

export async function bindingOf(db: Db, tenantKey: string, chatId: string): Promise<Binding | null> {
  const [unit, group] = await Promise.all([
    db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('tenant_key', '=', tenantKey)
      .where('chat_id', '=', chatId)
      .where('removed_at', 'is', null)
      .orderBy('id')
      .executeTakeFirst(),
    db
      .selectFrom('groups')
      .select('kind')
      .where('tenant_key', '=', tenantKey)
      .where('chat_id', '=', chatId)
      .orderBy('kind', 'desc')
      .executeTakeFirst(),
  ]);
  if (group) return { kind: group.kind };
  return unit ? { kind: 'unit', unitId: unit.id, unitName: unit.name } : null;
}

/** Takes the group away from whatever it serves (a unit, a role). */
export async function unbindChat(trx: Db, tenantKey: string, chatId: string): Promise<void> {
  await trx
    .updateTable('units')
    .set({ chat_id: null, chat_from: 'file', updated_at: sql`now()` })
    .where('tenant_key', '=', tenantKey)
    .where('chat_id', '=', chatId)
    .execute();
  await trx.deleteFrom('groups').where('tenant_key', '=', tenantKey).where('chat_id', '=', chatId).execute();
}

/** Makes the group serve `to`; whatever group `to` had before is replaced. */
export async function bindChat(trx: Db, tenantKey: string, chatId: string, to: Binding): Promise<void> {
  if (to.kind === 'unit') {
    await trx
      .updateTable('units')
      .set({ chat_id: chatId, chat_from: 'chat', updated_at: sql`now()` })
      .where('tenant_key', '=', tenantKey)
      .where('id', '=', to.unitId)
      .execute();
    return;
  }
  await trx
    .insertInto('groups')
    .values({ tenant_key: tenantKey, kind: to.kind, chat_id: chatId, bound_from: 'chat' })
    .onConflict((oc) =>
      oc.columns(['tenant_key', 'kind']).doUpdateSet({ chat_id: chatId, bound_from: 'chat' }),
    )
    .execute();
}

/** The group `to` has now (before a binding replaces it). */
export async function chatOf(db: Db, tenantKey: string, to: Binding): Promise<string | null> {
  if (to.kind === 'unit') {
    const row = await db
      .selectFrom('units')
      .select('chat_id')
      .where('tenant_key', '=', tenantKey)
      .where('id', '=', to.unitId)
      .executeTakeFirst();
    return row?.chat_id ?? null;
  }
  const row = await db
    .selectFrom('groups')
    .select('chat_id')
    .where('tenant_key', '=', tenantKey)
    .where('kind', '=', to.kind)
    .executeTakeFirst();
  return row?.chat_id ?? null;
}

export async function logBinding(
  trx: Db,
  tenantKey: string,
  entry: {
    chatId: string;
    before: Binding | null;
    after: Binding | null;
    cause: ChatBindingLogTable['cause'];
    actor: string;
  },
): Promise<void> {
  await withChats(trx)
    .insertInto('chat_binding_log')
    .values({
      tenant_key: tenantKey,
      chat_id: entry.chatId,
      bound_before: bindingKey(entry.before),
      bound_after: bindingKey(entry.after),
      cause: entry.cause,
      actor: entry.actor,
    })
    .execute();
}

/** The latest binding made from a card for this group: who and when, for the card to show. */
export async function lastBinding(
  db: Db,
  tenantKey: string,
  chatId: string,
): Promise<{ actor: string; at: Date; after: string | null } | undefined> {
  const row = await withChats(db)
    .selectFrom('chat_binding_log')
    .select(['actor', 'created_at', 'bound_after'])
    .where('tenant_key', '=', tenantKey)
    .where('chat_id', '=', chatId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? { actor: row.actor, at: row.created_at, after: row.bound_after } : undefined;
}
