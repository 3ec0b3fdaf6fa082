/**
 * A county's items with known figures for the ledger, statistics, bulletin and audit tests,
 * inserted directly. "Now" is Friday 2026-10-23 16:00 Beijing; the bulletin week is 10-19..10-23.
 * Deadlines crossing 中秋/国庆 2026 come from the calendar, not from hand counting.
 */
import type { Db } from '../../src/db/client.ts';
import { beijingInstant, createCalendar } from '../../src/domain/calendar/index.ts';
import { importSample, SAMPLE } from './directory.ts';

export const NOW = beijingInstant('2026-10-23', '16:00');
export const WEEK = { from: '2026-10-19', to: '2026-10-23' };
export const OTHER_TENANT = 'tenant_other_county';

const calendar = createCalendar();
/** 交办 on the first day of 中秋 (2026-09-25) + 10 working days: 2026-10-15 by the published calendar. */
export const HOLIDAY_DEADLINE = calendar.addWorkdays('2026-09-25', 10).date;

type Spec = {
  key: string;
  title: string;
  unit: string | null;
  state: string;
  issuedOn?: string | null;
  /** Beijing 'YYYY-MM-DD HH:mm' of 交办 when issued_on is not recorded. */
  issuedAt?: string;
  deadline?: string | null;
  completedAt?: string;
  cancelledAt?: string;
  coUnits?: string[];
  latestProgress?: string;
  source?: string;
};

/** In number order; drafts (no number) last. */
// biome-ignore format: one item per line reads as a table
export const SPECS: readonly Spec[] = [
  { key: 'A', title: '老旧小区改造方案', unit: '县住房和城乡建设局', state: 'completed', issuedOn: '2026-09-25', deadline: HOLIDAY_DEADLINE, completedAt: '2026-10-15 23:30', source: 'county_meeting' },
  { key: 'B', title: '城区停车位规划', unit: '县住房和城乡建设局', state: 'completed', issuedOn: '2026-10-09', deadline: '2026-10-16', completedAt: '2026-10-20 10:00' },
  { key: 'C', title: '背街小巷"微改造", 第二批', unit: '县住房和城乡建设局', state: 'in_progress', issuedOn: '2026-10-12', deadline: '2026-10-30', coUnits: ['县自然资源局', '城关镇人民政府'], latestProgress: '已完成方案初稿，\n正在征求意见' },
  { key: 'D', title: '财政资金直达', unit: '县财政局', state: 'in_progress', issuedOn: '2026-09-25', deadline: HOLIDAY_DEADLINE },
  { key: 'E', title: '政府债务风险排查', unit: '县财政局', state: 'issued', issuedOn: '2026-10-13', deadline: '2026-10-21' },
  // Completed at 07:30 Beijing on 10-23, still 10-22 in UTC: late by the Beijing date.
  { key: 'F', title: '地质灾害隐患点巡查', unit: '县自然资源局', state: 'completed', issuedOn: '2026-10-14', deadline: '2026-10-22', completedAt: '2026-10-23 07:30' },
  { key: 'G', title: '耕地保护督查整改', unit: '县自然资源局', state: 'submitted', issuedOn: '2026-10-14', deadline: '2026-10-16' },
  { key: 'H', title: '重点项目前期工作', unit: '县发展和改革局', state: 'in_progress', issuedOn: '2026-10-15', deadline: '2026-10-29', latestProgress: '=HYPERLINK("http://x","点此")' },
  { key: 'I', title: '校园周边交通整治', unit: '县教育局', state: 'cancelled', issuedOn: '2026-10-10', deadline: '2026-10-30', cancelledAt: '2026-10-12 09:00' },
  { key: 'M', title: '城区环境卫生整治', unit: '城关镇人民政府', state: 'issued', issuedOn: '2026-10-21', deadline: calendar.addWorkdays('2026-10-21', 15).date },
  { key: 'N', title: '农村公路养护', unit: '县交通运输局', state: 'completed', issuedOn: '2026-10-15', deadline: '2026-10-22', completedAt: '2026-10-21 11:00' },
  // No issued_on: 07:00 Beijing on 09-01 is still 08-31 in UTC.
  { key: 'P', title: '学校食堂检查', unit: '县教育局', state: 'in_progress', issuedOn: null, issuedAt: '2026-09-01 07:00', deadline: '2026-09-22' },
  { key: 'L', title: '防汛物资储备', unit: '县住房和城乡建设局', state: 'completed', issuedOn: '2026-08-20', deadline: '2026-09-03', completedAt: '2026-09-10 10:00' },
  { key: 'Q', title: '拟办中的事项', unit: '县住房和城乡建设局', state: 'draft' },
  { key: 'R', title: '作废的拟办', unit: '县财政局', state: 'discarded' },
];

const at = (stamp: string): Date => {
  const [date = '', clock = '00:00'] = stamp.split(' ');
  return beijingInstant(date, clock);
};

export type Scenario = {
  ids: Record<string, number>;
  units: Record<string, number>;
  /** Every item_events row inserted, with whether it falls in WEEK for this tenant. */
  events: { id: number; inWeek: boolean }[];
};

