import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, splitSql } from '../../src/db/migrate.ts';
import type { TestDb } from '../support/db.ts';
import { createTestDb } from '../support/db.ts';
import { importSample } from '../support/directory.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ migrate: false });
});
afterAll(async () => t.drop());

describe('migrations', () => {
  it('apply on an empty database, and a second run applies nothing', async () => {
    const first = await migrateToLatest(t.db);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(first.applied[0]).toMatch(/^\d{14}_/);
    const second = await migrateToLatest(t.db);
    expect(second.applied).toEqual([]);
  });

  it('every table carries tenant_key', async () => {
    const tables = await sql<{ table_name: string; has_tenant: boolean }>`
      select t.table_name,
             exists (select 1 from information_schema.columns c
                      where c.table_schema = 'public' and c.table_name = t.table_name and c.column_name = 'tenant_key') as has_tenant
        from information_schema.tables t
       where t.table_schema = 'public' and t.table_name not like 'kysely_%'`.execute(t.db);
    const names = tables.rows.map((r) => r.table_name);
    for (const required of [
      'tenants',
      'people',
      'units',
      'unit_members',
      'groups',
      'items',
      'item_co_units',
      'item_events',
      'lark_events',
      'outbox',
    ]) {
      expect(names).toContain(required);
    }
    for (const r of tables.rows) expect(r.has_tenant, r.table_name).toBe(true);
  });

  it('item events are append-only', async () => {
    await importSample(t.db);
    const item = await t.db
      .insertInto('items')
      .values({
        tenant_key: '2ed263bf32cf1651',
        title: '测试事项',
        created_by: 'ou_6bf88ed4d92c975d86f3c43d85ab1e3f',
        state: 'draft',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ev = await t.db
      .insertInto('item_events')
      .values({
        tenant_key: '2ed263bf32cf1651',
        item_id: item.id,
        actor: 'ou_x',
        action: 'create',
        data: '{}',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      t.db.updateTable('item_events').set({ action: 'forged' }).where('id', '=', ev.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('item_events').where('id', '=', ev.id).execute()).rejects.toThrow(
      /append-only/,
    );
  });
});

describe('splitSql', () => {
  it('keeps dollar-quoted bodies and quoted semicolons whole', () => {
    const parts = splitSql(
      `CREATE TABLE a (x text DEFAULT ';');\n-- a comment; with a semicolon\nCREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'x;y'; END; $$;\n`,
    );
    expect(parts).toHaveLength(2);
    expect(parts[1]).toContain("RAISE EXCEPTION 'x;y'; END;");
  });
});
