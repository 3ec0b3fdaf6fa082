/** The CLI contract (DESIGN.md): --help exits 0, usage errors exit 2, stdout carries only output, clear errors. */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/entry/cli.ts';
import { COMMANDS } from '../../src/entry/cli-commands.ts';
import { cliEnv, freePort, runCliProcess } from '../support/cli-process.ts';
import { parseCsv } from '../support/csv-parse.ts';
import type { TestDb } from '../support/db.ts';
import { createTestDb } from '../support/db.ts';
import { SAMPLE, SAMPLE_DIRECTORY_PATH } from '../support/directory.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.drop());

async function cli(
  args: string[],
  source: Record<string, string> = { DATABASE_URL: t.url, LOG_LEVEL: 'silent' },
) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, source, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('arguments', () => {
  it('--help exits 0 with the usage on stdout, for the tool, every command and every group', async () => {
    const invocations = [
      ['--help'],
      ['help'],
      ['directory', '--help'],
      ['audit', '--help'],
      ...COMMANDS.map((c) => [...c.name.split(' '), '--help']),
      ...COMMANDS.map((c) => [...c.name.split(' '), '-h']),
    ];
    for (const args of invocations) {
      const r = await cli(args, {});
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out, args.join(' ')).toMatch(/usage: duban/);
      expect(r.err, args.join(' ')).toBe('');
    }
  });

  it('an unknown option, command or subcommand exits 2 and changes nothing', async () => {
    for (const c of COMMANDS) {
      const r = await cli([...c.name.split(' '), '--frobnicate']);
      expect(r.code, c.name).toBe(2);
      expect(r.err, c.name).toContain("Unknown option '--frobnicate'");
    }
    for (const args of [['frobnicate'], ['directory', 'frobnicate'], ['audit'], [], ['migrate', 'extra']]) {
      expect((await cli(args)).code, args.join(' ')).toBe(2);
    }
    expect((await t.db.selectFrom('tenants').select('tenant_key').execute()).length).toBe(0);
  });

  it('calendar list with an unknown tenant is an error', async () => {
    const r = await cli(['calendar', 'list', '--tenant', 'nobody']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('unknown tenant nobody');
  });
});

describe('errors a new user meets', () => {
  it('an unreachable database names the URL without its password and says how to fix it', async () => {
    const url = `postgres://duban:s3cret@127.0.0.1:${await freePort()}/duban`;
    const r = await cli(['migrate'], { DATABASE_URL: url, LOG_LEVEL: 'silent' });
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toContain('postgres://duban:***@127.0.0.1:');
    expect(r.err).toMatch(/DATABASE_URL.*ECONNREFUSED|ECONNREFUSED.*DATABASE_URL/);
    expect(r.err).toContain('correct DATABASE_URL');
    expect(r.err).not.toContain('s3cret');
    expect(r.err).not.toContain('migration unknown');
  });

  it('a busy port is one line naming the port, and nothing is left running', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '0.0.0.0', resolve));
    try {
      const r = await runCliProcess(
        ['serve'],
        cliEnv({ DATABASE_URL: t.url, PORT: String(port), LOG_LEVEL: 'silent' }),
      );
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([
        `duban: port ${port} on 0.0.0.0 is already in use (PORT): stop the process using it or set PORT to a free port`,
      ]);
    } finally {
      blocker.close();
    }
  }, 120_000);
});

describe('standard output carries only the output', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'duban-stdout-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('duban export --format csv > f.csv is the CSV alone, logs on stderr', async () => {
    const env = cliEnv({ DUBAN_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const imported = await runCliProcess(['directory', 'import', SAMPLE_DIRECTORY_PATH], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout.toString()).toBe(
      `imported tenant ${SAMPLE.tenantKey}: 23 people, 8 units, 2 groups\n`,
    );
    const r = await runCliProcess(['export', '--format', 'csv'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('using the embedded database');
    const csv = r.stdout.toString('utf8');
    expect(csv.startsWith('\uFEFF编号,事项')).toBe(true);
    expect(parseCsv(csv.slice(1))[0]?.[0]).toBe('编号');
  }, 180_000);
});
