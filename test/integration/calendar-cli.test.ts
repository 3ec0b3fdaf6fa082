import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/entry/cli.ts';
import type { TestDb } from '../support/db.ts';
import { createTestDb } from '../support/db.ts';
import { importSample, SAMPLE, SAMPLE_DIRECTORY_PATH } from '../support/directory.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await importSample(t.db);
});
afterAll(async () => t.drop());

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    { DATABASE_URL: t.url, LOG_LEVEL: 'silent' },
    { out: (l) => out.push(l), err: (l) => err.push(l) },
  );
  return { code, out, err };
}

describe('duban parse', () => {
  it('prints the contract JSON with canonical unit names', async () => {
    const r = await cli(
      'parse',
      '县政府常务会议议定：由住建局牵头，县自然资源局、财政局配合，于12月15日前完成老旧小区改造摸底。',
      '--issued',
      '2026-11-26',
      '--directory',
      SAMPLE_DIRECTORY_PATH,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out[0] ?? '')).toEqual({
      title: expect.any(String),
      lead: '县住房和城乡建设局',
      co: ['县自然资源局', '县财政局'],
      deadline: '2026-12-15',
      deadline_basis: expect.stringContaining('2026-12-15'),
      source: 'county_meeting',
    });
  });

  it('counts working days across the National Day holiday', async () => {
    const r = await cli(
      'parse',
      '请发改局15个工作日内拿出方案',
      '--issued',
      '2026-09-15',
      '--directory',
      SAMPLE_DIRECTORY_PATH,
    );
    expect(JSON.parse(r.out[0] ?? '')).toMatchObject({
      lead: '县发展和改革局',
      co: [],
      deadline: '2026-10-12',
    });
  });

  it('a bad --issued date is refused with exit 2', async () => {
    const r = await cli('parse', '请财政局办理', '--issued', '2026-02-30');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain('--issued');
  });
});

describe('duban calendar', () => {
  it('an override recounts a provisional deadline in an unpublished year', async () => {
    // Issued 2026-12-24 as a 转办件: 15 working days run into 2027, which has no published calendar yet.
    const item = await t.db
      .insertInto('items')
      .values({
        tenant_key: SAMPLE.tenantKey,
        title: '跨年事项',
        created_by: SAMPLE.office.zhou,
        state: 'issued',
        kind: 'forwarded',
        issued_on: '2026-12-24',
        deadline: '2027-01-14',
        deadline_provisional: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const r = await cli(
      'calendar',
      'holiday',
      '2027-01-04',
      '--tenant',
      SAMPLE.tenantKey,
      '--note',
      '县里调休',
    );
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toContain('1 provisional deadline(s) recomputed');
    const after = await t.db
      .selectFrom('items')
      .selectAll()
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow();
    // 15 working days from 2026-12-24, without the likely 元旦 (Friday 2027-01-01) and the county's 2027-01-04.
    expect(after.deadline).toBe('2027-01-18');
    expect(after.deadline_provisional).toBe(true);
    const events = await t.db.selectFrom('item_events').selectAll().where('item_id', '=', item.id).execute();
    expect(events.map((e) => e.action)).toEqual(['deadline_recomputed']);
    expect((await cli('calendar', 'list', '--tenant', SAMPLE.tenantKey)).out).toEqual([
      '2027-01-04\tholiday\t县里调休',
    ]);
  });

  it('refuses a bad date and an unknown tenant, changing nothing', async () => {
    expect((await cli('calendar', 'holiday', '2027-02-30', '--tenant', SAMPLE.tenantKey)).code).toBe(1);
    const unknown = await cli('calendar', 'workday', '2027-02-06', '--tenant', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.err.join('')).toContain('没有租户');
    expect((await cli('calendar', 'list', '--tenant', SAMPLE.tenantKey)).out).toHaveLength(1);
  });
});
