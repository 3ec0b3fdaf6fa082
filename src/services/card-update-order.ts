import type { Db } from '../db/client.ts';
import type { OutboxRow } from '../db/database.ts';
import { patchTurn, releaseOutbox, supersedeOutbox } from '../db/queries/outbox.ts';
import type { SendFailure } from '../lark/errors.ts';

/** How soon a card update held back behind an older one in flight is tried again. */
const BEHIND_RETRY_MS = 1_000;

/**
 * Card updates land in order (see patchTurn): a claimed update that a newer one replaces is
 * superseded, and one with an older update of the same card still in flight goes back to wait.
 * Null when the row may be sent now.
 */
export async function outOfTurn(
  db: Db,
  row: OutboxRow,
): Promise<{ kind: 'skipped' } | { kind: 'retry'; failure: SendFailure } | null> {
  const turn = await patchTurn(db, row);
  if (turn === 'go') return null;
  if (turn === 'superseded') {
    await supersedeOutbox(db, row.id);
    return { kind: 'skipped' };
  }
  const failure: SendFailure = {
    kind: 'rate_limited',
    scope: 'receiver',
    retryAfterMs: BEHIND_RETRY_MS,
    message: 'an older update of this card is being sent',
  };
  await releaseOutbox(db, row.id, row.attempts, failure.message, new Date(Date.now() + BEHIND_RETRY_MS));
  return { kind: 'retry', failure };
}
