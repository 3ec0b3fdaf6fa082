import type { Db } from '../../db/client.ts';
import type { ProposalRow } from '../../db/database.ts';
import type { ItemRecord } from '../../db/queries/items.ts';
import { findProposal, latestUnitFile } from '../../db/queries/proposals.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import type { ProposalFacts } from '../../domain/lifecycle/index.ts';
import { adjustLastDay, closesItem } from '../../domain/proposal.ts';
import { reassignedAt } from '../followup/store.ts';

/** What the lifecycle checks on a 建议提案 now; undefined for any other item. */
export async function proposalFacts(
  db: Db,
  tenant: TenantContext,
  rec: ItemRecord,
  now: Date,
  known?: ProposalRow,
): Promise<ProposalFacts | undefined> {
  const p = known ?? (await findProposal(db, rec.tenant_key, rec.id));
  if (!p) return undefined;
  const file =
    rec.lead_unit_id === null ? null : await latestUnitFile(db, rec.tenant_key, rec.id, rec.lead_unit_id);
  // A unit the item was moved to (申请调整 approved) has its own working days, from that move.
  const moved = rec.state === 'issued' ? await reassignedAt(db, rec.tenant_key, rec.id) : null;
  const from = moved ? beijingDate(moved) : rec.issued_on;
  const lastDay = from ? adjustLastDay(from, tenant.settings.proposals, tenant.calendar) : null;
  return {
    contacted: p.contacted_on !== null,
    adjustOpen: lastDay === null || beijingDate(now) <= lastDay,
    replyFileId: file?.id ?? null,
    rated: p.satisfaction !== null && closesItem(p.satisfaction),
    today: beijingDate(now),
  };
}
