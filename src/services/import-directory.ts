import { sql } from 'kysely';
import type { Db } from '../db/client.ts';
import type { Directory } from '../domain/directory.ts';

export type ImportSummary = { tenantKey: string; people: number; units: number; groups: number };

/**
 * Writes a checked directory in one transaction. Idempotent: units are keyed by name, people by
 * open_id. The file is the source of roles: a person left out of it keeps their history but loses
 * every role. Units left out are kept (items refer to them) with no members.
 */
export async function importDirectory(db: Db, dir: Directory): Promise<ImportSummary> {
  const tenantKey = dir.tenantKey;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('tenants')
      .values({ tenant_key: tenantKey })
      .onConflict((oc) => oc.column('tenant_key').doUpdateSet({ updated_at: sql`now()` }))
      .execute();

    await trx.updateTable('people').set({ roles: [] }).where('tenant_key', '=', tenantKey).execute();
    for (const p of dir.people) {
      await trx
        .insertInto('people')
        .values({ tenant_key: tenantKey, open_id: p.openId, name: p.name, title: p.title, roles: p.roles })
        .onConflict((oc) =>
          oc.columns(['tenant_key', 'open_id']).doUpdateSet({
            name: p.name,
            title: p.title,
            roles: p.roles,
            updated_at: sql`now()`,
          }),
        )
        .execute();
    }

    await trx.deleteFrom('unit_members').where('tenant_key', '=', tenantKey).execute();
    for (const u of dir.units) {
      const { id } = await trx
        .insertInto('units')
        .values({
          tenant_key: tenantKey,
          name: u.name,
          aliases: u.aliases,
          leader_in_charge: u.leaderInCharge,
          chat_id: u.chatId,
        })
        .onConflict((oc) =>
          oc.columns(['tenant_key', 'name']).doUpdateSet({
            aliases: u.aliases,
            leader_in_charge: u.leaderInCharge,
            chat_id: u.chatId,
            updated_at: sql`now()`,
          }),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      if (u.members.length > 0) {
        await trx
          .insertInto('unit_members')
          .values(
            u.members.map((m) => ({ tenant_key: tenantKey, unit_id: id, open_id: m.openId, role: m.role })),
          )
          .execute();
      }
    }

    await trx.deleteFrom('groups').where('tenant_key', '=', tenantKey).execute();
    const groups = (['supervision', 'leaders'] as const).flatMap((kind) => {
      const chatId = dir.groups[kind];
      return chatId ? [{ tenant_key: tenantKey, kind, chat_id: chatId }] : [];
    });
    if (groups.length > 0) await trx.insertInto('groups').values(groups).execute();
  });
  return {
    tenantKey,
    people: dir.people.length,
    units: dir.units.length,
    groups: Object.values(dir.groups).filter(Boolean).length,
  };
}
