import type { BulletinDecisionValue, CommandValue, PageValue } from '../../../cards/actions.ts';
import type { Card } from '../../../cards/components.ts';
import { buildHelpCard } from '../../../cards/help.ts';
import type { CallbackResponse } from '../../../cards/toast.ts';
import { toast, toastWithCard } from '../../../cards/toast.ts';
import { insertOutbox } from '../../db/queries/outbox.ts';
import type { Person } from '../../db/queries/people.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import type { Deps } from '../../deps.ts';
import { decideBulletinCard } from '../bulletin-flow.ts';
import { beijingStamp } from '../item-view.ts';
import type { ClickedCard } from '../lifecycle/clicked-card.ts';
import { queueMessages } from '../lifecycle/followup-hooks.ts';
import { cardMessage } from '../outbox-message.ts';
import type { Command } from './commands.ts';
import { listCard, runCommand } from './commands.ts';

/** A card only the clicker received (sent to them privately) may be replaced by their own view. */
const privateTo = (clicked: ClickedCard | null, person: Person): boolean =>
  clicked?.to.type === 'open_id' && clicked.to.id === person.openId;

const SENT_PRIVATELY = '已私信发送给您';

/**
 * Buttons that run a command. A list card the clicker alone received pages in place; a shared one
 * (in a group) stays as it is and the page goes to the clicker privately, as do the help card's
 * shortcuts. An answer is keyed by what it shows and the minute it was made (the card says 截至
 * HH:mm), so pressing twice sends it once.
 */
export async function runCardCommand(
  deps: Deps,
  person: Person,
  value: CommandValue | PageValue | BulletinDecisionValue,
  clicked: ClickedCard | null,
): Promise<CallbackResponse> {
  const now = deps.now();
  if (value.a !== 'page' && value.a !== 'cmd') {
    const ctx = await loadTenantContext(deps.db, person.tenantKey);
    const { response, outboxIds } = await decideBulletinCard(deps.db, ctx, person, value, now);
    await queueMessages(deps, outboxIds);
    return response;
  }
  const asked = value.a === 'page' ? `page:${value.k}:${value.p}` : `cmd:${value.c}`;
  const where = {
    to: { type: 'open_id' as const, id: person.openId },
    key: `${asked}:${person.openId}:${beijingStamp(now)}`,
    replyTo: null,
  };
  const sendCard = async (card: Card): Promise<CallbackResponse> => {
    const row = cardMessage({ tenantKey: person.tenantKey, ...where, purpose: `command:${asked}` }, card);
    await queueMessages(deps, await insertOutbox(deps.db, [row]));
    return toast('success', SENT_PRIVATELY);
  };
  if (value.a === 'page') {
    const card = await listCard(deps.db, person, value.k, value.p, now);
    return privateTo(clicked, person) ? toastWithCard('info', `第 ${value.p} 页`, card) : sendCard(card);
  }
  if (value.c === 'help') {
    const card = buildHelpCard({ roles: person.roles });
    return privateTo(clicked, person) ? toastWithCard('info', '使用说明', card) : sendCard(card);
  }
  const command: Command =
    value.c === 'mine' || value.c === 'overdue' ? { name: value.c, page: 1 } : { name: value.c };
  const res = await runCommand(deps.db, person, command, now, where);
  if (!res.ok) return toast('error', res.error);
  if ('card' in res.value) return sendCard(res.value.card);
  await queueMessages(deps, await insertOutbox(deps.db, res.value.messages));
  return toast('success', SENT_PRIVATELY);
}
