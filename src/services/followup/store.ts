/**
 * Queries for the follow-up tables (migrations/20261126140000_create_followup_steps.sql). Their types
 * live here, attached with `withTables`, so this feature adds no lines to the shared database.ts.
 */
import type { ColumnType, Generated, Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { Database } from '../../db/database.ts';
import type { StepRef } from '../../domain/followup/index.ts';

type Json<T> = ColumnType<T, string, string>;
type DateColumn = ColumnType<string, string, string>;

export type DigestFacts = { workdaysLeft?: number | null; overdueWorkdays?: number | null };

export interface FollowupStepsTable {
  id: Generated<number>;
  tenant_key: string;
  item_id: number;
  step: string;
  due_on: DateColumn;
  fired_at: ColumnType<Date, Date | undefined, never>;
  data: Json<Record<string, unknown>>;
}

export interface FollowupDigestEntriesTable {
  id: Generated<number>;
  tenant_key: string;
  item_id: number;
  step: string;
  due_on: DateColumn;
  kind: string;
  receive_id_type: 'open_id' | 'chat_id';
  receive_id: string;
  data: Json<DigestFacts>;
  status: ColumnType<'pending' | 'sent' | 'dropped', 'pending' | undefined, 'sent' | 'dropped'>;
  outbox_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export type FollowupTables = {
  followup_steps: FollowupStepsTable;
  followup_digest_entries: FollowupDigestEntriesTable;
};

/** The same connection (or transaction) with the follow-up tables typed. */
export const followupDb = (db: Db): Kysely<Database & FollowupTables> => db.withTables<FollowupTables>();

export async function doneSteps(db: Db, tenantKey: string, itemId: number): Promise<StepRef[]> {
  const rows = await followupDb(db)
    .selectFrom('followup_steps')
    .select(['step', 'due_on'])
    .where('tenant_key', '=', tenantKey)
    .where('item_id', '=', itemId)
    .execute();
  return rows.map((r) => ({ name: r.step, dueOn: r.due_on }));
}

/** Records a step as fired; false when it was recorded already (the unique key is the last guard). */
export async function recordStep(
  db: Db,
  tenantKey: string,
  itemId: number,
  step: StepRef,
  data: Record<string, unknown>,
  firedAt: Date,
): Promise<boolean> {
  const row = await followupDb(db)
    .insertInto('followup_steps')
    .values({
      tenant_key: tenantKey,
      item_id: itemId,
      step: step.name,
      due_on: step.dueOn,
      data: JSON.stringify(data),
      fired_at: firedAt,
    })
    .onConflict((oc) => oc.columns(['tenant_key', 'item_id', 'step', 'due_on']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export type DueFollowup = { itemId: number; step: string; at: Date };

/** Items whose next step is due by `until`, in time order, after the (at, id) cursor. */
export async function dueFollowups(
  db: Db,
  until: Date,
  limit: number,
  after?: { at: Date; itemId: number },
): Promise<DueFollowup[]> {
  let q = db
    .selectFrom('items')
    .select(['id', 'next_action_step', 'next_action_at'])
    .where('next_action_at', '<=', until)
    .where('next_action_step', 'is not', null);
  if (after) q = q.where(sql<boolean>`(next_action_at, id) > (${after.at}, ${after.itemId})`);
  const rows = await q.orderBy('next_action_at').orderBy('id').limit(limit).execute();
  return rows.flatMap((r) =>
    r.next_action_at && r.next_action_step
      ? [{ itemId: r.id, step: r.next_action_step, at: r.next_action_at }]
      : [],
  );
}

/** When the item was last reassigned to a new lead unit, if ever (the event log is the record). */
export async function reassignedAt(db: Db, tenantKey: string, itemId: number): Promise<Date | null> {
  const row = await db
    .selectFrom('item_events')
    .select('created_at')
    .where('tenant_key', '=', tenantKey)
    .where('item_id', '=', itemId)
    .where('action', '=', 'reassign')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.created_at ?? null;
}

/** How often the unit was urged so far (automatic and manual), for the escalation and notice cards. */
export async function urgeCount(db: Db, tenantKey: string, itemId: number): Promise<number> {
  const row = await db
    .selectFrom('item_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_key', '=', tenantKey)
    .where('item_id', '=', itemId)
    .where('action', 'in', ['auto_urge', 'urge', 'supervise'])
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
