import type { Card } from '../../cards/components.ts';
import { insertToSend } from '../db/queries/outbox.ts';
import type { TenantContext } from '../db/queries/tenants.ts';
import type { Deps } from '../deps.ts';
import type { IsoDate } from '../domain/calendar/index.ts';
import { afterCommit } from './lifecycle/followup-hooks.ts';
import { officeRecipients } from './lifecycle/recipients.ts';
import type { Recipient } from './outbox-message.ts';
import { cardMessage, stableUuid } from './outbox-message.ts';

/**
 * One card a day to the office (its group, or each member while it has none), keyed `name:day:to`, so
 * the minute tick may ask as often as it likes. `build` runs only while none went today, and answers
 * null when there is nothing to say. True when the card was written.
 */
export async function sendOfficeDailyCard(
  deps: Pick<Deps, 'db' | 'jobs' | 'now'>,
  ctx: TenantContext,
  day: { name: string; date: IsoDate; purpose: string },
  build: (office: readonly Recipient[]) => Promise<Card | null>,
): Promise<boolean> {
  const office = await officeRecipients(deps.db, ctx.tenantKey, ctx.groups.supervision);
  if (office.length === 0) return false;
  const keys = office.map((to) => ({ to, key: `${day.name}:${day.date}:${to.type}=${to.id}` }));
  const known = await deps.db
    .selectFrom('outbox')
    .select('id')
    .where(
      'id',
      'in',
      keys.map(({ key }) => stableUuid(ctx.tenantKey, key)),
    )
    .executeTakeFirst();
  if (known) return false;
  const card = await build(office);
  if (!card) return false;
  const rows = keys.map(({ to, key }) =>
    cardMessage({ tenantKey: ctx.tenantKey, to, key, purpose: day.purpose }, card),
  );
  const sends = await insertToSend(deps.db, rows);
  await afterCommit(deps, sends, null);
  return sends.length > 0;
}
