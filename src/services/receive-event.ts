import { recordLarkEvent } from '../db/queries/lark-events.ts';
import type { Deps } from '../deps.ts';
import { jobIds } from '../jobs/catalog.ts';
import type { LarkEnvelope } from '../lark/inbound.ts';
import { QUEUED_EVENT_TYPES } from './event-handlers.ts';

export type ReceiveOutcome = 'queued' | 'stored' | 'duplicate' | 'ignored';

/**
 * Stores a verified event before Feishu gets its 200, then hands it to the queue. When Redis is
 * down the event is still committed and the sweep queues it once Redis is back.
 */
export async function receiveLarkEvent(
  deps: Pick<Deps, 'db' | 'jobs' | 'logger'>,
  envelope: LarkEnvelope,
): Promise<ReceiveOutcome> {
  const queued = QUEUED_EVENT_TYPES.has(envelope.eventType);
  const { id, inserted } = await recordLarkEvent(
    deps.db,
    envelope.tenantKey,
    envelope,
    queued ? 'pending' : 'ignored',
  );
  const log = deps.logger.child({
    tenantKey: envelope.tenantKey,
    eventId: envelope.eventId,
    eventType: envelope.eventType,
  });
  if (!inserted) {
    log.info('duplicate event ignored');
    return 'duplicate';
  }
  if (!queued) {
    log.info('event type not handled; stored and ignored');
    return 'ignored';
  }
  const ok = await deps.jobs.enqueue('process-event', { eventRowId: id }, { jobId: jobIds.processEvent(id) });
  return ok ? 'queued' : 'stored';
}
