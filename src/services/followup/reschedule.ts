import type { Db } from '../../db/client.ts';
import type { ItemRow } from '../../db/database.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import type { FollowupSubject, PlannedStep, StepRef } from '../../domain/followup/index.ts';
import { planFollowup } from '../../domain/followup/index.ts';
import type { ItemState } from '../../domain/item.ts';
import { doneSteps, reassignedAt } from './store.ts';

/** The next step an item waits for: what `queueFollowup` needs after the transaction commits. */
export type ScheduledFollowup = { itemId: number; step: string; at: Date };

export type PlanRow = Pick<
  ItemRow,
  'id' | 'tenant_key' | 'state' | 'deadline' | 'deadline_provisional' | 'issued_at'
>;

const FOLLOWED: readonly string[] = ['issued', 'in_progress'];

async function subjectOf(db: Db, row: PlanRow): Promise<FollowupSubject> {
  const reassigned = await reassignedAt(db, row.tenant_key, row.id);
  const issued = row.issued_at;
  const assigned = reassigned && (!issued || reassigned > issued) ? reassigned : issued;
  return {
    state: row.state as ItemState,
    deadline: row.deadline,
    assignedOn: assigned ? beijingDate(assigned) : null,
    deadlineProvisional: row.deadline_provisional,
  };
}

/** The item's next step as of `now`; `done` defaults to what the step log holds. */
export async function planItem(
  db: Db,
  ctx: TenantContext,
  row: PlanRow,
  now: Date,
  done?: readonly StepRef[],
): Promise<PlannedStep | null> {
  if (!FOLLOWED.includes(row.state)) return null;
  const [subject, steps] = await Promise.all([
    subjectOf(db, row),
    done ? Promise.resolve(done) : doneSteps(db, row.tenant_key, row.id),
  ]);
  return planFollowup(subject, steps, ctx.settings.followup, ctx.calendar, now);
}

/** Stores the next step on the item. Not a change of the item itself: its version stays. */
export async function storeNext(
  db: Db,
  tenantKey: string,
  itemId: number,
  planned: PlannedStep | null,
): Promise<void> {
  await db
    .updateTable('items')
    .set({ next_action_at: planned?.at ?? null, next_action_step: planned?.key ?? null })
    .where('tenant_key', '=', tenantKey)
    .where('id', '=', itemId)
    .execute();
}

export const toScheduled = (itemId: number, planned: PlannedStep | null): ScheduledFollowup | null =>
  planned ? { itemId, step: planned.key, at: planned.at } : null;

/**
 * Recomputes and stores an item's next follow-up step; null for an item with nothing left (closed,
 * submitted, no deadline). Call it inside every lifecycle transaction that changes the state, the
 * deadline or the lead unit, after the transition's item event is written, then `queueFollowup`
 * after the commit.
 */
export async function rescheduleItem(
  trx: Db,
  ctx: TenantContext,
  itemId: number,
  now: Date,
): Promise<ScheduledFollowup | null> {
  const row = await trx
    .selectFrom('items')
    .select(['id', 'tenant_key', 'state', 'deadline', 'deadline_provisional', 'issued_at'])
    .where('tenant_key', '=', ctx.tenantKey)
    .where('id', '=', itemId)
    .executeTakeFirst();
  if (!row) return null;
  const planned = await planItem(trx, ctx, row, now);
  await storeNext(trx, ctx.tenantKey, itemId, planned);
  return toScheduled(itemId, planned);
}
