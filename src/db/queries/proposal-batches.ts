/** Imported batches of 建议提案 drafts: the numbers a year already has, the drafts of a batch. */

import type { ProposalCategory } from '../../domain/proposal.ts';
import { proposalNumber } from '../../domain/proposal.ts';
import type { SheetRow } from '../../domain/proposal-sheet.ts';
import { takenKey } from '../../domain/proposal-sheet.ts';
import type { Db } from '../client.ts';
import { insertItemEvent, setCoUnits } from './items.ts';
import { insertProposal } from './proposals.ts';

/** 'npc_suggestion:12' for every number of `year` in the database, whatever became of the item. */
export async function takenNumbers(db: Db, tenantKey: string, year: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('proposals')
    .select(['category', 'seq'])
    .where('tenant_key', '=', tenantKey)
    .where('year', '=', year)
    .execute();
  return new Set(rows.map((r) => takenKey(r.category, r.seq)));
}

export type DraftOrigin = {
  tenantKey: string;
  year: number;
  batch: string;
  /** open_id of the office member, or cli:<user>. */
  actor: string;
  /** The chat message that carried the sheet, when it came through the bot. */
  messageId: string | null;
};

/** One sheet row as a draft item (拟办) with its proposals row and 会办 units; returns the item id. */
export async function insertProposalDraft(trx: Db, origin: DraftOrigin, row: SheetRow): Promise<number> {
  const { tenantKey } = origin;
  const item = await trx
    .insertInto('items')
    .values({
      tenant_key: tenantKey,
      title: row.title,
      text: row.text,
      source: 'npc_cppcc',
      kind: 'npc_cppcc',
      created_by: origin.actor,
      lead_unit_id: row.leadUnitId,
      deadline_explicit: row.deadline,
      deadline_basis: row.deadline ? '清单所列办理期限' : null,
      state: 'draft',
      source_message_id: origin.messageId,
      // Unique per message and part: the sheet's row number keeps drafts of one message apart.
      source_part: origin.messageId ? row.row : 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertProposal(trx, {
    item_id: item.id,
    tenant_key: tenantKey,
    year: origin.year,
    category: row.category,
    seq: row.seq,
    proposers: row.proposers,
    delegation: row.delegation,
    topic: row.topic,
    key_item: row.keyItem,
    stage: 'draft',
    import_batch: origin.batch,
  });
  await setCoUnits(trx, tenantKey, item.id, row.coUnitIds);
  await insertItemEvent(trx, tenantKey, item.id, origin.actor, 'create', {
    import: origin.batch,
    row: row.row,
    ...(origin.messageId ? { messageId: origin.messageId } : {}),
  });
  return item.id;
}

export type BatchDraft = {
  itemId: number;
  state: string;
  version: number;
  title: string;
  leadUnitId: number | null;
  coUnitIds: number[];
  deadlineExplicit: string | null;
  keyItem: boolean;
  category: ProposalCategory;
  label: string;
};

/** The items of a batch, in the sheet's order (category, then number). */
export async function batchItems(db: Db, tenantKey: string, batch: string): Promise<BatchDraft[]> {
  const rows = await db
    .selectFrom('proposals as p')
    .innerJoin('items as i', (j) =>
      j.onRef('i.tenant_key', '=', 'p.tenant_key').onRef('i.id', '=', 'p.item_id'),
    )
    .select([
      'i.id',
      'i.state',
      'i.version',
      'i.title',
      'i.lead_unit_id',
      'i.deadline_explicit',
      'p.key_item',
      'p.category',
      'p.seq',
    ])
    .where('p.tenant_key', '=', tenantKey)
    .where('p.import_batch', '=', batch)
    .orderBy('p.category', 'desc')
    .orderBy('p.seq')
    .execute();
  const ids = rows.map((r) => r.id);
  const co = ids.length
    ? await db
        .selectFrom('item_co_units')
        .select(['item_id', 'unit_id'])
        .where('tenant_key', '=', tenantKey)
        .where('item_id', 'in', ids)
        .orderBy('unit_id')
        .execute()
    : [];
  return rows.map((r) => ({
    itemId: r.id,
    state: r.state,
    version: r.version,
    title: r.title,
    leadUnitId: r.lead_unit_id,
    coUnitIds: co.filter((c) => c.item_id === r.id).map((c) => c.unit_id),
    deadlineExplicit: r.deadline_explicit,
    keyItem: r.key_item,
    category: r.category,
    label: proposalNumber(r.category, r.seq),
  }));
}

/** The stored bytes of the (first) file a message carried; null when it was not kept. */
export async function messageSheetBytes(
  db: Db,
  tenantKey: string,
  messageId: string,
): Promise<Buffer | null> {
  const row = await db
    .selectFrom('message_files as m')
    .innerJoin('stored_files as s', 's.id', 'm.file_id')
    .select('s.bytes')
    .where('m.tenant_key', '=', tenantKey)
    .where('m.message_id', '=', messageId)
    .where('m.kind', '=', 'file')
    .orderBy('m.created_at')
    .executeTakeFirst();
  return row ? Buffer.from(row.bytes) : null;
}
