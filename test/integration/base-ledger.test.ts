import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingInstant } from '../../src/domain/calendar/index.ts';
import { runBaseSync } from '../../src/entry/cli-base.ts';
import { rateLimited } from '../../src/lark/emulator/http.ts';
import type { RecordedRequest } from '../../src/lark/emulator/server.ts';
import { BASE_FIELD_NAMES } from '../../src/services/base/fields.ts';
import { NO_RETRY } from '../../src/services/base/write-records.ts';
import { SAMPLE } from '../support/directory.ts';
import { createHarness, type Harness } from '../support/harness.ts';
import { click, unitId } from '../support/lifecycle.ts';

const APP = 'bascnLedger0000000001';
const TABLE = 'tblLedger0001';
const T = SAMPLE.tenantKey;
const ITEMS = 200;

let h: Harness;
let housing: number;

const isWrite = (r: RecordedRequest) =>
  r.method === 'POST' &&
  /\/bitable\/v1\/.*\/(fields|records\/batch_create|records\/batch_update)$/.test(r.path);
const records = () => h.fake.base.records(APP, TABLE);
const recordOf = (number: string) => records().find((r) => r.fields.编号 === number);

async function setBase(tenantKey: string, base: object): Promise<void> {
  await sql`update tenants set settings = settings || ${JSON.stringify({ base })}::jsonb
            where tenant_key = ${tenantKey}`.execute(h.deps.db);
}

function capture() {
  const out: string[] = [];
  const errs: string[] = [];
  return { io: { out: (l: string) => void out.push(l), err: (l: string) => void errs.push(l) }, out, errs };
}

const resync = (tenant: string = T) => {
  const c = capture();
  return runBaseSync({ tenant }, h.deps, c.io, new Date(), NO_RETRY).then((code) => ({ code, ...c }));
};

/** 200 items issued in one burst, as recorded changes (item_events) of issued items. */
async function seedItems(): Promise<void> {
  const units = await h.deps.db.selectFrom('units').select(['id']).where('tenant_key', '=', T).execute();
  await h.deps.db.transaction().execute(async (trx) => {
    for (let i = 1; i <= ITEMS; i++) {
      const item = await trx
        .insertInto('items')
        .values({
          tenant_key: T,
          number: `督〔2026〕${i}号`,
          number_year: 2026,
          number_seq: i,
          title: `事项${i}`,
          source: i % 3 === 0 ? 'county_meeting' : 'leader_instruction',
          created_by: SAMPLE.office.zhou,
          assigning_leader: SAMPLE.leaders.li,
          lead_unit_id: i === 1 ? housing : (units[i % units.length]?.id ?? housing),
          state: 'issued',
          deadline: i % 2 === 0 ? '2020-01-10' : '2030-12-31',
          issued_on: '2026-11-02',
          issued_at: beijingInstant('2026-11-02', '10:00'),
        })
        .returning(['id', 'version'])
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('item_events')
        .values({ tenant_key: T, item_id: item.id, actor: SAMPLE.office.zhou, action: 'issue', data: '{}' })
        .execute();
    }
  });
}

const pendingBaseRows = () =>
  h.deps.db
    .selectFrom('outbox')
    .select(['id', 'status'])
    .where('msg_type', '=', 'base_records')
    .where('status', 'in', ['pending', 'sending'])
    .where('not_before', '<=', new Date())
    .execute();

beforeAll(async () => {
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  housing = await unitId(h.deps.db, '县住房和城乡建设局');
  h.fake.base.createTable(APP, TABLE);
  await setBase(T, { appToken: APP, tableId: TABLE });
});
afterAll(async () => h.close());

