import { insertItemEvent, lockItem } from '../../db/queries/items.ts';
import { insertOutbox } from '../../db/queries/outbox.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import type { Deps } from '../../deps.ts';
import { STEP_EVENT_ACTIONS } from '../../domain/followup/index.ts';
import { queueMessages } from '../lifecycle/followup-hooks.ts';
import { insertDigestEntries } from './digest-store.ts';
import { produceStep } from './messages.ts';
import { planItem, type ScheduledFollowup, storeNext, toScheduled } from './reschedule.ts';
import { DIGEST_GATHER_MS, digestRunAt, queueDigest, queueFollowup } from './schedule.ts';
import { doneSteps, recordStep } from './store.ts';

/** A job may wake a little early (clock skew between hosts); within this it counts as on time. */
export const FIRE_TOLERANCE_MS = 2_000;

export type FireResult =
  | {
      kind: 'fired';
      step: string;
      /** When the plan had the step due; the firing's lateness is measured against it. */
      plannedAt: Date;
      outboxIds: string[];
      digestEntries: number;
      next: ScheduledFollowup | null;
    }
  | { kind: 'moved'; next: ScheduledFollowup | null }
  | { kind: 'skipped'; reason: 'no_item' | 'no_step' | 'stale' };

export type FireOptions = { digestGatherMs?: number };

type FireDeps = Pick<Deps, 'db' | 'jobs' | 'logger' | 'now'>;

/**
 * Fires an item's due follow-up step, once. The claim is the item's row lock plus the step it still
 * names: a job for a step that moved on (transition, extension, a faster twin) finds another step
 * there and exits. The step's record, its messages and its event commit together with the next step;
 * the unique step record is the last guard against a second firing.
 */
export async function fireFollowup(
  deps: FireDeps,
  itemId: number,
  expectedStep?: string,
  opts: FireOptions = {},
): Promise<FireResult> {
  const now = deps.now();
  const head = await deps.db
    .selectFrom('items')
    .select(['tenant_key', 'next_action_step'])
    .where('id', '=', itemId)
    .executeTakeFirst();
  if (!head) return { kind: 'skipped', reason: 'no_item' };
  if (!head.next_action_step) return { kind: 'skipped', reason: 'no_step' };
  if (expectedStep && head.next_action_step !== expectedStep) return { kind: 'skipped', reason: 'stale' };
  const tenantKey = head.tenant_key;
  const log = deps.logger.child({ tenantKey, itemId });
  const ctx = await loadTenantContext(deps.db, tenantKey, log);

  const result = await deps.db.transaction().execute(async (trx): Promise<FireResult> => {
    const rec = await lockItem(trx, tenantKey, itemId);
    if (!rec?.next_action_step) return { kind: 'skipped', reason: 'no_step' };
    if (expectedStep && rec.next_action_step !== expectedStep) return { kind: 'skipped', reason: 'stale' };
    const done = await doneSteps(trx, tenantKey, itemId);
    const planned = await planItem(trx, ctx, rec, now, done);
    const due = planned !== null && planned.at.getTime() <= now.getTime() + FIRE_TOLERANCE_MS;
    if (!planned || !due || planned.key !== rec.next_action_step) {
      // The plan changed since the job was queued (settings, calendar, night, a missed day): follow it.
      await storeNext(trx, tenantKey, itemId, planned);
      return { kind: 'moved', next: toScheduled(itemId, planned) };
    }
    const output = await produceStep(trx, ctx, rec, planned, now, log);
    const recorded = await recordStep(trx, tenantKey, itemId, planned, output.event, now);
    const after = [...done, planned];
    if (!recorded) {
      const next = await planItem(trx, ctx, rec, now, after);
      await storeNext(trx, tenantKey, itemId, next);
      return { kind: 'moved', next: toScheduled(itemId, next) };
    }
    const outboxIds = await insertOutbox(trx, output.outbox);
    await insertDigestEntries(trx, output.digest);
    await insertItemEvent(trx, tenantKey, itemId, 'system', STEP_EVENT_ACTIONS[planned.kind], output.event);
    const next = await planItem(trx, ctx, rec, now, after);
    await storeNext(trx, tenantKey, itemId, next);
    return {
      kind: 'fired',
      step: planned.key,
      plannedAt: planned.at,
      outboxIds,
      digestEntries: output.digest.length,
      next: toScheduled(itemId, next),
    };
  });

  if (result.kind === 'fired') {
    log.info(
      { step: result.step, messages: result.outboxIds.length, digest: result.digestEntries },
      'follow-up step fired',
    );
    await queueMessages(deps, result.outboxIds);
    if (result.digestEntries > 0) {
      await queueDigest(deps, tenantKey, digestRunAt(now, opts.digestGatherMs ?? DIGEST_GATHER_MS));
    }
  }
  if (result.kind !== 'skipped') await queueFollowup(deps, itemId, result.next?.at, result.next?.step);
  return result;
}
