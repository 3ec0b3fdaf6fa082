import { recordLarkEvent } from '../db/queries/lark-events.ts';
import type { Deps } from '../deps.ts';
import type { LarkEnvelope } from '../lark/inbound.ts';
import type { Logger } from '../lib/logger.ts';

export type CardCallbackResponse = {
  toast?: { type: 'success' | 'info' | 'warning' | 'error'; content: string };
  card?: { type: 'raw'; data: object };
};

/**
 * Answers a card click within Feishu's 3 s. The operator is the verified identity in the callback,
 * never anything carried in the button's value.
 */
export async function handleCardAction(
  deps: Deps,
  envelope: LarkEnvelope,
  logger: Logger,
): Promise<CardCallbackResponse> {
  const { inserted } = await recordLarkEvent(deps.db, envelope.tenantKey, envelope, 'done');
  if (!inserted) return {};
  logger.info({ eventId: envelope.eventId }, 'card action received');
  return { toast: { type: 'info', content: '该卡片暂无可执行的操作' } };
}
