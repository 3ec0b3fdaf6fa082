import type { ItemView, TimelineEntry } from '../../cards/types.ts';
import type { Db } from '../db/client.ts';
import { itemFiles } from '../db/queries/files.ts';
import type { ItemRecord } from '../db/queries/items.ts';
import { itemTimeline } from '../db/queries/items.ts';
import type { TenantContext } from '../db/queries/tenants.ts';
import { personNames } from '../db/queries/units.ts';
import { beijingDate, beijingTime } from '../domain/calendar/index.ts';
import type { ItemKind, ItemState, Priority, Source } from '../domain/item.ts';
import type { ItemFacts } from '../domain/lifecycle/index.ts';
import { EVENT_LABELS } from '../domain/lifecycle/index.ts';
import { warningColour } from '../domain/warning.ts';
import { proposalView } from './proposals/view.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM-DD HH:mm' in Beijing time, as cards show it. */
export function beijingStamp(instant: Date): string {
  const t = beijingTime(instant);
  return `${t.date} ${pad(t.hour)}:${pad(t.minute)}`;
}

export function itemFacts(rec: ItemRecord): ItemFacts {
  return {
    state: rec.state as ItemState,
    leadUnitId: rec.lead_unit_id,
    coUnitIds: rec.coUnitIds,
    assigningLeader: rec.assigning_leader,
    createdBy: rec.created_by,
    version: rec.version,
    deadline: rec.deadline,
    pendingExtension: rec.pending_extension !== null,
    pendingCoordination: rec.pending_coordination !== null,
    coordinationUnitId: rec.pending_coordination?.unitId ?? null,
  };
}

