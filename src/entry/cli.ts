import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import type { Env } from '../config/env.ts';
import { parseEnv } from '../config/env.ts';
import { createLogger } from '../lib/logger.ts';
import { COMMANDS } from './cli-commands.ts';
import type { Runtime } from './runtime.ts';
import { buildRuntime, migrate } from './runtime.ts';

/** Where a command writes: `out` and `write` are its output (stdout), `err` everything else (stderr). */
export type Io = {
  out: (line: string) => void;
  err: (line: string) => void;
  write?: (chunk: Buffer | string) => void;
};

export type OptionValue = string | boolean | Array<string | boolean> | undefined;

export type CommandInput = {
  values: Record<string, OptionValue>;
  positionals: string[];
  io: Io;
  now: Date;
  /** The parsed environment, or the one line naming what is wrong with it. */
  env(): Env | null;
  /** Runs `fn` with the database migrated (`applied`: the migrations just run) and every dependency built. */
  withRuntime(fn: (rt: Runtime, applied: string[]) => Promise<number>): Promise<number>;
};

export type CliCommand = {
  /** One or two words: 'migrate', 'directory import'. */
  name: string;
  /** The overview's lines for it. */
  synopsis: string;
  /** `duban NAME --help`; also printed (to stderr) after a usage error. */
  help: string;
  options?: NonNullable<ParseArgsConfig['options']>;
  run(input: CommandInput): Promise<number>;
};

const overview = (): string =>
  ['usage: duban <command> [options]   (duban <command> --help for its options)', '']
    .concat(COMMANDS.map((c) => c.synopsis))
    .join('\n');

const HELP = new Set(['--help', '-h', 'help']);

function findCommand(argv: readonly string[]): { command: CliCommand; rest: string[] } | null {
  const [first = '', second = ''] = argv;
  const two = COMMANDS.find((c) => c.name === `${first} ${second}`);
  if (two) return { command: two, rest: argv.slice(2) };
  const one = COMMANDS.find((c) => c.name === first);
  return one ? { command: one, rest: argv.slice(1) } : null;
}

/** Exit codes: 0 done (and --help), 1 the work failed, 2 a usage error (nothing done). */
export async function runCli(
  argv: string[],
  source: Record<string, string | undefined>,
  io: Io,
  now: Date = new Date(),
): Promise<number> {
  const [first] = argv;
  if (first === undefined || HELP.has(first)) {
    (first === undefined ? io.err : io.out)(overview());
    return first === undefined ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
    const wantsHelp = argv.slice(1).some((a) => HELP.has(a));
    if (group.length > 0 && wantsHelp) {
      io.out(group.map((c) => c.help).join('\n\n'));
      return 0;
    }
    io.err(
      group.length > 0
        ? `duban ${first}: unknown subcommand "${argv[1] ?? ''}"`
        : `duban: unknown command "${first}"`,
    );
    io.err(group.length > 0 ? group.map((c) => c.synopsis).join('\n') : overview());
    return 2;
  }
  const { command, rest } = found;
  let parsed: { values: CommandInput['values']; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    io.err(`duban ${command.name}: ${e instanceof Error ? e.message : String(e)}`);
    io.err(command.help);
    return 2;
  }
  if (parsed.values.help) {
    io.out(command.help);
    return 0;
  }
  let env: Env | null | undefined;
  const readEnv = (): Env | null => {
    if (env !== undefined) return env;
    const r = parseEnv(source);
    if (!r.ok) io.err(r.error);
    env = r.ok ? r.value : null;
    return env;
  };
  return command.run({
    ...parsed,
    io,
    now,
    env: readEnv,
    async withRuntime(fn) {
      const e = readEnv();
      if (!e) return 1;
      const built = await buildRuntime(e, createLogger(e.LOG_LEVEL), {
        role: 'cli',
        command: `duban ${command.name}`,
      });
      if (!built.ok) {
        io.err(`duban: ${built.error}`);
        return 1;
      }
      const rt = built.value;
      try {
        return await fn(rt, await migrate(rt));
      } finally {
        await rt.close();
      }
    },
  });
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
