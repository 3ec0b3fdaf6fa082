import type { Db } from '../../db/client.ts';
import { insertItemEvent, setCoUnits } from '../../db/queries/items.ts';
import { insertProposal } from '../../db/queries/proposals.ts';
import type { ProposalCategory } from '../../domain/proposal.ts';
import { proposalFullNumber } from '../../domain/proposal.ts';

export type ProposalDraftInput = {
  tenantKey: string;
  year: number;
  category: ProposalCategory;
  seq: number;
  title: string;
  text: string;
  proposers: string;
  delegation: string;
  topic: string;
  keyItem: boolean;
  leadUnitId: number | null;
  coUnitIds: number[];
  /** A priority item's own reply date (重点建议提案); otherwise the tenant's limit counts from 交办. */
  deadline: string | null;
  createdBy: string;
  importBatch: string | null;
};

/**
 * A 建议提案 draft (拟办): an item of kind npc_cppcc with its proposal row, for the office to review and
 * 交办. Inside the caller's transaction; a duplicate number fails on proposals' unique key.
 */
export async function insertProposalDraft(trx: Db, input: ProposalDraftInput): Promise<number> {
  const row = await trx
    .insertInto('items')
    .values({
      tenant_key: input.tenantKey,
      title: input.title,
      text: input.text,
      source: 'npc_cppcc',
      kind: 'npc_cppcc',
      priority: input.keyItem ? 'important' : 'normal',
      created_by: input.createdBy,
      lead_unit_id: input.leadUnitId,
      deadline_explicit: input.deadline,
      deadline_basis: input.deadline
        ? `重点${input.category === 'npc_suggestion' ? '建议' : '提案'}明确时限`
        : null,
      state: 'draft',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertProposal(trx, {
    item_id: row.id,
    tenant_key: input.tenantKey,
    year: input.year,
    category: input.category,
    seq: input.seq,
    proposers: input.proposers,
    delegation: input.delegation,
    topic: input.topic,
    key_item: input.keyItem,
    stage: 'draft',
    import_batch: input.importBatch,
  });
  await setCoUnits(trx, input.tenantKey, row.id, input.coUnitIds);
  await insertItemEvent(trx, input.tenantKey, row.id, input.createdBy, 'create', {
    text: input.text,
    proposal: proposalFullNumber(input.year, input.category, input.seq),
    ...(input.importBatch ? { importBatch: input.importBatch } : {}),
  });
  return row.id;
}
