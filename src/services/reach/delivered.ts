/**
 * After a delivery (issue #12): a message that reached a chat or person closes their open problems
 * (and the app-wide ones), and the office's cards say so; a 加急 is counted for its person.
 */
import type { OutboxRow } from '../../db/database.ts';
import { insertToSend } from '../../db/queries/outbox.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import type { Deps } from '../../deps.ts';
import { subjectsEndedBy } from '../../domain/reach/delivery-errors.ts';
import { BASE_MSG_TYPE } from '../base/deliver.ts';
import { queueSends } from '../lifecycle/followup-hooks.ts';
import { problemCardRows } from './problems.ts';
import { reachDb } from './store.ts';
import { recordUrgent } from './urgent.ts';
import { isUrgentRow } from './urgent-rows.ts';

type DeliveredDeps = Pick<Deps, 'db' | 'logger' | 'now' | 'jobs'>;

export async function noteDelivered(deps: DeliveredDeps, row: OutboxRow, messageId: string): Promise<void> {
  // A card update proves little about the chat (and is not a message); a Base sync has no recipient.
  if (row.patch_of !== null || row.msg_type === BASE_MSG_TYPE) return;
  const now = deps.now();
  const urgent = isUrgentRow(row);
  if (urgent) await recordUrgent(deps.db, row, messageId, now);
  const subjects = subjectsEndedBy(urgent ? 'urgent' : 'message', {
    type: row.receive_id_type,
    id: row.receive_id,
  });
  // One statement on the common path (nothing open): most deliveries close nothing.
  const closed = await reachDb(deps.db)
    .updateTable('delivery_problems')
    .set({ status: 'resolved', closed_at: now })
    .where('tenant_key', '=', row.tenant_key)
    .where('subject', 'in', subjects)
    .where('status', '=', 'open')
    .returningAll()
    .execute();
  if (closed.length === 0) return;
  deps.logger.info({ problems: closed.map((p) => p.id) }, 'delivery problems closed by a delivery');
  const ctx = await loadTenantContext(deps.db, row.tenant_key, deps.logger);
  const cards = [];
  for (const problem of closed) cards.push(...(await problemCardRows(deps.db, ctx, problem, now)));
  // Mostly updates of the problems' cards: queued behind new messages (sendJob).
  await queueSends(deps, await insertToSend(deps.db, cards));
}
