import type { Card } from '../../../cards/components.ts';
import type { Db } from '../../db/client.ts';
import type { Attachment, NewOutbox } from '../../db/database.ts';
import type { ItemRecord } from '../../db/queries/items.ts';
import type { Person } from '../../db/queries/people.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import type { LifecycleCommand, Transition } from '../../domain/lifecycle/index.ts';
import type { Logger } from '../../lib/logger.ts';

/** Everything a transition's effects may read; the transaction holds the item's row lock. */
export type LifecycleContext = {
  trx: Db;
  tenant: TenantContext;
  actor: Person;
  now: Date;
  logger: Logger;
  /** Set when the action came as a chat message (a report by reply): kept with the report. */
  source?: { messageId: string; attachments: Attachment[] };
};

/** What a transition changes besides its state, and whom it tells. */
export type Effect = {
  /** Column changes (state, version and updated_at are set by the executor). */
  patch?: Record<string, unknown>;
  coUnitIds?: number[];
  /** Recorded on the item event (留痕): the text, the reason, the new date… */
  data?: Record<string, unknown>;
  /** Messages that commit with the transition. Built after the change, from the new state. */
  messages?: (after: ItemRecord) => Promise<NewOutbox[]>;
  /** Shown to the person who acted. */
  toast: string;
  /** The clicked card as it should look now, when the generic refresh does not fit (decision cards). */
  clickedCard?: (after: ItemRecord) => Promise<Card | null>;
};

export type EffectFn<T extends LifecycleCommand['type']> = (
  ctx: LifecycleContext,
  before: ItemRecord,
  command: Extract<LifecycleCommand, { type: T }>,
  transition: Transition,
) => Promise<Effect>;
