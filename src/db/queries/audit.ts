import type { IsoDate } from '../../domain/calendar/index.ts';
import { beijingInstant } from '../../domain/calendar/index.ts';
import type { Db } from '../client.ts';
import { nextDayStart } from './period-items.ts';

export type AuditRecord = {
  id: number;
  tenantKey: string;
  itemId: number;
  itemNumber: string | null;
  actor: string;
  actorName: string | null;
  action: string;
  data: Record<string, unknown>;
  createdAt: Date;
};

/**
 * One page of item events created in the Beijing dates [from, to], with id above `afterId`, oldest
 * first. Keyset paging on the primary key keeps every page one index range scan however long the log.
 */
export async function auditPage(
  db: Db,
  tenantKey: string,
  range: { from?: IsoDate | null; to?: IsoDate | null },
  afterId: number,
  limit: number,
): Promise<AuditRecord[]> {
  let query = db
    .selectFrom('item_events as e')
    .leftJoin('items as i', (j) =>
      j.onRef('i.tenant_key', '=', 'e.tenant_key').onRef('i.id', '=', 'e.item_id'),
    )
    .leftJoin('people as p', (j) =>
      j.onRef('p.tenant_key', '=', 'e.tenant_key').onRef('p.open_id', '=', 'e.actor'),
    )
    .select([
      'e.id',
      'e.tenant_key',
      'e.item_id',
      'i.number',
      'e.actor',
      'p.name',
      'e.action',
      'e.data',
      'e.created_at',
    ])
    .where('e.tenant_key', '=', tenantKey)
    .where('e.id', '>', afterId);
  if (range.from) query = query.where('e.created_at', '>=', beijingInstant(range.from, '00:00'));
  if (range.to) query = query.where('e.created_at', '<', nextDayStart(range.to));
  const rows = await query.orderBy('e.id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    tenantKey: r.tenant_key,
    itemId: r.item_id,
    itemNumber: r.number,
    actor: r.actor,
    actorName: r.name,
    action: r.action,
    data: r.data,
    createdAt: r.created_at,
  }));
}
