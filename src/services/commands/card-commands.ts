import type { BulletinDecisionValue, CommandValue, PageValue } from '../../../cards/actions.ts';
import { buildHelpCard } from '../../../cards/help.ts';
import type { CallbackResponse } from '../../../cards/toast.ts';
import { toast, toastWithCard } from '../../../cards/toast.ts';
import { insertOutbox } from '../../db/queries/outbox.ts';
import type { Person } from '../../db/queries/people.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import type { Deps } from '../../deps.ts';
import { jobIds } from '../../jobs/catalog.ts';
import { decideBulletinCard } from '../bulletin-flow.ts';
import { cardMessage } from '../outbox-message.ts';
import type { Command } from './commands.ts';
import { listCard, runCommand } from './commands.ts';

async function queue(deps: Deps, ids: readonly string[]): Promise<void> {
  for (const id of ids)
    await deps.jobs.enqueue('send-message', { outboxId: id }, { jobId: jobIds.sendMessage(id) });
}

/**
 * Buttons that run a command. Paging replaces the list card in place; a shortcut on the help card
 * answers privately, so a shared help card in a group stays as it is.
 */
export async function runCardCommand(
  deps: Deps,
  person: Person,
  value: CommandValue | PageValue | BulletinDecisionValue,
): Promise<CallbackResponse> {
  const now = deps.now();
  if (value.a === 'page')
    return toastWithCard('info', `第 ${value.p} 页`, await listCard(deps.db, person, value.k, value.p, now));
  if (value.a !== 'cmd') {
    const ctx = await loadTenantContext(deps.db, person.tenantKey);
    const { response, outboxIds } = await decideBulletinCard(deps.db, ctx, person, value, now);
    await queue(deps, outboxIds);
    return response;
  }
  if (value.c === 'help') return toastWithCard('info', '使用说明', buildHelpCard({ roles: person.roles }));
  const command: Command =
    value.c === 'mine' || value.c === 'overdue' ? { name: value.c, page: 1 } : { name: value.c };
  const where = {
    to: { type: 'open_id' as const, id: person.openId },
    key: `cmd:${value.c}:${person.openId}:${now.getTime()}`,
    replyTo: null,
  };
  const res = await runCommand(deps.db, person, command, now, where);
  if (!res.ok) return toast('error', res.error);
  const rows =
    'card' in res.value
      ? [
          cardMessage(
            { tenantKey: person.tenantKey, ...where, purpose: `command:${value.c}` },
            res.value.card,
          ),
        ]
      : res.value.messages;
  await queue(deps, await insertOutbox(deps.db, rows));
  return toast('success', '已私信发送给您');
}
