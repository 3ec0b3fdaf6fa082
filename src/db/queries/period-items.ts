/** Issued items of a period with the names the ledger, statistics and bulletin show. */
import { sql } from 'kysely';
import { beijingInstant, type IsoDate } from '../../domain/calendar/index.ts';
import type { FigureItem } from '../../domain/figures.ts';
import type { ItemState } from '../../domain/item.ts';
import type { Db } from '../client.ts';

export type PeriodItem = FigureItem & {
  id: number;
  version: number;
  number: string | null;
  title: string;
  source: string | null;
  leadUnitName: string | null;
  /** Co-unit names joined with 、 in directory order, or null. */
  coUnitNames: string | null;
  leaderName: string | null;
  /** Beijing date of 交办. */
  issuedOn: IsoDate | null;
  /** items.latest_progress, else the text of the newest report. */
  latestProgress: string | null;
  /** Beijing date of the last report, else of 签收, else of 交办 (the warning colour's "quiet" clock). */
  lastActivityOn: IsoDate | null;
  /** Beijing date of 办结 or 撤销; null while the item is open. */
  closedOn: IsoDate | null;
};

export type PeriodFilter = {
  /** Inclusive bounds on the issue date (Beijing). */
  issuedFrom?: IsoDate | null;
  issuedTo?: IsoDate | null;
  /** Leaves out items completed or cancelled before this Beijing date (a bulletin's scope). */
  closedNotBefore?: IsoDate | null;
  /** Only these items. */
  ids?: readonly number[];
};

// Beijing is UTC+8 all year; an interval zone needs no tz database (the embedded engine may lack one).
const ISSUED_ON = sql<IsoDate | null>`coalesce(i.issued_on, (i.issued_at at time zone interval '+08:00')::date)`;
const COMPLETED_ON = sql<IsoDate | null>`case when i.state = 'completed'
  then (coalesce(i.completed_at, i.updated_at) at time zone interval '+08:00')::date end`;
// Kept through 办结; cleared by 退回重办, so it is the date of the submission the office approved.
const SUBMITTED_ON = sql<IsoDate | null>`case when i.state in ('submitted', 'completed')
  then (i.submitted_at at time zone interval '+08:00')::date end`;
const LAST_ACTIVITY_ON = sql<IsoDate | null>`(coalesce(i.last_report_at, i.accepted_at, i.issued_at)
  at time zone interval '+08:00')::date`;
const CLOSED_ON = sql<IsoDate | null>`case when i.state in ('completed', 'cancelled')
  then (coalesce(i.completed_at, i.cancelled_at, i.updated_at) at time zone interval '+08:00')::date end`;
const CO_UNIT_NAMES = sql<string | null>`(select string_agg(cu.name, '、' order by cu.id)
  from item_co_units c join units cu on cu.tenant_key = c.tenant_key and cu.id = c.unit_id
  where c.tenant_key = i.tenant_key and c.item_id = i.id)`;

/** Every issued item matching `filter` (drafts and discarded drafts never), in number order. */
export async function listPeriodItems(
  db: Db,
  tenantKey: string,
  filter: PeriodFilter = {},
): Promise<PeriodItem[]> {
  let query = db
    .selectFrom('items as i')
    .leftJoin('units as u', (j) =>
      j.onRef('u.tenant_key', '=', 'i.tenant_key').onRef('u.id', '=', 'i.lead_unit_id'),
    )
    .leftJoin('people as p', (j) =>
      j.onRef('p.tenant_key', '=', 'i.tenant_key').onRef('p.open_id', '=', 'i.assigning_leader'),
    )
    .select((eb) => [
      'i.id',
      'i.version',
      'i.number',
      'i.title',
      'i.source',
      'i.state',
      'i.lead_unit_id',
      'i.deadline',
      'i.latest_progress',
      'u.name as lead_unit_name',
      'p.name as leader_name',
      ISSUED_ON.as('issued_on_date'),
      COMPLETED_ON.as('completed_on'),
      SUBMITTED_ON.as('submitted_on'),
      CO_UNIT_NAMES.as('co_unit_names'),
      LAST_ACTIVITY_ON.as('last_activity_on'),
      CLOSED_ON.as('closed_on'),
      eb
        .selectFrom('item_reports as r')
        .select('r.text')
        .whereRef('r.tenant_key', '=', 'i.tenant_key')
        .whereRef('r.item_id', '=', 'i.id')
        .orderBy('r.id', 'desc')
        .limit(1)
        .as('latest_report'),
    ])
    .where('i.tenant_key', '=', tenantKey)
    .where('i.state', 'not in', ['draft', 'discarded']);
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    query = query.where('i.id', 'in', [...filter.ids]);
  }
  if (filter.issuedFrom) query = query.where(ISSUED_ON, '>=', filter.issuedFrom);
  if (filter.issuedTo) query = query.where(ISSUED_ON, '<=', filter.issuedTo);
  const closedBefore = filter.closedNotBefore ? beijingInstant(filter.closedNotBefore, '00:00') : null;
  if (closedBefore) {
    query = query.where((eb) =>
      eb.or([
        eb('i.state', 'not in', ['completed', 'cancelled']),
        eb(sql`coalesce(i.completed_at, i.cancelled_at, i.updated_at)`, '>=', closedBefore),
      ]),
    );
  }
  const rows = await query
    .orderBy(sql`i.number_year nulls last`)
    .orderBy(sql`i.number_seq nulls last`)
    .orderBy('i.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    number: r.number,
    title: r.title,
    source: r.source,
    state: r.state as ItemState,
    leadUnitId: r.lead_unit_id,
    leadUnitName: r.lead_unit_name,
    coUnitNames: r.co_unit_names,
    leaderName: r.leader_name,
    deadline: r.deadline,
    issuedOn: r.issued_on_date,
    completedOn: r.completed_on,
    submittedOn: r.submitted_on,
    latestProgress: r.latest_progress ?? r.latest_report,
    lastActivityOn: r.last_activity_on,
    closedOn: r.closed_on,
  }));
}

/** The office's explicit 列入通报 marks: the action recorded in item_events when it flags an item. */
export const CRITICISM_FLAG_ACTION = 'flag_criticism';

/**
 * Items flagged for 通报批评 within the period, with the office's reason (the latest flag wins).
 * The follow-up ladder flags as 'system' when an item reaches the overdue threshold; its text only
 * repeats the overdue days, so such a flag carries no reason.
 */
export async function criticismFlags(
  db: Db,
  tenantKey: string,
  from: IsoDate,
  to: IsoDate,
): Promise<Map<number, string | null>> {
  const rows = await db
    .selectFrom('item_events')
    .select(['item_id', 'actor', 'data'])
    .where('tenant_key', '=', tenantKey)
    .where('action', '=', CRITICISM_FLAG_ACTION)
    .where('created_at', '>=', beijingInstant(from, '00:00'))
    .where('created_at', '<', nextDayStart(to))
    .orderBy('id')
    .execute();
  const out = new Map<number, string | null>();
  for (const r of rows) {
    const reason = r.data.reason ?? r.data.text;
    out.set(
      r.item_id,
      r.actor !== 'system' && typeof reason === 'string' && reason.trim() ? reason.trim() : null,
    );
  }
  return out;
}

/** The instant a Beijing day ends (the next day's 00:00), for half-open ranges on timestamps. */
export function nextDayStart(date: IsoDate): Date {
  return new Date(beijingInstant(date, '00:00').getTime() + 86_400_000);
}
