import { sql } from 'kysely';
import type { Db } from '../db/client.ts';
import type { Directory } from '../domain/directory.ts';
import {
  keptUnitBindings,
  releaseMovedChats,
  unitChatChanged,
  unitChatUpdate,
  writeGroups,
} from './directory/import-bindings.ts';

export type OpenItemRef = { number: string | null; title: string; state: string; role: 'lead' | 'co' };
export type RemovedUnit = { name: string; openItems: OpenItemRef[] };

export type ImportSummary = {
  tenantKey: string;
  people: number;
  units: number;
  groups: number;
  /** Units of the database the file left out, now removed, with the open items they lead. */
  removed: RemovedUnit[];
  /** Units removed by an earlier import that the file brings back. */
  restored: string[];
  /** Groups bound from chat (binding cards) that the file names nowhere: kept, by what they serve. */
  keptChatBindings: string[];
};

const OPEN_STATES = ['draft', 'issued', 'in_progress', 'submitted', 'reassigning'];

/**
 * Writes a checked directory in one transaction. Idempotent: units are keyed by name, people by
 * open_id. The file is the source of roles: a person left out of it keeps their history but loses
 * every role. Units left out are removed (kept for their items, offered for nothing new) and
 * reported with the open items they lead, which the office must reassign or close. A group bound
 * from chat stays bound when the file names no group for that unit or role (the file may be older
 * than the binding); a group the file places anywhere goes where the file says.
 */
export async function importDirectory(db: Db, dir: Directory): Promise<ImportSummary> {
  const tenantKey = dir.tenantKey;
  const changes = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('tenants')
      .values({ tenant_key: tenantKey })
      .onConflict((oc) => oc.column('tenant_key').doNothing())
      .execute();

    // updated_at moves only for a real change, so importing the same directory again changes no row.
    let leftOut = trx
      .updateTable('people')
      .set({ roles: [], updated_at: sql`now()` })
      .where('tenant_key', '=', tenantKey)
      .where(sql<boolean>`roles <> '{}'`);
    if (dir.people.length > 0)
      leftOut = leftOut.where(
        'open_id',
        'not in',
        dir.people.map((p) => p.openId),
      );
    await leftOut.execute();
    for (const p of dir.people) {
      await trx
        .insertInto('people')
        .values({ tenant_key: tenantKey, open_id: p.openId, name: p.name, title: p.title, roles: p.roles })
        .onConflict((oc) =>
          oc.columns(['tenant_key', 'open_id']).doUpdateSet({
            name: p.name,
            title: p.title,
            roles: p.roles,
            updated_at: sql`case when (people.name, people.title, people.roles) is distinct from (${p.name}::text, ${p.title}::text, ${p.roles}::text[]) then now() else people.updated_at end`,
          }),
        )
        .execute();
    }

    await trx.deleteFrom('unit_members').where('tenant_key', '=', tenantKey).execute();
    await releaseMovedChats(trx, dir);
    const restored = await trx
      .selectFrom('units')
      .select('name')
      .where('tenant_key', '=', tenantKey)
      .where('removed_at', 'is not', null)
      .where(
        'name',
        'in',
        dir.units.map((u) => u.name),
      )
      .execute();
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
            ...unitChatUpdate(u),
            removed_at: null,
            updated_at: sql`case when (units.aliases, units.leader_in_charge, units.removed_at is null) is distinct from (${u.aliases}::text[], ${u.leaderInCharge}::text, true) or ${unitChatChanged(u)} then now() else units.updated_at end`,
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

    const keptGroups = await writeGroups(trx, dir);
    const keptUnits = await keptUnitBindings(trx, dir);
    return {
      removed: await removeUnitsLeftOut(trx, tenantKey, dir),
      restored: restored.map((r) => r.name),
      keptChatBindings: [...keptGroups, ...keptUnits],
    };
  });
  return {
    tenantKey,
    people: dir.people.length,
    units: dir.units.length,
    groups: Object.values(dir.groups).filter(Boolean).length,
    ...changes,
  };
}

async function removeUnitsLeftOut(trx: Db, tenantKey: string, dir: Directory): Promise<RemovedUnit[]> {
  let q = trx
    .updateTable('units')
    .set({ removed_at: sql`now()`, updated_at: sql`now()` })
    .where('tenant_key', '=', tenantKey)
    .where('removed_at', 'is', null);
  if (dir.units.length > 0)
    q = q.where(
      'name',
      'not in',
      dir.units.map((u) => u.name),
    );
  const removed = await q.returning(['id', 'name']).execute();
  if (removed.length === 0) return [];
  const ids = removed.map((u) => u.id);
  const [led, helped] = await Promise.all([
    trx
      .selectFrom('items')
      .select(['id', 'lead_unit_id as unit_id', 'number', 'title', 'state'])
      .where('tenant_key', '=', tenantKey)
      .where('lead_unit_id', 'in', ids)
      .where('state', 'in', OPEN_STATES)
      .orderBy('id')
      .execute(),
    trx
      .selectFrom('item_co_units as c')
      .innerJoin('items as i', (j) =>
        j.onRef('i.tenant_key', '=', 'c.tenant_key').onRef('i.id', '=', 'c.item_id'),
      )
      .select(['i.id', 'c.unit_id', 'i.number', 'i.title', 'i.state'])
      .where('c.tenant_key', '=', tenantKey)
      .where('c.unit_id', 'in', ids)
      .where('i.state', 'in', OPEN_STATES)
      .orderBy('i.id')
      .execute(),
  ]);
  const refs = (rows: typeof led, unitId: number, role: OpenItemRef['role']): OpenItemRef[] =>
    rows
      .filter((i) => i.unit_id === unitId)
      .map((i) => ({ number: i.number, title: i.title, state: i.state, role }));
  return removed.map((u) => ({
    name: u.name,
    openItems: [...refs(led, u.id, 'lead'), ...refs(helped, u.id, 'co')],
  }));
}
