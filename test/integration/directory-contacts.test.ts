import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/entry/cli.ts';
import type { LarkEmulator } from '../../src/lark/emulator/server.ts';
import { startLarkEmulator } from '../../src/lark/emulator/server.ts';
import type { TestDb } from '../support/db.ts';
import { createTestDb } from '../support/db.ts';
import { sampleDirectoryText } from '../support/directory.ts';

let t: TestDb;
let fake: LarkEmulator;
const ZHAO = 'ou_23585caab30b7e9f63638a968ccabaa5';
const QIAN = 'ou_7dc5c81f9a683901fde07fdf9ec81ff1';
const CHEN = 'ou_a19f6cd30763f846af4de3347ae8bb37';

beforeAll(async () => {
  t = await createTestDb({ migrate: false });
  fake = await startLarkEmulator({
    users: {
      [ZHAO]: { name: '赵立新', mobile: '13800000001' },
      [QIAN]: { name: '钱文', email: 'qianwen@example.gov.cn', status: { is_activated: false } },
      [CHEN]: { name: '陈晓东', email: 'chen@example.gov.cn', status: { is_resigned: true } },
    },
  });
});
afterAll(async () => {
  await fake.close();
  await t.drop();
});

async function cli(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    { DATABASE_URL: t.url, LOG_LEVEL: 'silent', ...env },
    { out: (l) => out.push(l), err: (l) => err.push(l) },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function writeTemp(name: string, text: string): string {
  const file = path.join(tmpdir(), `duban-${process.pid}-${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** The sample with 赵立新 by mobile, 钱文 by email, 陈晓东 (resigned) by email and one unknown mobile. */
const byContact = () =>
  sampleDirectoryText()
    .replace(`{ name: 赵立新, open_id: ${ZHAO} }`, '{ name: 赵立新, mobile: "138 0000 0001" }')
    .replace(`{ name: 钱文, open_id: ${QIAN} }`, '{ name: 钱文, email: QianWen@example.gov.cn }')
    .replace(`{ name: 陈晓东, open_id: ${CHEN} }`, '{ name: 陈晓东, email: chen@example.gov.cn }')
    .replace(
      '{ name: 蒋倩, open_id: ou_6e112579dfed9a73099f53573308ea81 }',
      '{ name: 蒋倩, mobile: "13999999999" }',
    );

const rolesOf = async (openId: string) =>
  (await t.db.selectFrom('people').select('roles').where('open_id', '=', openId).executeTakeFirst())?.roles ??
  null;

describe('people listed by mobile or email', () => {
  it('without the Feishu app settings the file is refused, and nothing is written', async () => {
    const res = await cli(['directory', 'import', writeTemp('contacts-noapp', byContact())], {});
    expect(res.code).toBe(1);
    expect(res.err).toContain('LARK_APP_ID');
    expect(res.err).toContain('未导入任何内容');
    expect((await t.db.introspection.getTables()).map((x) => x.name)).not.toContain('people');
  });

  it('are looked up in Feishu at import; whoever is not found or has left is listed and given no role', async () => {
    const res = await cli(['directory', 'import', writeTemp('contacts', byContact())], fake.env());
    expect(res.code, res.err).toBe(0);
    // One call, by open_id, asking for resigned people too so they can be named as such.
    const calls = fake.requests.filter((r) => r.path.endsWith('/contact/v3/users/batch_get_id'));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.query.user_id_type).toBe('open_id');
    expect(calls[0]?.body).toMatchObject({
      mobiles: ['13800000001', '13999999999'],
      emails: ['chen@example.gov.cn', 'qianwen@example.gov.cn'],
      include_resigned: true,
    });

    expect(await rolesOf(ZHAO)).toEqual(['unit_head']);
    expect(await rolesOf(QIAN)).toEqual(['liaison']);
    expect(res.out).toMatch(/注意：钱文.*尚未激活/);
    expect(res.out).toMatch(
      /未导入：蒋倩（units\[3\]（县财政局）\.liaisons\[0\]，13999999999）飞书通讯录中未找到/,
    );
    expect(res.out).toMatch(/未导入：陈晓东（office\[1\]，chen@example\.gov\.cn）已离职/);
    // Kept out of roles: no row for the unknown, and the resigned office member holds no office role.
    expect(await rolesOf(CHEN)).toBeNull();
    const finance = await t.db
      .selectFrom('unit_members as m')
      .innerJoin('units as u', 'u.id', 'm.unit_id')
      .select(['m.open_id', 'm.role'])
      .where('u.name', '=', '县财政局')
      .execute();
    expect(finance).toEqual([{ open_id: 'ou_c31ba696dd92be268b94af79daa47b62', role: 'head' }]);
  });

  it('ask 50 at a time', async () => {
    const liaisons = Array.from({ length: 60 }, (_, i) => {
      const mobile = `1370000${String(i).padStart(4, '0')}`;
      fake.users.set(`ou_batch${String(i).padStart(6, '0')}`, { name: `联络员${i}`, mobile });
      return `      - { name: 联络员${i}, mobile: "${mobile}" }`;
    }).join('\n');
    const text = sampleDirectoryText().replace(
      `      - { name: 郑丽, open_id: ou_c2337e03c5caabe242645b483490b8b2 }`,
      liaisons,
    );
    const before = fake.requests.length;
    const res = await cli(['directory', 'import', writeTemp('contacts-60', text)], fake.env());
    expect(res.code, res.err).toBe(0);
    const calls = fake.requests
      .slice(before)
      .filter((r) => r.path.endsWith('/contact/v3/users/batch_get_id'))
      .map((r) => (r.body as { mobiles: string[] }).mobiles.length);
    expect(calls).toEqual([50, 10]);
    const members = await t.db
      .selectFrom('unit_members as m')
      .innerJoin('units as u', 'u.id', 'm.unit_id')
      .select('m.open_id')
      .where('u.name', '=', '县发展和改革局')
      .where('m.role', '=', 'liaison')
      .execute();
    expect(members).toHaveLength(60);
  });

  it('a lookup Feishu refuses (scope missing) is reported with the scope, and nothing changes', async () => {
    const before = await t.db.selectFrom('unit_members').select(['open_id', 'unit_id']).execute();
    fake.failNext((r) => r.path.endsWith('/batch_get_id'), {
      status: 400,
      body: {
        code: 99991672,
        msg: 'Access denied. One of the following scopes is required: [contact:user.id:readonly]',
      },
    });
    const res = await cli(['directory', 'import', writeTemp('contacts-denied', byContact())], fake.env());
    expect(res.code).toBe(1);
    expect(res.err).toContain('contact:user.id:readonly');
    expect(res.err).toContain('未导入任何内容');
    expect(await t.db.selectFrom('unit_members').select(['open_id', 'unit_id']).execute()).toEqual(before);
  });
});
