import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../client.ts';
import type { ProposalOpinionRow, ProposalRow, ProposalsTable } from '../database.ts';

export async function findProposal(
  db: Db,
  tenantKey: string,
  itemId: number,
): Promise<ProposalRow | undefined> {
  return db
    .selectFrom('proposals')
    .selectAll()
    .where('tenant_key', '=', tenantKey)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
}

export async function insertProposal(db: Db, row: Insertable<ProposalsTable>): Promise<void> {
  await db.insertInto('proposals').values(row).execute();
}

export async function updateProposal(
  db: Db,
  tenantKey: string,
  itemId: number,
  patch: Updateable<ProposalsTable>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('proposals')
    .set({ ...patch, updated_at: now })
    .where('tenant_key', '=', tenantKey)
    .where('item_id', '=', itemId)
    .execute();
}

/** A co-unit's 会办意见; a later one from the same unit replaces it (each is also in item_events). */
export async function saveOpinion(
  db: Db,
  row: {
    tenantKey: string;
    itemId: number;
    unitId: number;
    text: string;
    fileId: number | null;
    author: string;
    onBehalfOf: string | null;
  },
  now: Date,
): Promise<void> {
  const values = {
    text: row.text,
    file_id: row.fileId,
    author: row.author,
    on_behalf_of: row.onBehalfOf,
    updated_at: now,
  };
  await db
    .insertInto('proposal_opinions')
    .values({ tenant_key: row.tenantKey, item_id: row.itemId, unit_id: row.unitId, ...values })
    .onConflict((oc) => oc.columns(['tenant_key', 'item_id', 'unit_id']).doUpdateSet(values))
    .execute();
}

export type OpinionView = ProposalOpinionRow & {
  unitName: string;
  authorName: string;
  fileName: string | null;
};

export async function opinionsOf(db: Db, tenantKey: string, itemId: number): Promise<OpinionView[]> {
  const rows = await db
    .selectFrom('proposal_opinions as o')
    .innerJoin('units as u', (j) =>
      j.onRef('u.tenant_key', '=', 'o.tenant_key').onRef('u.id', '=', 'o.unit_id'),
    )
    .leftJoin('people as p', (j) =>
      j.onRef('p.tenant_key', '=', 'o.tenant_key').onRef('p.open_id', '=', 'o.author'),
    )
    .leftJoin('stored_files as f', 'f.id', 'o.file_id')
    .selectAll('o')
    .select(['u.name as unitName', 'p.name as authorName', 'f.name as fileName'])
    .where('o.tenant_key', '=', tenantKey)
    .where('o.item_id', '=', itemId)
    .orderBy('o.unit_id')
    .execute();
  return rows.map((r) => ({ ...r, authorName: r.authorName ?? r.author }));
}

/**
 * The latest stored file a unit sent on the item (a report's attachment): the 答复函 a reply carries,
 * or the file of a co-unit's opinion. Null when none.
 */
export async function latestUnitFile(
  db: Db,
  tenantKey: string,
  itemId: number,
  unitId: number,
): Promise<{ id: number; name: string } | null> {
  const row = await db
    .selectFrom('item_reports as r')
    .innerJoin('message_files as m', (j) =>
      j.onRef('m.tenant_key', '=', 'r.tenant_key').onRef('m.message_id', '=', 'r.message_id'),
    )
    .innerJoin('stored_files as f', 'f.id', 'm.file_id')
    .select(['f.id', 'f.name'])
    .where('r.tenant_key', '=', tenantKey)
    .where('r.item_id', '=', itemId)
    .where('r.unit_id', '=', unitId)
    .where('m.kind', '=', 'file')
    .orderBy('r.id', 'desc')
    .orderBy('m.created_at', 'desc')
    .executeTakeFirst();
  return row ?? null;
}

export async function storedFileName(
  db: Db,
  tenantKey: string,
  fileId: number | null,
): Promise<string | null> {
  if (fileId === null) return null;
  const row = await db
    .selectFrom('stored_files')
    .select('name')
    .where('tenant_key', '=', tenantKey)
    .where('id', '=', fileId)
    .executeTakeFirst();
  return row?.name ?? null;
}
