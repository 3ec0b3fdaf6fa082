import type { ProposalView, UnitRef } from '../../../cards/types.ts';
import type { Db } from '../../db/client.ts';
import type { ItemRecord } from '../../db/queries/items.ts';
import { findProposal, opinionsOf, storedFileName } from '../../db/queries/proposals.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import { isContactMethod } from '../../domain/proposal.ts';
import { beijingStamp } from '../item-view.ts';
import { proposalFacts } from './facts.ts';

/** A 建议提案's fields for its cards; undefined for any other item. */
export async function proposalView(
  db: Db,
  tenant: TenantContext,
  rec: ItemRecord,
  now: Date,
  unitRef: (id: number) => UnitRef,
): Promise<ProposalView | undefined> {
  const p = await findProposal(db, rec.tenant_key, rec.id);
  if (!p) return undefined;
  const [opinions, replyFile, facts] = await Promise.all([
    opinionsOf(db, rec.tenant_key, rec.id),
    storedFileName(db, rec.tenant_key, p.reply_file_id),
    proposalFacts(db, tenant, rec, now, p),
  ]);
  if (!facts) return undefined;
  const byUnit = new Map(opinions.map((o) => [o.unit_id, o]));
  return {
    year: p.year,
    category: p.category,
    seq: p.seq,
    proposers: p.proposers,
    delegation: p.delegation,
    topic: p.topic,
    keyItem: p.key_item,
    stage: p.stage,
    opinionsDueOn: p.opinions_due_on,
    opinions: rec.coUnitIds.map((id) => {
      const o = byUnit.get(id);
      return {
        unit: unitRef(id),
        text: o?.text ?? null,
        at: o ? beijingStamp(o.updated_at) : null,
        by: o?.authorName ?? null,
        fileName: o?.fileName ?? null,
      };
    }),
    contact:
      p.contacted_on && isContactMethod(p.contact_method)
        ? { on: p.contacted_on, method: p.contact_method, note: p.contact_note }
        : null,
    answer:
      p.answer_category && p.reply_summary !== null
        ? {
            category: p.answer_category,
            fileName: replyFile,
            summary: p.reply_summary,
            followupOn: p.followup_on,
          }
        : null,
    satisfaction: p.satisfaction,
    redoCount: p.redo_count,
    adjustReason: p.adjust_reason,
    facts,
  };
}
