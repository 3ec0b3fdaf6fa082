/** The `duban` commands: each checks its own arguments before it touches the database. */
import { createLogger } from '../lib/logger.ts';
import { recountOnCoverageChange } from '../services/calendar-coverage.ts';
import type { CliCommand, CommandInput } from './cli.ts';
import { CALENDAR_HELP, runCalendar, runParse } from './cli-admin.ts';
import { BASE_HELP, runBaseSync } from './cli-base.ts';
import {
  EXPORT_HELP as EXPORT_DIRECTORY_HELP,
  IMPORT_HELP,
  runDirectoryExport,
  runDirectoryImport,
} from './cli-directory.ts';
import { AUDIT_HELP, EXPORT_HELP, EXPORT_OPTIONS, runAuditExport, runLedgerExport } from './cli-export.ts';
import { PROPOSAL_COMMANDS } from './cli-proposal-commands.ts';
import { runSettings, SETTINGS_HELP } from './cli-settings.ts';
import { usageError } from './cli-usage.ts';
import { announceStartup, buildRuntime, migrate } from './runtime.ts';

const writer = (input: CommandInput) =>
  input.io.write ?? ((chunk: Buffer | string) => input.io.out(String(chunk)));

async function runServer(input: CommandInput, name: 'serve' | 'jobs'): Promise<number> {
  const env = input.env();
  if (!env) return 1;
  const logger = createLogger(env.LOG_LEVEL);
  // No Feishu app: `serve` brings its own Feishu (src/sandbox), and says so first.
  const sandbox =
    name === 'serve' && !env.LARK_APP_ID
      ? await (await import('../sandbox/index.ts')).startSandbox(env, logger)
      : undefined;
  const runEnv = sandbox?.env ?? env;
  const built = await buildRuntime(runEnv, logger, {
    role: 'server',
    command: `duban ${name}`,
    privateRedis: name === 'serve',
    ...(sandbox && { now: sandbox.clock.now }),
  });
  if (!built.ok) {
    await sandbox?.close();
    input.io.err(`duban: ${built.error}`);
    return 1;
  }
  const rt = built.value;
  try {
    await migrate(rt);
    // A new holiday calendar in this version recounts provisional deadlines; the sweep sends the cards.
    await recountOnCoverageChange(rt.deps.db, logger, rt.deps.now());
    await sandbox?.prepare(rt.deps.db);
  } catch (e) {
    await sandbox?.close();
    await rt.close();
    throw e;
  }
  await announceStartup(rt, runEnv);
  // Loaded here so the admin commands start without the app and the engine.
  const { runNode } = await import('./serve.ts');
  const ran = await runNode(rt, runEnv, name === 'serve', sandbox);
  if (ran.ok) return 0;
  input.io.err(`duban: ${ran.error}`);
  return 1;
}

const serve: CliCommand = {
  name: 'serve',
  synopsis: '  serve                    run the webhook app and the jobs engine (applies migrations first)',
  help: 'usage: duban serve\n  the webhook app (PORT) and the jobs engine; with DATABASE_URL unset it also serves the\n  embedded database to the other duban commands run meanwhile',
  run: (input) => runServer(input, 'serve'),
};

const jobs: CliCommand = {
  name: 'jobs',
  synopsis: '  jobs                     run the jobs engine only',
  help: 'usage: duban jobs\n  the jobs engine only: workers, the sweep, follow-ups and the weekly bulletin',
  run: (input) => runServer(input, 'jobs'),
};

const migrateCommand: CliCommand = {
  name: 'migrate',
  synopsis: '  migrate                  apply database migrations',
  help: 'usage: duban migrate\n  applies the forward-only SQL files in migrations/',
  async run(input) {
    if (input.positionals.length > 0) return usageError(input, this, 'takes no arguments');
    return input.withRuntime(async (_rt, applied) => {
      input.io.out(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'database is up to date');
      return 0;
    });
  },
};

const directoryImport: CliCommand = {
  name: 'directory import',
  synopsis: '  directory import FILE    import the unit directory (YAML); refused whole on any error',
  help: IMPORT_HELP,
  async run(input) {
    const [file, ...extra] = input.positionals;
    if (!file || extra.length > 0) return usageError(input, this, 'needs exactly one FILE');
    return runDirectoryImport(input, file);
  },
};

