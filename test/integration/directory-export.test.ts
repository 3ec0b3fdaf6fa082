import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/entry/cli.ts';
import type { TestDb } from '../support/db.ts';
import { createTestDb } from '../support/db.ts';
import { SAMPLE, sampleDirectoryText } from '../support/directory.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.drop());

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let written = '';
  const code = await runCli(
    args,
    { DATABASE_URL: t.url, LOG_LEVEL: 'silent' },
    { out: (l) => out.push(l), err: (l) => err.push(l), write: (c) => (written += String(c)) },
  );
  return { code, out: out.join('\n'), err: err.join('\n'), written };
}

const temp = (name: string) => path.join(tmpdir(), `duban-${process.pid}-${name}`);

/** Every row of the directory's tables, every column, in a stable order. */
async function tables() {
  const all = async (table: 'tenants' | 'people' | 'units' | 'unit_members' | 'groups') =>
    (await t.db.selectFrom(table).selectAll().execute()).map((r) => JSON.stringify(r)).sort();
  return {
    tenants: await all('tenants'),
    people: await all('people'),
    units: await all('units'),
    unit_members: await all('unit_members'),
    groups: await all('groups'),
  };
}

/** The sample, plus a unit whose head post is vacant and a leader without a title. */
const directory = () =>
  `${sampleDirectoryText()}  - name: 县应急管理局
    aliases: [应急局]
    liaisons:
      - { name: 马超, open_id: ou_00000000000000000000000000000ma1 }
`.replace('{ name: 刘芳, title: 副县长,', '{ name: 刘芳,');

describe('duban directory export', () => {
  it('writes the directory in the import format; importing the export changes no row', async () => {
    const source = temp('source.yaml');
    writeFileSync(source, directory());
    expect((await cli('directory', 'import', source)).code).toBe(0);
    const before = await tables();

    const out = temp('export.yaml');
    const exported = await cli('directory', 'export', '--out', out);
    expect(exported.code, exported.err).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(`tenant_key: ${SAMPLE.tenantKey}`);
    expect(text).toContain(`  - { name: 周敏, open_id: ${SAMPLE.office.zhou} }`);
    expect(text).toContain('    head: { name: 赵立新, open_id: ou_23585caab30b7e9f63638a968ccabaa5 }');
    expect(text).toContain('    leader_in_charge: 张志强');
    // Without --out the same text goes to standard output.
    expect((await cli('directory', 'export')).written).toBe(text);

    const again = await cli('directory', 'import', out);
    expect(again.code, again.err).toBe(0);
    expect(await tables()).toEqual(before);
  });

  it('never replaces a file without --force', async () => {
    const out = temp('kept.yaml');
    writeFileSync(out, 'keep me');
    const refused = await cli('directory', 'export', '--out', out);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('--force');
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect((await cli('directory', 'export', '--out', out, '--force')).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('tenant_key:');
  });

  it('is in the command table, with its help', async () => {
    const help = await cli('directory', 'export', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('usage: duban directory export');
    expect((await cli('--help')).out).toContain('directory export');
    expect((await cli('directory', 'export', '--tenant', 'nope')).code).toBe(2);
  });
});
