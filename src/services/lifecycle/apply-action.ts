import type { Card } from '../../../cards/components.ts';
import type { Db } from '../../db/client.ts';
import type { Attachment, NewOutbox } from '../../db/database.ts';
import { markCardRefresh } from '../../db/queries/card-refresh.ts';
import type { ItemRecord } from '../../db/queries/items.ts';
import { insertItemEvent, lockItem, setCoUnits } from '../../db/queries/items.ts';
import { insertOutbox, insertToSend } from '../../db/queries/outbox.ts';
import type { Person } from '../../db/queries/people.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import type { Deps } from '../../deps.ts';
import type { LifecycleCommand, LifecycleErrorCode } from '../../domain/lifecycle/index.ts';
import { decide } from '../../domain/lifecycle/index.ts';
import type { Send } from '../../jobs/catalog.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Failure, Result } from '../../lib/result.ts';
import { err, fail, ok } from '../../lib/result.ts';
import { actingFor } from '../delegation/stand-ins.ts';
import { itemFacts } from '../item-view.ts';
import { addressedCard } from '../outbox-message.ts';
import { proposalFacts } from '../proposals/facts.ts';
import { syncProposal } from '../proposals/sync.ts';
import { refreshLiveCards, renderLiveCard } from './cards.ts';
import type { ClickedCard } from './clicked-card.ts';
import { heldAnswerPatch } from './clicked-card.ts';
import type { Effect, LifecycleContext } from './context.ts';
import { EFFECTS } from './effects.ts';
import type { ScheduledFollowup } from './followup-hooks.ts';
import { afterCommit, scheduleFollowup } from './followup-hooks.ts';
import { queueCardRefresh } from './refresh-cards.ts';
import { cardVersion, repeatRefusal } from './repeat-guard.ts';

export type ActionRequest = {
  itemId: number;
  command: LifecycleCommand;
  /** The card the person clicked, to answer with its new look. */
  clicked: ClickedCard | null;
  /** A report that came as a chat message: its id (one report per message) and its files. */
  source?: { messageId: string; attachments: Attachment[] };
};

export type ActionDone = {
  toast: string;
  card: Card | null;
  itemId: number;
  version: number;
  /** The held update of the clicked card (see heldAnswerPatch); the callback settles it. */
  heldPatchId: string | null;
};
export type ActionFailure = Failure<LifecycleErrorCode | 'NOT_FOUND'> & { card?: Card | null };
export type Applied = {
  done: ActionDone;
  messages: NewOutbox[];
  /** Committed with the messages but not queued: the callback decides whether it is sent. */
  held: NewOutbox | null;
  followup: ScheduledFollowup | null;
};

/**
 * One lifecycle action inside the caller's transaction: lock the item, decide, change it, record the
 * event (留痕), and return the messages and card updates, which the caller commits with it.
 */
