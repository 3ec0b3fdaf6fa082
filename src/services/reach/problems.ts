/**
 * Delivery problems (issue #12): failures grouped per subject and error, one card about each to the
 * office, its count updated as failures repeat, and closed by a later delivery or by the office.
 */
import { buildProblemCard } from '../../../cards/delivery-problem.ts';
import type { Db } from '../../db/client.ts';
import type { NewOutbox } from '../../db/database.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import { cardPatchable } from '../../domain/card-window.ts';
import { explainFailure, recipientSubject, subjectChannel } from '../../domain/reach/delivery-errors.ts';
import { beijingStamp } from '../item-view.ts';
import { officeRecipients } from '../lifecycle/recipients.ts';
import type { Recipient } from '../outbox-message.ts';
import { cardMessage } from '../outbox-message.ts';
import { recipientFacts } from './recipient-facts.ts';
import { type ProblemRow, reachDb } from './store.ts';

export const problemPurpose = (id: number): string => `delivery_problem:${id}`;

export type Failure = {
  outboxId: string;
  subject: string;
  to: Pick<Recipient, 'type' | 'id'>;
  code: string;
  error: string;
  route: string | null;
  itemId: number | null;
};

/** Counts the failure on its subject's open problem (opening one if none), once per outbox row. */
export async function recordFailure(
  trx: Db,
  tenantKey: string,
  failure: Failure,
  now: Date,
): Promise<ProblemRow> {
  const db = reachDb(trx);
  const problem = await db
    .insertInto('delivery_problems')
    .values({
      tenant_key: tenantKey,
      subject: failure.subject,
      receive_id_type: failure.to.type,
      receive_id: failure.to.id,
      code: failure.code,
      last_error: failure.error.slice(0, 500),
      last_route: failure.route,
      last_item_id: failure.itemId,
      first_at: now,
      last_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_key', 'subject', 'code'])
        .where('status', '=', 'open')
        .doUpdateSet((eb) => ({
          failures: eb('delivery_problems.failures', '+', 1),
          last_error: eb.ref('excluded.last_error'),
          last_route: eb.ref('excluded.last_route'),
          last_item_id: eb.fn.coalesce('excluded.last_item_id', 'delivery_problems.last_item_id'),
          last_at: eb.ref('excluded.last_at'),
        })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('delivery_failures')
    .values({ outbox_id: failure.outboxId, tenant_key: tenantKey, problem_id: problem.id, failed_at: now })
    .onConflict((oc) => oc.column('outbox_id').doNothing())
    .execute();
  return problem;
}

/** The problem card as it should look now. */
export async function renderProblemCard(db: Db, ctx: TenantContext, problem: ProblemRow) {
  const channel = subjectChannel(problem.subject);
  const explained = explainFailure(channel, problem.code, problem.last_error);
  const [recipient, item, handler] = await Promise.all([
    problem.receive_id_type && problem.receive_id && explained.scope !== 'app'
      ? recipientFacts(db, ctx, { type: problem.receive_id_type, id: problem.receive_id }).then((f) => f.name)
      : Promise.resolve('督查督办助手（整个应用）'),
    problem.last_item_id === null
      ? Promise.resolve(undefined)
      : db
          .selectFrom('items')
          .select(['number', 'title'])
          .where('tenant_key', '=', problem.tenant_key)
          .where('id', '=', problem.last_item_id)
          .executeTakeFirst(),
    problem.handled_by
      ? db
          .selectFrom('people')
          .select('name')
          .where('tenant_key', '=', problem.tenant_key)
          .where('open_id', '=', problem.handled_by)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  return buildProblemCard({
    problemId: problem.id,
    channel,
    recipient,
    code: problem.code,
    reason: explained.reason,
    fix: explained.fix,
    failures: problem.failures,
    firstAt: beijingStamp(problem.first_at),
    lastAt: beijingStamp(problem.last_at),
    lastItem: item ?? null,
    route: problem.last_route,
    status: problem.status,
    closedAt: problem.closed_at ? beijingStamp(problem.closed_at) : null,
    handledBy: handler?.name ?? null,
  });
}

/**
 * Where the office's cards about problems go: the supervision group, or its members privately while
 * the group itself is unreachable (an open problem of its own) — never to the subject that failed.
 */
async function officeTargets(db: Db, ctx: TenantContext, problem: ProblemRow): Promise<Recipient[]> {
  const group = ctx.groups.supervision;
  const subject = group ? recipientSubject({ type: 'chat_id', id: group }) : null;
  const broken =
    subject !== null &&
    (problem.subject === subject ||
      (await reachDb(db)
        .selectFrom('delivery_problems')
        .select('id')
        .where('tenant_key', '=', ctx.tenantKey)
        .where('subject', '=', subject)
        .where('status', '=', 'open')
        .executeTakeFirst()) !== undefined);
  const targets = await officeRecipients(db, ctx.tenantKey, broken ? null : group);
  return targets.filter((t) => recipientSubject(t) !== problem.subject);
}

/**
 * The office's view of the problem: a new card for a new problem, else an update of each card about
 * it that is still live (a card too old to update, or never delivered, is replaced by a new one).
 */
export async function problemCardRows(
  db: Db,
  ctx: TenantContext,
  problem: ProblemRow,
  now: Date,
  opts: { exceptMessageId?: string | null } = {},
): Promise<NewOutbox[]> {
  const card = await renderProblemCard(db, ctx, problem);
  const purpose = problemPurpose(problem.id);
  const cards = await db
    .selectFrom('outbox')
    .select(['id', 'receive_id_type', 'receive_id', 'status', 'sent_at', 'created_at', 'message_id'])
    .where('tenant_key', '=', ctx.tenantKey)
    .where('purpose', '=', purpose)
    .where('patch_of', 'is', null)
    .where('status', 'in', ['pending', 'sending', 'sent'])
    .execute();
  // Past Feishu's window a card is not updated in place: a fresh one goes instead. A card still
  // unsent is aged from when it was made.
  const live = cards.filter((c) => cardPatchable(c.sent_at ?? c.created_at, now));
  const base = { tenantKey: ctx.tenantKey, itemId: null };
  const version = `${problem.status}:${problem.failures}`;
  if (live.length > 0) {
    return live
      .filter((c) => !opts.exceptMessageId || c.message_id !== opts.exceptMessageId)
      .map((c) =>
        cardMessage(
          {
            ...base,
            to: { type: c.receive_id_type, id: c.receive_id },
            key: `problem:${problem.id}:${version}:${c.id}`,
            purpose: `update:${purpose}`,
            patchOf: c.id,
          },
          card,
        ),
      );
  }
  // Closing a problem whose card is gone says nothing new: only open problems get a fresh card.
  if (problem.status !== 'open') return [];
  return (await officeTargets(db, ctx, problem)).map((to) =>
    cardMessage({ ...base, to, key: `problem:${problem.id}:${version}:${to.type}=${to.id}`, purpose }, card),
  );
}
