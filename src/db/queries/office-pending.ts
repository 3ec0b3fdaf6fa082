import { sql } from 'kysely';
import { beijingDate } from '../../domain/calendar/index.ts';
import { CLOSED_STATES } from '../../domain/item.ts';
import type { PendingWait } from '../../domain/office-pending.ts';
import type { Db } from '../client.ts';

/** A wait with what the 待办 list shows of its item. */
export type PendingItemWait = PendingWait & {
  version: number;
  number: string | null;
  title: string;
  leadUnitName: string | null;
  deadline: string | null;
};

/** A request's own time ('at', ISO) or, unreadable, the row's last change. */
const dayOf = (at: string | undefined, fallback: Date) => {
  const parsed = at ? new Date(at) : fallback;
  return beijingDate(Number.isNaN(parsed.getTime()) ? fallback : parsed);
};

/**
 * Everything of the tenant waiting on the office or a leader: drafts not yet 交办, 报结 not reviewed,
 * 改派/调整 not decided, extension and coordination requests pending. An item may wait for two things
 * (an extension and a coordination request): each is its own entry.
 */
export async function listPendingWaits(db: Db, tenantKey: string): Promise<PendingItemWait[]> {
  const rows = await db
    .selectFrom('items as i')
    .leftJoin('units as u', (j) =>
      j.onRef('u.tenant_key', '=', 'i.tenant_key').onRef('u.id', '=', 'i.lead_unit_id'),
    )
    .select([
      'i.id',
      'i.version',
      'i.number',
      'i.title',
      'i.state',
      'i.kind',
      'i.deadline',
      'i.created_at',
      'i.updated_at',
      'i.submitted_at',
      'i.pending_extension',
      'i.pending_coordination',
      'u.name as leadUnitName',
    ])
    // 改派/调整 began with the unit's 申请 (the latest, after a refused one).
    .select(
      sql<Date | null>`(SELECT max(e.created_at) FROM item_events e
        WHERE e.tenant_key = i.tenant_key AND e.item_id = i.id AND e.action = 'decline')`.as('declinedAt'),
    )
    .where('i.tenant_key', '=', tenantKey)
    .where('i.state', 'not in', CLOSED_STATES)
    .where((eb) =>
      eb.or([
        eb('i.state', 'in', ['draft', 'submitted', 'reassigning']),
        eb('i.pending_extension', 'is not', null),
        eb('i.pending_coordination', 'is not', null),
      ]),
    )
    .orderBy('i.id')
    .execute();
  return rows.flatMap((r) => {
    const item = {
      itemId: r.id,
      version: r.version,
      number: r.number,
      title: r.title,
      leadUnitName: r.leadUnitName,
      deadline: r.deadline,
    };
    const waits: PendingItemWait[] = [];
    if (r.state === 'draft') waits.push({ ...item, kind: 'draft', since: beijingDate(r.created_at) });
    if (r.state === 'submitted')
      waits.push({ ...item, kind: 'review', since: beijingDate(r.submitted_at ?? r.updated_at) });
    if (r.state === 'reassigning')
      waits.push({
        ...item,
        kind: r.kind === 'npc_cppcc' ? 'adjust' : 'reassign',
        since: beijingDate(r.declinedAt ?? r.updated_at),
      });
    if (r.pending_extension)
      waits.push({ ...item, kind: 'extension', since: dayOf(r.pending_extension.at, r.updated_at) });
    if (r.pending_coordination)
      waits.push({ ...item, kind: 'coordination', since: dayOf(r.pending_coordination.at, r.updated_at) });
    return waits;
  });
}