export async function applyItemActionIn(
  trx: Db,
  env: { actor: Person; now: Date; logger: Logger; cards?: 'inline' | 'deferred' },
  req: ActionRequest,
): Promise<Result<Applied, ActionFailure>> {
  const { actor, now } = env;
  const tenantKey = actor.tenantKey;
  const before = await lockItem(trx, tenantKey, req.itemId);
  if (!before) return fail('NOT_FOUND', '事项不存在，或不属于本单位');
  // A button names its item; a card of another item is not this item's to redraw.
  const clicked = req.clicked?.itemId === before.id ? req.clicked : null;
  const tenant = await loadTenantContext(trx, tenantKey, env.logger);
  const answerCard = async (c: ClickedCard, rec: ItemRecord): Promise<Card | null> => {
    const card = await renderLiveCard(trx, tenant, rec, c.purpose, now);
    return card && addressedCard(card, c.to);
  };
  let ctx: LifecycleContext = {
    trx,
    tenant,
    actor,
    now,
    logger: env.logger.child({ tenantKey, itemId: before.id }),
    ...(req.source ? { source: req.source } : {}),
  };
  const proposal = await proposalFacts(trx, tenant, before, now);
  const facts = { ...itemFacts(before), ...(proposal ? { proposal } : {}) };
  const decided = decide(facts, actor, req.command, {
    extensionApprover: tenant.settings.extensionApprover,
  });
  // A stale card, or a second click, is answered with the card as it is now.
  const refuse = async (failure: Failure<LifecycleErrorCode>) =>
    err({ ...failure, card: clicked ? await answerCard(clicked, before) : null });
  if (!decided.ok) return refuse(decided.error);
  const repeated = await repeatRefusal(trx, before, actor, req.command, now);
  if (repeated) return refuse(repeated);
  const t = decided.value;
  // Acting for a delegator (委托): the effects see the lent place, the record names whom it was for.
  ctx = { ...ctx, actor: actingFor(actor, t.onBehalfOf) };
  const onBehalf = t.onBehalfOf ? { on_behalf_of: t.onBehalfOf } : {};
  // EFFECTS is keyed by command type; the lookup pairs each command with its own effect.
  const effect: Effect = await EFFECTS[req.command.type](ctx, before, req.command as never, t);
  await trx
    .updateTable('items')
    .set({ ...(effect.patch ?? {}), state: t.to, version: before.version + 1, updated_at: now })
    .where('tenant_key', '=', tenantKey)
    .where('id', '=', before.id)
    .execute();
  if (effect.coUnitIds) await setCoUnits(trx, tenantKey, before.id, effect.coUnitIds);
  if (proposal) {
    const reason = req.command.type === 'decline' ? req.command.reason : undefined;
    await syncProposal(trx, before, req.command.type, t.to, now, reason);
  }
  for (const implied of t.implied)
    await insertItemEvent(trx, tenantKey, before.id, actor.openId, implied, { implied: true, ...onBehalf });
  await insertItemEvent(trx, tenantKey, before.id, actor.openId, t.event, {
    ...(effect.data ?? {}),
    ...onBehalf,
    ...cardVersion(req.command),
    from: t.from,
    to: t.to,
  });
  const after = await lockItem(trx, tenantKey, before.id);
  if (!after) throw new Error(`item ${before.id} vanished inside its own transaction`);
  // Deferred (clicks): a marker commits with the change and the cards are redrawn outside the lock
  // (refresh-cards.ts), so a burst of clicks on one item does not queue behind card building.
  const deferred = env.cards === 'deferred';
  if (deferred) await markCardRefresh(trx, { tenantKey, itemId: after.id, version: after.version });
  const messages = [
    ...((await effect.messages?.(after)) ?? []),
    ...(deferred ? [] : await refreshLiveCards(trx, tenant, after, now, clicked?.messageId ?? null)),
  ];
  const followup = await scheduleFollowup(ctx, after);
  const card =
    (await effect.clickedCard?.(after)) ??
    (clicked ? await renderLiveCard(trx, tenant, after, clicked.purpose, now) : null);
  const held = clicked && card ? heldAnswerPatch(tenantKey, clicked, after, card) : null;
  return ok({
    done: {
      toast: effect.toast,
      // The answer replaces the clicked card: addressed as it was (its @-mentions, its 代X接收).
      card: clicked && card ? addressedCard(card, clicked.to) : card,
      itemId: after.id,
      version: after.version,
      heldPatchId: held?.id ?? null,
    },
    messages,
    held,
    followup,
  });
}

/** The same, in a transaction of its own, with the messages queued after commit. */
export async function applyItemAction(
  deps: Deps,
  actor: Person,
  req: ActionRequest,
): Promise<Result<ActionDone, ActionFailure>> {
  let sends: Send[] = [];
  let followup: ScheduledFollowup | null = null;
  const res = await deps.db.transaction().execute(async (trx) => {
    const applied = await applyItemActionIn(
      trx,
      { actor, now: deps.now(), logger: deps.logger, cards: 'deferred' },
      req,
    );
    if (!applied.ok) return applied;
    sends = await insertToSend(trx, applied.value.messages);
    if (applied.value.held) await insertOutbox(trx, [applied.value.held]);
    followup = applied.value.followup;
    return ok(applied.value.done);
  });
  if (res.ok) {
    await afterCommit(deps, sends, followup);
    await queueCardRefresh(deps, actor.tenantKey, res.value.itemId);
  }
  return res;
}
