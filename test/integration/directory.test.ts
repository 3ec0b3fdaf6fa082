import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUnits } from '../../src/db/queries/units.ts';
import { createCalendar } from '../../src/domain/calendar/index.ts';
import { parseDirectory } from '../../src/domain/directory.ts';
import { readInstruction } from '../../src/domain/instruction/index.ts';
import { runCli } from '../../src/entry/cli.ts';
import type { TestDb } from '../support/db.ts';
import { createTestDb } from '../support/db.ts';
import { SAMPLE, SAMPLE_DIRECTORY_PATH, sampleDirectoryText } from '../support/directory.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ migrate: false });
});
afterAll(async () => t.drop());

function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const run = runCli(
    args,
    { DATABASE_URL: t.url, LOG_LEVEL: 'silent' },
    { out: (l) => out.push(l), err: (l) => err.push(l) },
  );
  return run.then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

const counts = async () => ({
  tenants: (await t.db.selectFrom('tenants').select('tenant_key').execute()).length,
  people: (await t.db.selectFrom('people').select('open_id').execute()).length,
  units: (await t.db.selectFrom('units').select('id').execute()).length,
  members: (await t.db.selectFrom('unit_members').select('open_id').execute()).length,
  groups: (await t.db.selectFrom('groups').select('kind').execute()).length,
});