const directoryExport: CliCommand = {
  name: 'directory export',
  synopsis:
    '  directory export [--tenant KEY] [--out FILE [--force]]\n                           the directory as YAML, in the import format (a round trip changes nothing)',
  help: EXPORT_DIRECTORY_HELP,
  options: { tenant: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
  async run(input) {
    if (input.positionals.length > 0) return usageError(input, this, 'takes no arguments');
    return input.withRuntime((rt) =>
      runDirectoryExport(input.values, rt.deps.db, { ...input.io, write: writer(input) }, input.now),
    );
  },
};

const parse: CliCommand = {
  name: 'parse',
  synopsis:
    '  parse "TEXT" [--issued YYYY-MM-DD] [--directory FILE]\n                           read an instruction: units, deadline, source, title (JSON)',
  help: 'usage: duban parse "TEXT" [--issued YYYY-MM-DD] [--directory FILE]\n  reads an instruction as the bot would (JSON on standard output); touches no database',
  options: { issued: { type: 'string' }, directory: { type: 'string' } },
  async run(input) {
    const text = input.positionals.join(' ').trim();
    if (!text) return usageError(input, this, 'needs the instruction TEXT');
    return runParse(text, input.values, input.io, input.now);
  },
};

const calendar: CliCommand = {
  name: 'calendar',
  synopsis:
    "  calendar list|holiday|workday|remove [DATE] --tenant KEY [--note TEXT]\n                           the tenant's working-day overrides",
  help: CALENDAR_HELP,
  options: { tenant: { type: 'string' }, note: { type: 'string' } },
  async run(input) {
    const [verb, date, ...extra] = input.positionals;
    const tenant = input.values.tenant;
    const verbs = ['list', 'holiday', 'workday', 'remove'];
    if (!verb || !verbs.includes(verb))
      return usageError(input, this, 'needs list, holiday, workday or remove');
    if (typeof tenant !== 'string') return usageError(input, this, '--tenant KEY is required');
    if ((verb === 'list') !== (date === undefined) || extra.length > 0)
      return usageError(input, this, verb === 'list' ? 'list takes no DATE' : `${verb} needs one DATE`);
    const note = typeof input.values.note === 'string' ? input.values.note : undefined;
    return input.withRuntime((rt) =>
      runCalendar(rt.deps.db, input.io, { verb, date, tenant, note, now: input.now }),
    );
  },
};

const settings: CliCommand = {
  name: 'settings',
  synopsis:
    "  settings show|set [KEY VALUE] [--tenant KEY]\n                           the tenant's settings (follow-up, deadlines, bulletin …)",
  help: SETTINGS_HELP,
  options: { tenant: { type: 'string' } },
  async run(input) {
    const [verb, key, value, ...extra] = input.positionals;
    const tenant = typeof input.values.tenant === 'string' ? input.values.tenant : undefined;
    if (verb === 'show' && key === undefined)
      return input.withRuntime((rt) => runSettings(rt.deps.db, input.io, { verb, tenant, now: input.now }));
    if (verb === 'set' && key !== undefined && value !== undefined && extra.length === 0)
      return input.withRuntime((rt) =>
        runSettings(rt.deps.db, input.io, { verb, key, value, tenant, now: input.now }),
      );
    return usageError(input, this, 'show, or set KEY VALUE');
  },
};

const exportLedger: CliCommand = {
  name: 'export',
  synopsis:
    '  export [--format xlsx|csv] [--from DATE] [--to DATE] [--out FILE [--force]] [--tenant KEY]\n                           the ledger (督查台账); CSV to standard output without --out',
  help: EXPORT_HELP,
  options: EXPORT_OPTIONS,
  async run(input) {
    if (input.positionals.length > 0) return usageError(input, this, 'takes no arguments');
    return input.withRuntime((rt) =>
      runLedgerExport(input.values, rt.deps.db, { ...input.io, write: writer(input) }, input.now),
    );
  },
};

const auditExport: CliCommand = {
  name: 'audit export',
  synopsis:
    '  audit export [--format csv|jsonl] [--kind actions|events|messages] [--from DATE] [--to DATE] [--out FILE [--force]] [--tenant KEY]\n                           the audit trail (item events) of a period',
  help: AUDIT_HELP,
  options: EXPORT_OPTIONS,
  async run(input) {
    if (input.positionals.length > 0) return usageError(input, this, 'takes no arguments');
    return input.withRuntime((rt) =>
      runAuditExport(input.values, rt.deps.db, { ...input.io, write: writer(input) }),
    );
  },
};

/** In the overview's order; a new command is one more entry (two words for a subcommand). */
const baseSync: CliCommand = {
  name: 'base sync',
  synopsis: '  base sync [--tenant KEY] resync the 多维表格 ledger (writes only what differs)',
  help: BASE_HELP,
  options: { tenant: { type: 'string' } },
  async run(input) {
    if (input.positionals.length > 0) return usageError(input, this, 'takes no arguments');
    const tenant = typeof input.values.tenant === 'string' ? input.values.tenant : undefined;
    return input.withRuntime((rt) => runBaseSync({ tenant }, rt.deps, input.io, input.now));
  },
};

export const COMMANDS: readonly CliCommand[] = [
  serve,
  jobs,
  migrateCommand,
  directoryImport,
  directoryExport,
  parse,
  calendar,
  settings,
  exportLedger,
  auditExport,
  baseSync,
  ...PROPOSAL_COMMANDS,
];
