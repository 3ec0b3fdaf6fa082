import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDb } from '../../src/db/client.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { SAMPLE } from '../support/directory.ts';
import { databaseUrl, TEST_PG_ADMIN_URL } from '../support/env.ts';
import { housingUnitId, seedItems } from '../support/followup-seed.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { messageEvent } from '../support/lark-requests.ts';

const run = promisify(execFile);

let h: Harness;
let dir: string;
const restoredName = `duban_r_${randomBytes(6).toString('hex')}`;

async function admin(query: string): Promise<void> {
  const c = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

/** Every table's rows as one digest, ordered, so two databases compare row for row. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const handle = createPostgresDb(url, 1);
  try {
    const tables = await sql<{ name: string }>`
      SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(
      handle.db,
    );
    const out: Record<string, string> = {};
    for (const { name } of tables.rows) {
      const r = await sql<{ n: number; digest: string | null }>`
        SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest
        FROM ${sql.table(name)} t`.execute(handle.db);
      out[name] = `${r.rows[0]?.n}:${r.rows[0]?.digest}`;
    }
    return out;
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  h = await createHarness();
  dir = await mkdtemp(path.join(tmpdir(), 'duban-backup-'));
  const engine = h.startEngine();
  const housing = await housingUnitId(h.deps.db);
  const [itemId = 0] = await seedItems(h.deps.db, [
    { leadUnitId: housing, deadline: '2026-12-31', issuedAt: new Date() },
  ]);
  await h.deps.db
    .insertInto('item_events')
    .values({ tenant_key: SAMPLE.tenantKey, item_id: itemId, actor: 'system', action: 'create', data: '{}' })
    .execute();
  await h.post(messageEvent({ tenantKey: SAMPLE.tenantKey, senderOpenId: SAMPLE.stranger, text: '你好' }));
  await h.fake.waitFor(() => h.fake.messages().length === 1, 10_000);
  await engine.close();
});
afterAll(async () => {
  await admin(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`);
  await rm(dir, { recursive: true, force: true });
  await h.close();
});

describe('backup and restore (README)', () => {
  it('pg_dump -Fc then pg_restore into a new database gives back every row, the trigger and the migrations', async () => {
    const file = path.join(dir, 'duban.dump');
    await run('pg_dump', ['--format=custom', '--file', file, h.testDb.url]);
    await admin(`CREATE DATABASE ${restoredName}`);
    const restoredUrl = databaseUrl(restoredName);
    await run('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', restoredUrl, file]);

    const before = await fingerprint(h.testDb.url);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining(['items', 'item_events', 'lark_events', 'outbox', 'kysely_migration']),
    );
    expect(before.lark_events?.startsWith('1:')).toBe(true);
    expect(before.item_events?.startsWith('1:')).toBe(true);
    expect(await fingerprint(restoredUrl)).toEqual(before);

    const restored = createPostgresDb(restoredUrl, 1);
    try {
      expect((await migrateToLatest(restored.db)).applied).toEqual([]);
      await expect(sql`UPDATE item_events SET actor = 'x'`.execute(restored.db)).rejects.toThrow(
        /append-only/,
      );
      // Sequences come back too: a new row does not collide with a restored one.
      await sql`INSERT INTO lark_events (tenant_key, event_id, event_type, payload) VALUES ('t', 'e-new', 'x', '{}')`.execute(
        restored.db,
      );
    } finally {
      await restored.close();
    }
  });
});
