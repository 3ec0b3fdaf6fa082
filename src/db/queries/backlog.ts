import { sql } from 'kysely';
import type { Db } from '../client.ts';

export type Backlog = {
  /** Outbox rows not yet delivered, by status ('pending', 'sending'). */
  outbox: Record<'pending' | 'sending', number>;
  /** Age of the oldest pending message that is due, in seconds (0 when none). */
  oldestDueSeconds: number;
  pendingEvents: number;
};

/** What still has to go out or be processed, across tenants (partial indexes keep these cheap). */
export async function readBacklog(db: Db): Promise<Backlog> {
  const [outbox, events] = await Promise.all([
    db
      .selectFrom('outbox')
      .select([
        'status',
        sql<number>`count(*)::int`.as('n'),
        sql<number>`coalesce(extract(epoch from now() - min(not_before) filter (where not_before <= now())), 0)::float8`.as(
          'oldest',
        ),
      ])
      .where('status', 'in', ['pending', 'sending'])
      .groupBy('status')
      .execute(),
    db
      .selectFrom('lark_events')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirst(),
  ]);
  const backlog: Backlog = {
    outbox: { pending: 0, sending: 0 },
    oldestDueSeconds: 0,
    pendingEvents: events?.n ?? 0,
  };
  for (const row of outbox) {
    if (row.status === 'pending' || row.status === 'sending') backlog.outbox[row.status] = row.n;
    if (row.status === 'pending') backlog.oldestDueSeconds = Math.max(0, row.oldest);
  }
  return backlog;
}