/** Everything a card shows about an item, read from the database (names resolved). */
export async function buildItemView(
  db: Db,
  rec: ItemRecord,
  ctx: TenantContext,
  now: Date,
): Promise<ItemView> {
  const unitIds = [rec.lead_unit_id, ...rec.coUnitIds].filter((id): id is number => id !== null);
  const [units, leader, requesters, attachments, coReports] = await Promise.all([
    unitIds.length
      ? db
          .selectFrom('units')
          .select(['id', 'name'])
          .where('tenant_key', '=', rec.tenant_key)
          .where('id', 'in', unitIds)
          .execute()
      : Promise.resolve([]),
    rec.assigning_leader
      ? db
          .selectFrom('people')
          .select(['open_id', 'name'])
          .where('tenant_key', '=', rec.tenant_key)
          .where('open_id', '=', rec.assigning_leader)
          .executeTakeFirst()
      : Promise.resolve(undefined),
    namesOf(db, rec.tenant_key, [rec.pending_extension?.by, rec.pending_coordination?.by]),
    itemFiles(db, rec.tenant_key, rec.id),
    latestReportsOf(db, rec.tenant_key, rec.id, rec.coUnitIds),
  ]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const ref = (id: number) => ({ id, name: unitName.get(id) ?? `单位${id}` });
  const lastActivity = rec.last_report_at ?? rec.accepted_at ?? rec.issued_at;
  const proposal = rec.kind === 'npc_cppcc' ? await proposalView(db, ctx, rec, now, ref) : undefined;
  return {
    ...(proposal ? { proposal } : {}),
    id: rec.id,
    number: rec.number,
    title: rec.title,
    text: rec.text,
    source: (rec.source ?? 'other') as Source,
    kind: (rec.kind ?? 'forwarded') as ItemKind,
    priority: rec.priority as Priority,
    state: rec.state as ItemState,
    version: rec.version,
    assigningLeader: leader ? { openId: leader.open_id, name: leader.name } : null,
    leadUnit: rec.lead_unit_id === null ? null : ref(rec.lead_unit_id),
    coUnits: rec.coUnitIds.map(ref),
    deadline: rec.deadline,
    deadlineProvisional: rec.deadline_provisional,
    deadlineBasis: rec.deadline_basis,
    issuedAt: rec.issued_at ? beijingStamp(rec.issued_at) : null,
    colour: warningColour(
      {
        state: rec.state as ItemState,
        deadline: rec.deadline,
        lastActivityOn: lastActivity ? beijingDate(lastActivity) : null,
        submittedOn: rec.submitted_at ? beijingDate(rec.submitted_at) : null,
      },
      beijingDate(now),
      ctx.calendar,
      ctx.settings.warning,
    ),
    latestProgress: rec.latest_progress,
    pendingExtension: rec.pending_extension
      ? { ...rec.pending_extension, by: requesters.get(rec.pending_extension.by) ?? rec.pending_extension.by }
      : null,
    pendingCoordination: rec.pending_coordination
      ? {
          text: rec.pending_coordination.text,
          by: requesters.get(rec.pending_coordination.by) ?? rec.pending_coordination.by,
          unitName: ref(rec.pending_coordination.unitId).name,
          at: rec.pending_coordination.at,
        }
      : null,
    attachments,
    coUnitReports: rec.coUnitIds.map((id) => {
      const r = coReports.get(id);
      return { unit: ref(id), at: r ? beijingStamp(r.created_at) : null, text: r?.text ?? null };
    }),
  };
}

/** Each unit's latest report on the item (progress or result). */
async function latestReportsOf(
  db: Db,
  tenantKey: string,
  itemId: number,
  unitIds: readonly number[],
): Promise<Map<number, { text: string; created_at: Date }>> {
  if (unitIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('item_reports')
    .select(['unit_id', 'text', 'created_at'])
    .distinctOn('unit_id')
    .where('tenant_key', '=', tenantKey)
    .where('item_id', '=', itemId)
    .where('unit_id', 'in', [...unitIds])
    .orderBy('unit_id')
    .orderBy('id', 'desc')
    .execute();
  return new Map(rows.flatMap((r) => (r.unit_id === null ? [] : [[r.unit_id, r] as const])));
}

async function namesOf(
  db: Db,
  tenantKey: string,
  ids: Array<string | undefined>,
): Promise<Map<string, string>> {
  const wanted = ids.filter((x): x is string => Boolean(x));
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('people')
    .select(['open_id', 'name'])
    .where('tenant_key', '=', tenantKey)
    .where('open_id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.open_id, r.name]));
}

/**
 * An item's view and timeline read once and shared by every card drawn from the same record (a
 * refresh draws up to one card per unit, and each read is several queries).
 */
export type ItemReads = { view(): Promise<ItemView>; timeline(): Promise<TimelineEntry[]> };

export function itemReads(db: Db, rec: ItemRecord, ctx: TenantContext, now: Date): ItemReads {
  let view: Promise<ItemView> | undefined;
  let timeline: Promise<TimelineEntry[]> | undefined;
  return {
    view: () => {
      view ??= buildItemView(db, rec, ctx, now);
      return view;
    },
    timeline: () => {
      timeline ??= timelineEntries(db, rec.tenant_key, rec.id);
      return timeline;
    },
  };
}

/** The audit trail in words, for the detail card. */
export async function timelineEntries(db: Db, tenantKey: string, itemId: number): Promise<TimelineEntry[]> {
  const labels: Record<string, string> = {
    ...EVENT_LABELS,
    create: '创建拟办',
    auto_remind: '到期提醒',
    auto_urge: '自动催办',
    escalate: '报分管领导',
    overdue_notice: '逾期通报',
    flag_criticism: '列入通报批评',
    deadline_recomputed: '时限重算',
    merge: '合并拟办事项',
    urgent: '加急',
    opinion_remind: '会办提醒',
    proposal_followup: 'B类答复跟踪提醒',
  };
  const events = await itemTimeline(db, tenantKey, itemId);
  // Reports say which unit made them, so the office reads co-units' reports here too.
  const unitOf = (e: { data: Record<string, unknown> }) =>
    typeof e.data.unitId === 'number' ? e.data.unitId : null;
  const unitIds = [...new Set(events.flatMap((e) => unitOf(e) ?? []))];
  const units = unitIds.length
    ? await db
        .selectFrom('units')
        .select(['id', 'name'])
        .where('tenant_key', '=', tenantKey)
        .where('id', 'in', unitIds)
        .execute()
    : [];
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const label = (e: (typeof events)[number]) => {
    const base = labels[e.action] ?? e.action;
    const unit = e.action === 'report' ? unitName.get(unitOf(e) ?? 0) : undefined;
    return unit ? `${base}（${unit}）` : base;
  };
  // Acting for someone (委托) reads as 钱文（代赵立新）.
  const forWhom = (e: { data: Record<string, unknown> }) =>
    typeof e.data.on_behalf_of === 'string' ? e.data.on_behalf_of : null;
  const delegators = await personNames(
    db,
    tenantKey,
    events.flatMap((e) => forWhom(e) ?? []),
  );
  const actorName = (e: (typeof events)[number]) => {
    const name = e.actorName ?? (e.actor === 'system' ? '督查督办助手' : e.actor);
    const by = forWhom(e);
    return by ? `${name}（代${delegators.get(by) ?? by}）` : name;
  };
  return events.map((e) => ({
    at: beijingStamp(e.at),
    actorName: actorName(e),
    action: label(e),
    text:
      typeof e.data.text === 'string'
        ? e.data.text
        : typeof e.data.reason === 'string'
          ? e.data.reason
          : null,
  }));
}