describe('the live 台账 in Feishu Base', () => {
  it('coalesces a burst of changes into one pending outbox row; a tenant without Base gets none', async () => {
    await h.deps.db.insertInto('tenants').values({ tenant_key: 'tenant_no_base', name: '邻县' }).execute();
    const other = await h.deps.db
      .insertInto('items')
      .values({ tenant_key: 'tenant_no_base', title: '邻县事项', created_by: 'ou_x', state: 'issued' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await h.deps.db
      .insertInto('item_events')
      .values({ tenant_key: 'tenant_no_base', item_id: other.id, actor: 'ou_x', action: 'issue', data: '{}' })
      .execute();
    await seedItems();
    const rows = await h.deps.db.selectFrom('outbox').select(['tenant_key', 'msg_type', 'status']).execute();
    expect(rows).toEqual([{ tenant_key: T, msg_type: 'base_records', status: 'pending' }]);
  });

  it('lands 200 items exactly once through 429s, a 5xx and a write whose answer was lost', async () => {
    const batchCreate = (r: RecordedRequest) => r.path.endsWith('/records/batch_create');
    h.fake.failNext((r) => r.method === 'GET' && r.path.endsWith('/fields'), { status: 503, body: 'busy' });
    h.fake.failNext(batchCreate, rateLimited(50, 1), 2);
    h.fake.base.loseNextWriteAnswers(1);
    h.startEngine({ sweepIntervalMs: 200 });
    await h.fake.waitFor(
      async () => records().length >= ITEMS && (await pendingBaseRows()).length === 0,
      60_000,
    );

    const numbers = records().map((r) => r.fields.编号);
    expect(numbers).toHaveLength(ITEMS);
    expect(new Set(numbers).size).toBe(ITEMS);
    // Two 429s, then one create that landed without an answer; the retry found the records by 编号.
    expect(h.fake.requests.filter(batchCreate).map((r) => r.status)).toEqual([429, 429, 500]);
    const mapped = await h.deps.db
      .selectFrom(sql<{ record_id: string | null }>`base_records`.as('b'))
      .select('b.record_id')
      .execute();
    expect(mapped.map((m) => m.record_id).sort()).toEqual(
      records()
        .map((r) => r.record_id)
        .sort(),
    );

    const fields = h.fake.base.fields(APP, TABLE);
    expect(fields.map((f) => f.field_name)).toEqual(['多行文本', ...BASE_FIELD_NAMES]);
    expect(fields.find((f) => f.field_name === '办理时限')?.type).toBe(5);
    expect(fields.find((f) => f.field_name === '牵头单位')?.type).toBe(3);
    expect(recordOf('督〔2026〕1号')?.fields).toMatchObject({
      事项: '事项1',
      来源: '领导批示',
      牵头单位: '县住房和城乡建设局',
      交办日期: beijingInstant('2026-11-02', '00:00').getTime(),
      办理时限: beijingInstant('2030-12-31', '00:00').getTime(),
      状态: '待签收',
      是否超期: '否',
      办结日期: null,
    });
    expect(recordOf('督〔2026〕2号')?.fields).toMatchObject({ 是否超期: '是', 预警: '红' });
  });

  it('a resync changes nothing when nothing changed: no write call at all', async () => {
    const before = h.fake.requests.filter(isWrite).length;
    const run = await resync();
    expect(run).toMatchObject({ code: 0, out: ['多维表格台账已同步：新增 0 条，更新 0 条，未变 200 条'] });
    expect(h.fake.requests.filter(isWrite)).toHaveLength(before);
  });

  it('updates the record when an item changes through the lifecycle (签收 from the card)', async () => {
    const item = await h.deps.db
      .selectFrom('items')
      .select(['id', 'version'])
      .where('number', '=', '督〔2026〕1号')
      .executeTakeFirstOrThrow();
    const answer = await click(h, SAMPLE.housing.head, { a: 'accept', i: item.id, v: item.version });
    expect(answer.toast?.type).toBe('success');
    await h.fake.waitFor(() => recordOf('督〔2026〕1号')?.fields.状态 === '办理中', 20_000);
    expect(records()).toHaveLength(ITEMS);
  });

  it('restores records edited or deleted by hand; the next resync writes nothing', async () => {
    const edited = recordOf('督〔2026〕3号');
    const deleted = recordOf('督〔2026〕4号');
    if (!edited || !deleted) throw new Error('records missing');
    h.fake.base.setCell(APP, TABLE, edited.record_id, '牵头单位', '手工改动');
    h.fake.base.deleteRecord(APP, TABLE, deleted.record_id);
    const first = await resync();
    expect(first.out).toEqual(['多维表格台账已同步：新增 1 条，更新 1 条，未变 198 条']);
    expect(recordOf('督〔2026〕3号')?.fields.牵头单位).not.toBe('手工改动');
    expect(records().filter((r) => r.fields.编号 === '督〔2026〕4号')).toHaveLength(1);
    const before = h.fake.requests.filter(isWrite).length;
    expect((await resync()).out).toEqual(['多维表格台账已同步：新增 0 条，更新 0 条，未变 200 条']);
    expect(h.fake.requests.filter(isWrite)).toHaveLength(before);
  });

  it('refuses a table whose fields hold other types, and a tenant without Base, writing nothing', async () => {
    const before = h.fake.requests.filter(isWrite).length;
    // The office made its own 办理时限 column, as a number.
    h.fake.base.createTable(APP, 'tblWrongTypes1');
    const office = await h.deps.lark.base.createField(
      { appToken: APP, tableId: 'tblWrongTypes1' },
      { name: '办理时限', type: 2 },
    );
    expect(office.ok).toBe(true);
    await setBase(T, { appToken: APP, tableId: 'tblWrongTypes1' });
    const refused = await resync();
    expect(refused.code).toBe(1);
    expect(refused.errs.join('\n')).toContain('办理时限');
    expect(h.fake.base.records(APP, 'tblWrongTypes1')).toHaveLength(0);
    expect(h.fake.requests.filter(isWrite)).toHaveLength(before + 1);
    const none = await resync('tenant_no_base');
    expect(none.code).toBe(2);
    expect(none.errs.join('')).toContain('未设置多维表格');
    await setBase(T, { appToken: APP, tableId: TABLE });
  });
});
