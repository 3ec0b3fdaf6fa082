/**
 * The live 台账 in Base: N issued items written to the emulator's table by the production sync
 * (the sender's code path, without the queue), then a pass with nothing changed, then a pass after
 * a tenth of the items changed. Prints the time and the API calls of each pass.
 *   npx tsx bench/base-sync.ts [--items 2000]
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadTenantContext } from '../src/db/queries/tenants.ts';
import { beijingInstant } from '../src/domain/calendar/index.ts';
import { createLarkApi } from '../src/lark/client.ts';
import { startLarkEmulator } from '../src/lark/emulator/server.ts';
import { createLogger } from '../src/lib/logger.ts';
import { syncChangedItems } from '../src/services/base/sync.ts';
import { createTestDb } from '../test/support/db.ts';
import { importSample, SAMPLE } from '../test/support/directory.ts';

const { values } = parseArgs({ options: { items: { type: 'string', default: '2000' } } });
const N = Number(values.items);
const T = SAMPLE.tenantKey;
const APP = 'bascnBench0000000001';
const TABLE = 'tblBench0001';

const fake = await startLarkEmulator();
const testDb = await createTestDb();
const logger = createLogger('silent');
const deps = {
  db: testDb.db,
  lark: createLarkApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url }, logger),
  logger,
};
try {
  await importSample(testDb.db);
  fake.base.createTable(APP, TABLE);
  await sql`update tenants set settings = settings || ${JSON.stringify({ base: { appToken: APP, tableId: TABLE } })}::jsonb
            where tenant_key = ${T}`.execute(testDb.db);
  const unit = await testDb.db
    .selectFrom('units')
    .select('id')
    .where('tenant_key', '=', T)
    .executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (let i = 1; i <= N; i++) {
    const row = await testDb.db
      .insertInto('items')
      .values({
        tenant_key: T,
        number: `督〔2026〕${i}号`,
        number_year: 2026,
        number_seq: i,
        title: `事项${i}`,
        source: 'leader_instruction',
        created_by: SAMPLE.office.zhou,
        lead_unit_id: unit.id,
        state: 'in_progress',
        deadline: '2027-06-30',
        issued_on: '2026-11-02',
        issued_at: beijingInstant('2026-11-02', '10:00'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  const touch = async (which: number[]) => {
    for (const id of which) {
      await testDb.db
        .insertInto('item_events')
        .values({ tenant_key: T, item_id: id, actor: SAMPLE.office.zhou, action: 'report', data: '{}' })
        .execute();
    }
  };
  const pass = async (name: string) => {
    const before = fake.requests.length;
    const started = performance.now();
    const ctx = await loadTenantContext(testDb.db, T);
    const res = await syncChangedItems(deps, ctx, new Date());
    const seconds = (performance.now() - started) / 1000;
    if (!res.ok) throw new Error(res.error.message);
    const calls = fake.requests.slice(before).map((r) => r.path.split('/').slice(-1)[0]);
    const count = (what: string) => calls.filter((c) => c === what).length;
    console.log(
      `${name}: ${seconds.toFixed(2)} s · created ${res.value.created}, updated ${res.value.updated}, unchanged ${res.value.unchanged} · calls: batch_create ${count('batch_create')}, batch_update ${count('batch_update')}, fields ${count('fields')}`,
    );
  };
  await touch(ids);
  await pass(`first sync of ${N} items`);
  await touch(ids);
  await pass(`all ${N} marked changed, nothing differs`);
  const tenth = ids.filter((_, i) => i % 10 === 0);
  await testDb.db.updateTable('items').set({ latest_progress: '已推进' }).where('id', 'in', tenth).execute();
  await touch(tenth);
  await pass(`${tenth.length} items changed`);
  console.log(`records in the table: ${fake.base.records(APP, TABLE).length}`);
} finally {
  await testDb.drop();
  await fake.close();
}
