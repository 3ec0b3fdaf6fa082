import type { Db } from '../../db/client.ts';
import type { ItemRecord } from '../../db/queries/items.ts';
import { findProposal, updateProposal } from '../../db/queries/proposals.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import type { ItemState } from '../../domain/item.ts';
import type { LifecycleCommand } from '../../domain/lifecycle/index.ts';
import { opinionsDueOn, stageFor } from '../../domain/proposal.ts';

/**
 * Keeps a 建议提案's row in step with a transition of its item, in the same transaction: the stage, and
 * what the shared steps mean here (申请改派 is 申请调整; 办结 is the office's check, after which the reply
 * is sent and waits for a new rating). Nothing for other items.
 */
export async function syncProposal(
  trx: Db,
  rec: ItemRecord,
  command: LifecycleCommand['type'],
  to: ItemState,
  now: Date,
  reason?: string,
): Promise<void> {
  const p = await findProposal(trx, rec.tenant_key, rec.id);
  if (!p) return;
  const checked = command === 'approve';
  const satisfaction = checked ? null : p.satisfaction;
  await updateProposal(
    trx,
    rec.tenant_key,
    rec.id,
    {
      stage: stageFor(to, satisfaction),
      ...(command === 'decline' ? { adjust_reason: reason ?? null, adjust_requested_at: now } : {}),
      ...(checked ? { checked_at: now, sent_at: now, satisfaction: null, satisfaction_at: null } : {}),
    },
    now,
  );
}

/** 交办 of a 建议提案: its 会办 opinions fall due by the tenant's limit. */
export async function proposalIssued(
  trx: Db,
  tenant: TenantContext,
  after: ItemRecord,
  now: Date,
): Promise<void> {
  const p = await findProposal(trx, after.tenant_key, after.id);
  if (!p || !after.issued_on) return;
  await updateProposal(
    trx,
    after.tenant_key,
    after.id,
    {
      stage: 'assigned',
      opinions_due_on: opinionsDueOn(after.issued_on, tenant.settings.proposals, tenant.calendar),
    },
    now,
  );
}
