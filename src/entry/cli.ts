import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Env } from '../config/env.ts';
import { parseEnv } from '../config/env.ts';
import { parseDirectory } from '../domain/directory.ts';
import { createLogger } from '../lib/logger.ts';
import { importDirectory } from '../services/import-directory.ts';
import { runCalendar, runParse } from './cli-admin.ts';
import type { Runtime } from './runtime.ts';
import { announceStartup, buildRuntime, migrate } from './runtime.ts';

const USAGE = `usage: duban <command>
  serve                    run the webhook app and the jobs engine (applies migrations first)
  jobs                     run the jobs engine only
  migrate                  apply database migrations
  directory import FILE    import the unit directory (YAML); refused whole on any error
  parse "TEXT" [--issued YYYY-MM-DD] [--directory FILE]
                           read an instruction: units, deadline, source, title (JSON)
  calendar list|holiday|workday|remove [DATE] --tenant KEY
                           the tenant's working-day overrides
  export --format xlsx|csv [--from DATE] [--to DATE] [--out FILE] [--tenant KEY]
                           the ledger (督查台账); CSV to standard output without --out
  audit export [--format csv|jsonl] [--from DATE] [--to DATE] [--out FILE] [--tenant KEY]
                           the audit trail (item events) of a period
  base sync [--tenant KEY] resync the 多维表格 ledger (writes only what differs)`;

type Io = {
  out: (line: string) => void;
  err: (line: string) => void;
  write?: (chunk: Buffer | string) => void;
};

async function withRuntime(env: Env, fn: (rt: Runtime) => Promise<number>): Promise<number> {
  const rt = await buildRuntime(env, createLogger(env.LOG_LEVEL));
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

export async function runCli(
  argv: string[],
  source: Record<string, string | undefined>,
  io: Io,
): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false });
  const [command, sub, arg] = positionals;
  // Pure: runs with no configuration and touches no database.
  if (command === 'parse') return runParse(argv.slice(1), io, new Date());
  const parsedEnv = parseEnv(source);
  if (!parsedEnv.ok) {
    io.err(parsedEnv.error);
    return 1;
  }
  const env = parsedEnv.value;
  switch (command) {
    case 'migrate':
      return withRuntime(env, async (rt) => {
        const applied = await migrate(rt);
        io.out(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
        return 0;
      });
    case 'directory': {
      if (sub !== 'import' || !arg) break;
      let text: string;
      try {
        text = await readFile(arg, 'utf8');
      } catch (e) {
        io.err(`cannot read ${arg}: ${e instanceof Error ? e.message : String(e)}`);
        return 1;
      }
      const dir = parseDirectory(text);
      if (!dir.ok) {
        io.err(`${arg}: 名录有误，未导入任何内容：`);
        for (const p of dir.error) io.err(`  - ${p}`);
        return 1;
      }
      return withRuntime(env, async (rt) => {
        await migrate(rt);
        const s = await importDirectory(rt.deps.db, dir.value);
        io.out(`imported tenant ${s.tenantKey}: ${s.people} people, ${s.units} units, ${s.groups} groups`);
        return 0;
      });
    }
    case 'calendar':
      return withRuntime(env, async (rt) => {
        await migrate(rt);
        return runCalendar(argv.slice(1), rt.deps.db, io);
      });
    case 'export':
    case 'audit':
      return withRuntime(env, async (rt) => {
        await migrate(rt);
        const { runExportCommand } = await import('./cli-export.ts');
        return runExportCommand(
          argv,
          rt.deps.db,
          { ...io, write: io.write ?? ((b) => io.out(String(b))) },
          new Date(),
        );
      });
    case 'base':
      return withRuntime(env, async (rt) => {
        await migrate(rt);
        const { runBaseCommand } = await import('./cli-base.ts');
        return runBaseCommand(argv, rt.deps, io, new Date());
      });
    case 'serve':
    case 'jobs': {
      const rt = await buildRuntime(env, createLogger(env.LOG_LEVEL));
      await migrate(rt);
      await announceStartup(rt, env);
      // Loaded here so the admin commands start without the app and the engine.
      const { runNode } = await import('./serve.ts');
      await runNode(rt, env, command === 'serve');
      return 0;
    }
  }
  io.err(USAGE);
  return 2;
}

const isMain = process.argv[1] !== undefined && /cli\.ts$|duban(\.mjs)?$/.test(process.argv[1]);
if (isMain) {
  const code = await runCli(process.argv.slice(2), process.env, {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    write: (chunk) => process.stdout.write(chunk),
  }).catch((e: unknown) => {
    process.stderr.write(`duban: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  });
  process.exit(code);
}
