/** Items and units written straight into a test database, for the follow-up tests and the bench. */
import type { Db } from '../../src/db/client.ts';
import { loadTenantContext } from '../../src/db/queries/tenants.ts';
import type { ItemState } from '../../src/domain/item.ts';
import type { EngineOptions } from '../../src/entry/engine.ts';
import { startEngine } from '../../src/entry/engine.ts';
import type { Runtime } from '../../src/entry/runtime.ts';
import type { SentMessage } from '../../src/lark/emulator/server.ts';
import type { ScheduledFollowup } from '../../src/services/followup/index.ts';
import { followupDb, queueFollowup, rescheduleItem } from '../../src/services/followup/index.ts';
import { SAMPLE } from './directory.ts';
import type { Harness } from './harness.ts';

export type SeedUnit = { id: number; head: string; chatId: string | null };

/**
 * `count` units with one head each (and a group when `chats`), so every unit is its own receiver
 * for Feishu's per-chat/per-user limit. Ids are stable per `tag`.
 */
export async function seedUnits(
  db: Db,
  count: number,
  opts: { tag: string; chats: boolean; leaderInCharge?: string },
): Promise<SeedUnit[]> {
  const tenantKey = SAMPLE.tenantKey;
  const n = Array.from({ length: count }, (_, i) => i);
  const hex = (i: number) => `${opts.tag}${String(i).padStart(8, '0')}`;
  const people = n.map((i) => ({
    tenant_key: tenantKey,
    open_id: `ou_${hex(i)}`,
    name: `负责人${i}`,
    roles: ['unit_head'],
  }));
  for (let i = 0; i < people.length; i += 1000)
    await db
      .insertInto('people')
      .values(people.slice(i, i + 1000))
      .execute();
  const units: SeedUnit[] = [];
  for (let i = 0; i < count; i += 1000) {
    const rows = await db
      .insertInto('units')
      .values(
        n.slice(i, i + 1000).map((k) => ({
          tenant_key: tenantKey,
          name: `测试单位${opts.tag}${k}`,
          aliases: [],
          chat_id: opts.chats ? `oc_${hex(k)}` : null,
          leader_in_charge: opts.leaderInCharge ?? SAMPLE.leaders.zhang,
        })),
      )
      .returning(['id', 'chat_id'])
      .execute();
    rows.forEach((r, j) => {
      units.push({ id: r.id, head: `ou_${hex(i + j)}`, chatId: r.chat_id });
    });
  }
  for (let i = 0; i < units.length; i += 1000) {
    await db
      .insertInto('unit_members')
      .values(
        units
          .slice(i, i + 1000)
          .map((u) => ({ tenant_key: tenantKey, unit_id: u.id, open_id: u.head, role: 'head' as const })),
      )
      .execute();
  }
  return units;
}

export type SeedItem = {
  leadUnitId: number;
  deadline: string;
  issuedAt: Date;
  state?: ItemState;
  title?: string;
};

/** Items as the lifecycle leaves them after 交办 (numbered, with a deadline); returns their ids. */
export async function seedItems(db: Db, items: readonly SeedItem[], firstNumber = 1): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < items.length; i += 1000) {
    const rows = await db
      .insertInto('items')
      .values(
        items.slice(i, i + 1000).map((it, j) => {
          const seq = firstNumber + i + j;
          return {
            tenant_key: SAMPLE.tenantKey,
            number: `督〔2026〕${seq}号`,
            number_year: 2026,
            number_seq: seq,
            title: it.title ?? `测试事项${seq}`,
            text: '请按要求办理并及时反馈。',
            source: 'leader_instruction',
            kind: 'forwarded',
            created_by: SAMPLE.office.zhou,
            assigning_leader: SAMPLE.leaders.li,
            lead_unit_id: it.leadUnitId,
            deadline: it.deadline,
            state: it.state ?? 'in_progress',
            issued_at: it.issuedAt,
            accepted_at: it.state === 'issued' ? null : it.issuedAt,
          };
        }),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/** The sample directory's 县住房和城乡建设局 (head, liaison, group, 分管领导 张志强). */
export async function housingUnitId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('units')
    .select('id')
    .where('tenant_key', '=', SAMPLE.tenantKey)
    .where('name', '=', '县住房和城乡建设局')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Follow-up settings with one step only: the reminder one working day before the deadline. */
export const DAY_BEFORE_REMINDER_ONLY = {
  remindWorkdaysBefore: [1],
  remindOnDueDay: false,
  acceptUrgeAfterWorkdays: 0,
  overdueDailyUrge: false,
  escalateAfterWorkdays: 0,
  overdueNoticeAfterWorkdays: 0,
  criticiseAfterWorkdays: 0,
};

export async function setFollowupSettings(db: Db, followup: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('tenants')
    .set({ settings: JSON.stringify({ followup }) })
    .where('tenant_key', '=', SAMPLE.tenantKey)
    .execute();
}

export type Rig = {
  /** Sets the engine's clock (deps.now) to `instant`; it then runs on in real time. */
  setClock(instant: Date): void;
  reschedule(itemId: number): Promise<ScheduledFollowup | null>;
  /** Steps recorded for the item, `name@date`, in firing order. */
  steps(itemId: number): Promise<string[]>;
  /** Messages the fake delivered for the item's outbox rows (by uuid). */
  delivered(itemId: number): Promise<SentMessage[]>;
  close(): Promise<void>;
};

/** The harness's app with an engine whose clock the test moves, and a few readers. */
export function followupRig(h: Harness, opts: EngineOptions = {}): Rig {
  let offset = 0;
  h.deps.now = () => new Date(Date.now() + offset);
  const rt: Runtime = { deps: h.deps, dbHandle: h.testDb, redis: h.redis, close: async () => {} };
  const engine = startEngine(rt, { sweepIntervalMs: 100, digestGatherMs: 300, ...opts });
  const db = h.deps.db;
  return {
    setClock(instant) {
      offset = instant.getTime() - Date.now();
    },
    async reschedule(itemId) {
      const ctx = await loadTenantContext(db, SAMPLE.tenantKey);
      const next = await db.transaction().execute((trx) => rescheduleItem(trx, ctx, itemId, h.deps.now()));
      await queueFollowup(h.deps, itemId, next?.at, next?.step);
      return next;
    },
    async steps(itemId) {
      const rows = await followupDb(db)
        .selectFrom('followup_steps')
        .select(['step', 'due_on'])
        .where('item_id', '=', itemId)
        .orderBy('id')
        .execute();
      return rows.map((r) => `${r.step}@${r.due_on}`);
    },
    async delivered(itemId) {
      const rows = await db.selectFrom('outbox').select('id').where('item_id', '=', itemId).execute();
      const ids = new Set(rows.map((r) => r.id));
      return h.fake.messages().filter((m) => m.uuid !== undefined && ids.has(m.uuid));
    },
    close: () => engine.close(),
  };
}