function writeTemp(name: string, text: string): string {
  const file = path.join(tmpdir(), `duban-${process.pid}-${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

describe('duban directory import', () => {
  it('refuses a bad file whole, naming the place, and writes nothing', async () => {
    const cases: Array<[string, string, RegExp]> = [
      [
        'unknown-leader',
        sampleDirectoryText().replace('leader_in_charge: 刘芳', 'leader_in_charge: 张三'),
        /units\[4\].*张三/,
      ],
      [
        'missing-open-id',
        sampleDirectoryText().replace(
          '{ name: 钱文, open_id: ou_7dc5c81f9a683901fde07fdf9ec81ff1 }',
          '{ name: 钱文 }',
        ),
        /units\[0\]\.liaisons\[0\]\.open_id/,
      ],
      ['yaml-error', `${sampleDirectoryText()}\nunits: [\n`, /YAML 格式错误（第 \d+ 行）/],
    ];
    for (const [name, text, expected] of cases) {
      const res = await cli('directory', 'import', writeTemp(name, text));
      expect(res.code, name).toBe(1);
      expect(res.err, name).toMatch(expected);
      expect(res.err, name).toContain('未导入任何内容');
    }
    // The refusal happens before the database is touched at all.
    const tables = await t.db.introspection.getTables();
    expect(tables.map((x) => x.name)).not.toContain('people');
  });

  it('imports the sample, and a second import updates without duplicating', async () => {
    const first = await cli('directory', 'import', SAMPLE_DIRECTORY_PATH);
    expect(first.code).toBe(0);
    expect(first.out).toContain(`imported tenant ${SAMPLE.tenantKey}`);
    const after1 = await counts();
    expect(after1).toEqual({ tenants: 1, people: 23, units: 8, members: 17, groups: 2 });

    const second = await cli('directory', 'import', SAMPLE_DIRECTORY_PATH);
    expect(second.code).toBe(0);
    expect(await counts()).toEqual(after1);

    const changed = sampleDirectoryText().replace('aliases: [财政局]', 'aliases: [财政局, 县财政]');
    expect((await cli('directory', 'import', writeTemp('changed', changed))).code).toBe(0);
    const unit = await t.db
      .selectFrom('units')
      .selectAll()
      .where('name', '=', '县财政局')
      .executeTakeFirstOrThrow();
    expect(unit.aliases).toEqual(['财政局', '县财政']);
    expect(await counts()).toEqual(after1);
  });

  it('records roles, units, members and leaders in charge', async () => {
    const zhao = await t.db
      .selectFrom('people')
      .selectAll()
      .where('open_id', '=', SAMPLE.housing.head)
      .executeTakeFirstOrThrow();
    expect(zhao.roles).toEqual(['unit_head']);
    const zhou = await t.db
      .selectFrom('people')
      .selectAll()
      .where('open_id', '=', SAMPLE.office.zhou)
      .executeTakeFirstOrThrow();
    expect(zhou.roles).toEqual(['office']);
    const housing = await t.db
      .selectFrom('units')
      .selectAll()
      .where('name', '=', '县住房和城乡建设局')
      .executeTakeFirstOrThrow();
    expect(housing.leader_in_charge).toBe(SAMPLE.leaders.zhang);
    expect(housing.chat_id).toBe(SAMPLE.housing.chat);
  });

  it('a person left out of the file loses their roles but keeps their record', async () => {
    const without = sampleDirectoryText().replace(/\n\s+- \{ name: 陈晓东, open_id: [^}]+\}/, '');
    expect((await cli('directory', 'import', writeTemp('without', without))).code).toBe(0);
    const chen = await t.db
      .selectFrom('people')
      .selectAll()
      .where('open_id', '=', SAMPLE.office.chen)
      .executeTakeFirstOrThrow();
    expect(chen.roles).toEqual([]);
  });
});

describe('removing a unit', () => {
  it('reports the removed unit and its open items, and the reader no longer matches it', async () => {
    expect((await cli('directory', 'import', SAMPLE_DIRECTORY_PATH)).code).toBe(0);
    const finance = await t.db
      .selectFrom('units')
      .select('id')
      .where('name', '=', '县财政局')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('items')
      .values({
        tenant_key: SAMPLE.tenantKey,
        number: '督〔2026〕90号',
        title: '清理拖欠工程款',
        created_by: SAMPLE.office.zhou,
        lead_unit_id: finance.id,
        state: 'in_progress',
      })
      .execute();
    const without = sampleDirectoryText().replace(/\n {2}- name: 县财政局\n(?: {4}.*\n)+/, '\n');
    expect(parseDirectory(without).ok).toBe(true);
    const res = await cli('directory', 'import', writeTemp('no-finance', without));
    expect(res.code).toBe(0);
    expect(res.out).toContain('removed unit 县财政局 (not in the file): 1 open item(s)');
    expect(res.out).toContain('督〔2026〕90号 清理拖欠工程款 [in_progress]: reassign or close it');

    const units = await listUnits(t.db, SAMPLE.tenantKey);
    expect(units.map((u) => u.name)).not.toContain('县财政局');
    const reading = readInstruction('请财政局牵头，10个工作日内完成清理。', {
      directory: { units },
      issued: '2026-11-26',
      calendar: createCalendar(),
    });
    expect(reading.lead).toBeNull();
    // The item keeps its lead unit (and its name) for the office to reassign.
    const item = await t.db
      .selectFrom('items')
      .select('lead_unit_id')
      .where('number', '=', '督〔2026〕90号')
      .executeTakeFirstOrThrow();
    expect(item.lead_unit_id).toBe(finance.id);

    const back = await cli('directory', 'import', SAMPLE_DIRECTORY_PATH);
    expect(back.out).toContain('restored unit 县财政局');
    expect((await listUnits(t.db, SAMPLE.tenantKey)).map((u) => u.name)).toContain('县财政局');
  });
});

describe('parseDirectory', () => {
  const refused = (text: string): string => {
    const res = parseDirectory(text);
    if (res.ok) throw new Error('accepted');
    return res.error.join('\n');
  };

  it('refuses a file that names a unit twice, naming the duplicate, instead of merging them', () => {
    const twice = `${sampleDirectoryText()}  - name: 县财政局
    head: { name: 贾明, open_id: ou_00000000000000000000000000000a01 }
`;
    expect(refused(twice)).toMatch(/units\[8\]（县财政局）：单位“县财政局”重复出现（又见 units\[3\]）/);
  });

  it('refuses an alias used by two units, two leaders of one name, two titles, and a shared group', () => {
    expect(refused(sampleDirectoryText().replace('aliases: [财政局]', 'aliases: [财政局, 教育局]'))).toMatch(
      /units\[4\]（县教育局）：名称或简称“教育局”与 units\[3\]“县财政局”重复/,
    );
    const twoLius = sampleDirectoryText().replace(
      '  - { name: 刘芳, title: 副县长, open_id: ou_9cfe9f12c8401ff1ce647140281a25b6 }',
      '  - { name: 刘芳, title: 副县长, open_id: ou_9cfe9f12c8401ff1ce647140281a25b6 }\n  - { name: 刘芳, title: 县长助理, open_id: ou_00000000000000000000000000000a02 }',
    );
    expect(refused(twoLius)).toMatch(/leaders\[4\]：有两位领导都叫“刘芳”/);
    const twoTitles = sampleDirectoryText().replace(
      '  - { name: 刘芳, title: 副县长, open_id: ou_9cfe9f12c8401ff1ce647140281a25b6 }',
      '  - { name: 刘芳, title: 副县长, open_id: ou_9cfe9f12c8401ff1ce647140281a25b6 }\n  - { name: 刘芳, title: 县长助理, open_id: ou_9cfe9f12c8401ff1ce647140281a25b6 }',
    );
    expect(refused(twoTitles)).toMatch(/“刘芳”的职务写了两种/);
    const sharedChat = sampleDirectoryText().replace(
      'chat_id: oc_f2129e75ae67020bcbade0bc250afd99',
      'chat_id: oc_2c73c90c5ebf2afbb2320f2d4cd4e9ea',
    );
    expect(refused(sharedChat)).toMatch(
      /units\[3\]（县财政局）\.chat_id：群 oc_2c73c90c5ebf2afbb2320f2d4cd4e9ea 已是 units\[2\]（县发展和改革局）的群/,
    );
  });

  it('says an empty file is empty', () => {
    for (const text of ['', '   \n', '# only a comment\n']) expect(refused(text)).toContain('名录文件是空的');
  });

  it('refuses one open_id given to two different names', () => {
    const text = sampleDirectoryText().replace(
      '{ name: 陈晓东, open_id: ou_a19f6cd30763f846af4de3347ae8bb37 }',
      '{ name: 陈晓东, open_id: ou_6bf88ed4d92c975d86f3c43d85ab1e3f }',
    );
    const res = parseDirectory(text);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.join('\n')).toMatch(/office\[1\].*周敏/);
  });
});
