/**
 * Nothing fails silently (issue #12). Where the sender parks a row as failed, this records it on its
 * problem (the office's card counts it), and sends the message on along the route — one transaction,
 * so a crash parks the row with all of it or none.
 */
import type { OutboxRow } from '../../db/database.ts';
import { failOutbox, insertToSend } from '../../db/queries/outbox.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import type { Deps } from '../../deps.ts';
import { explainFailure, problemSubject } from '../../domain/reach/delivery-errors.ts';
import { isRouted } from '../../domain/reach/route.ts';
import type { Send } from '../../jobs/catalog.ts';
import { BASE_MSG_TYPE } from '../base/deliver.ts';
import { queueSends } from '../lifecycle/followup-hooks.ts';
import { planFallback, shortCopy } from './fallback.ts';
import { problemCardRows, recordFailure } from './problems.ts';
import { recipientFacts } from './recipient-facts.ts';
import { isUrgentRow } from './urgent-rows.ts';

/** What went wrong: Feishu's failure (SendFailure fits), or a local reason for a 加急 not made. */
export type Undelivered = { kind?: string; code?: number | string | undefined; message: string };

type ParkDeps = Pick<Deps, 'db' | 'logger' | 'now'>;

/** Parks the row and queues what that sends; the sender's one call where a row is given up on. */
export async function reportUndelivered(
  deps: ParkDeps & Pick<Deps, 'jobs'>,
  row: OutboxRow,
  why: Undelivered,
): Promise<void> {
  await queueSends(deps, await parkUndelivered(deps, row, why));
}

/**
 * Parks the row as failed with what went wrong; returns the rows to queue (copies along the
 * route, the office's card). Card updates are not messages: their failure is the card's own story.
 */
export async function parkUndelivered(deps: ParkDeps, row: OutboxRow, why: Undelivered): Promise<Send[]> {
  const now = deps.now();
  const ctx = await loadTenantContext(deps.db, row.tenant_key, deps.logger);
  return deps.db.transaction().execute(async (trx) => {
    const parked = await failOutbox(trx, row.id, row.attempts, why.message);
    // Without an app nothing can be sent, the office's card included: the logs say so.
    if (!parked || why.kind === 'not_configured') return [];
    if (row.patch_of !== null || row.msg_type === BASE_MSG_TYPE) return [];
    const channel = isUrgentRow(row) ? 'urgent' : 'message';
    const code = why.code === undefined ? 'unknown' : String(why.code);
    const explained = explainFailure(channel, code, why.message);
    const to = { type: row.receive_id_type, id: row.receive_id };
    let route: string | null = null;
    const copies = [];
    if (channel === 'message' && explained.scope === 'content') {
      // Feishu refused what was sent, not whom to: the same person gets a short card instead.
      const short = shortCopy(row);
      if (short) copies.push(short);
      route = short ? '已改发简要提醒（原卡片未能显示）' : null;
    } else if (channel === 'message' && explained.scope === 'recipient' && isRouted(row)) {
      const { name } = await recipientFacts(trx, ctx, to);
      const note = `本消息原发往${name}，因${explained.reason}未能送达，现改发给您。`;
      const fallback = await planFallback(trx, ctx, row, note);
      copies.push(...fallback.rows);
      route = fallback.route;
    }
    const problem = await recordFailure(
      trx,
      row.tenant_key,
      {
        outboxId: row.id,
        subject: problemSubject(channel, explained.scope, to, row.purpose),
        to,
        code,
        error: why.message,
        route,
        itemId: row.item_id,
      },
      now,
    );
    const cards = await problemCardRows(trx, ctx, problem, now);
    deps.logger.warn(
      { outboxId: row.id, code, problemId: problem.id, failures: problem.failures, copies: copies.length },
      'undeliverable message reported to the office',
    );
    return insertToSend(trx, [...copies, ...cards]);
  });
}
