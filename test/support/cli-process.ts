/** The real `duban` CLI as a child process (node with tsx: one process, so a signal reaches it). */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/entry/cli.ts';

const CLI = fileURLToPath(new URL('../../src/entry/cli.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type Finished = { code: number | null; stdout: Buffer; stderr: string };

/** Only what the command should see: no DATABASE_URL or LARK_* from the developer's shell. */
export function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...extra };
}

export function startCli(args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env, stdio: 'pipe' });
}

export function finished(child: ChildProcess): Promise<Finished> {
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout?.on('data', (b: Buffer) => out.push(b));
  child.stderr?.on('data', (b: Buffer) => {
    stderr += b.toString('utf8');
  });
  return new Promise((resolve) => {
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
  });
}

export const runCliProcess = (args: readonly string[], env: NodeJS.ProcessEnv): Promise<Finished> =>
  finished(startCli(args, env));

/** Resolves once the child's standard error contains `needle`; rejects if it exits first. */
export function stderrContains(child: ChildProcess, needle: string | RegExp): Promise<string> {
  let seen = '';
  return new Promise((resolve, reject) => {
    const check = (b: Buffer) => {
      seen += b.toString('utf8');
      if (typeof needle === 'string' ? seen.includes(needle) : needle.test(seen)) resolve(seen);
    };
    child.stderr?.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before saying ${needle}:\n${seen}`)));
  });
}

export { freePort } from './redis-server.ts';

/** `duban ARGS` in this process against `databaseUrl`, with its output captured. */
export async function cliIn(databaseUrl: string, args: string[], now?: Date) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    now,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}