export async function seedScenario(db: Db): Promise<Scenario> {
  await importSample(db);
  const T = SAMPLE.tenantKey;
  const unitRows = await db.selectFrom('units').select(['id', 'name']).where('tenant_key', '=', T).execute();
  const units = Object.fromEntries(unitRows.map((u) => [u.name, u.id]));
  const unitId = (name: string): number => {
    const id = units[name];
    if (id === undefined) throw new Error(`no unit ${name}`);
    return id;
  };
  const ids: Record<string, number> = {};
  let seq = 0;
  for (const s of SPECS) {
    const numbered = s.state !== 'draft' && s.state !== 'discarded';
    if (numbered) seq += 1;
    const issuedAt = s.issuedAt ? at(s.issuedAt) : s.issuedOn ? at(`${s.issuedOn} 10:00`) : null;
    const row = await db
      .insertInto('items')
      .values({
        tenant_key: T,
        number: numbered ? `督〔2026〕${seq}号` : null,
        number_year: numbered ? 2026 : null,
        number_seq: numbered ? seq : null,
        title: s.title,
        source: s.source ?? 'leader_instruction',
        kind: 'forwarded',
        assigning_leader: SAMPLE.leaders.li,
        created_by: SAMPLE.office.zhou,
        lead_unit_id: s.unit ? unitId(s.unit) : null,
        deadline: s.deadline ?? null,
        state: s.state,
        issued_on: s.issuedOn ?? null,
        issued_at: numbered ? issuedAt : null,
        completed_at: s.completedAt ? at(s.completedAt) : null,
        cancelled_at: s.cancelledAt ? at(s.cancelledAt) : null,
        latest_progress: s.latestProgress ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[s.key] = row.id;
    for (const co of s.coUnits ?? []) {
      await db
        .insertInto('item_co_units')
        .values({ tenant_key: T, item_id: row.id, unit_id: unitId(co) })
        .execute();
    }
  }
  const id = (key: string): number => ids[key] ?? 0;
  for (const [text, stamp] of [
    ['资金已拨付30%', '2026-10-16 10:00'],
    ['资金已拨付60%', '2026-10-21 10:00'],
  ] as const) {
    await db
      .insertInto('item_reports')
      .values({
        tenant_key: T,
        item_id: id('D'),
        author: SAMPLE.housing.head,
        kind: 'progress',
        text,
        attachments: '[]',
        created_at: at(stamp),
      })
      .execute();
  }
  const events: Scenario['events'] = [];
  const event = async (
    key: string,
    actor: string,
    action: string,
    data: object,
    stamp: Date,
    inWeek: boolean,
  ) => {
    const r = await db
      .insertInto('item_events')
      .values({
        tenant_key: T,
        item_id: id(key),
        actor,
        action,
        data: JSON.stringify(data),
        created_at: stamp,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    events.push({ id: r.id, inWeek });
  };
  const zhou = SAMPLE.office.zhou;
  await event('B', zhou, 'issue', {}, at('2026-10-09 10:00'), false);
  await event(
    'B',
    SAMPLE.housing.head,
    'report',
    { text: '已开工' },
    new Date(at('2026-10-19 00:00').getTime() - 1000),
    false,
  );
  await event('B', zhou, 'approve', {}, at('2026-10-19 00:00'), true);
  await event('E', zhou, 'flag_criticism', { reason: '上周列入' }, at('2026-10-16 10:00'), false);
  await event('H', zhou, 'flag_criticism', { reason: '推进不力，敷衍应付' }, at('2026-10-20 10:00'), true);
  await event(
    'A',
    zhou,
    'flag_criticism',
    { reason: '办理质量不高，群众反映强烈' },
    at('2026-10-20 11:00'),
    true,
  );
  await event(
    'D',
    'system',
    'flag_criticism',
    { text: '逾期5个工作日未办结，列入通报批评' },
    at('2026-10-22 09:00'),
    true,
  );
  await event('F', zhou, 'approve', {}, at('2026-10-23 07:30'), true);
  await event(
    'C',
    SAMPLE.housing.liaison,
    'report',
    { text: 'a,"b"\nc' },
    new Date(at('2026-10-24 00:00').getTime() - 1),
    true,
  );
  await event('C', SAMPLE.housing.liaison, 'report', { text: '次日' }, at('2026-10-24 00:00'), false);

  // Another county in the same database: none of it may show up in this tenant's figures.
  await db.insertInto('tenants').values({ tenant_key: OTHER_TENANT, name: '邻县' }).execute();
  const other = await db
    .insertInto('items')
    .values({
      tenant_key: OTHER_TENANT,
      number: '督〔2026〕1号',
      number_year: 2026,
      number_seq: 1,
      title: '邻县事项',
      created_by: 'ou_other',
      state: 'in_progress',
      deadline: '2026-10-16',
      issued_on: '2026-10-15',
      issued_at: at('2026-10-15 10:00'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('item_events')
    .values({
      tenant_key: OTHER_TENANT,
      item_id: other.id,
      actor: 'ou_other',
      action: 'flag_criticism',
      data: '{}',
      created_at: at('2026-10-20 10:00'),
    })
    .execute();
  return { ids, units, events };
}
