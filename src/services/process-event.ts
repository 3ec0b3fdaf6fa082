import { finishLarkEvent, lockPendingLarkEvent, recordLarkEventFailure } from '../db/queries/lark-events.ts';
import { insertToSend } from '../db/queries/outbox.ts';
import type { Deps } from '../deps.ts';
import type { Send } from '../jobs/catalog.ts';
import { secondsSince } from '../metrics/metrics.ts';
import { eventHandlers } from './event-handlers.ts';
import { prepareLarkEvent } from './intake/prepare-message.ts';
import { queueSends } from './lifecycle/followup-hooks.ts';

export const MAX_EVENT_ATTEMPTS = 8;

export type ProcessOutcome = 'done' | 'ignored' | 'skipped';

/**
 * Handles a stored event exactly once: the row is locked, the handler's writes and its outbox rows
 * commit together with status 'done'; a crash rolls all of it back and the event stays pending.
 */
export async function processLarkEvent(deps: Deps, eventRowId: number): Promise<ProcessOutcome> {
  const { db, logger } = deps;
  const started = performance.now();
  let queuedSeconds: number | undefined;
  // Read outside the transaction: it may call Feishu once, and a transaction must not wait on the network.
  const botOpenId = await deps.lark.botOpenId();
  let sends: Send[] = [];
  let outcome: ProcessOutcome = 'skipped';
  try {
    // Network work (reading a merged forward, downloading files) happens here, before the transaction.
    await prepareLarkEvent(deps, eventRowId, botOpenId, MAX_EVENT_ATTEMPTS);
    outcome = await db.transaction().execute(async (trx) => {
      const row = await lockPendingLarkEvent(trx, eventRowId);
      if (!row) return 'skipped';
      queuedSeconds = (Date.now() - row.received_at.getTime()) / 1000;
      const log = logger.child({
        tenantKey: row.tenant_key,
        eventId: row.event_id,
        eventType: row.event_type,
      });
      const handler = eventHandlers[row.event_type];
      if (!handler) {
        await finishLarkEvent(trx, row.id, 'ignored');
        return 'ignored';
      }
      const payload = row.payload as { event?: unknown; header?: { create_time?: unknown } };
      const createdMs = Number(payload.header?.create_time);
      const messages = await handler(trx, {
        tenantKey: row.tenant_key,
        eventId: row.event_id,
        event: payload.event,
        createdMs: Number.isFinite(createdMs) ? createdMs : null,
        botOpenId,
        now: deps.now(),
        logger: log,
      });
      sends = await insertToSend(trx, messages);
      await finishLarkEvent(trx, row.id, 'done');
      log.info({ messages: sends.length }, 'event processed');
      return 'done';
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await recordLarkEventFailure(db, eventRowId, message, MAX_EVENT_ATTEMPTS);
    logger.error({ eventRowId, err: message }, 'event processing failed');
    deps.metrics.eventProcessed('error', secondsSince(started), queuedSeconds);
    throw e;
  }
  deps.metrics.eventProcessed(outcome, secondsSince(started), queuedSeconds);
  await queueSends(deps, sends);
  return outcome;
}
