import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fixtureSecrets, signedRequest } from './lark-requests.ts';
import { freePort } from './redis-server.ts';

const CLI = fileURLToPath(new URL('../../src/entry/cli.ts', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/duban.mjs', import.meta.url));

/** The real `duban serve` (or `jobs`) entry as a child process: node with tsx, so SIGKILL kills all of it. */
export type ServeProcess = {
  child: ChildProcess;
  url: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  alive(): boolean;
  kill(signal?: NodeJS.Signals): Promise<void>;
};

export async function startServe(
  env: Record<string, string>,
  opts: { command?: 'serve' | 'jobs'; port?: number; compiled?: boolean } = {},
): Promise<ServeProcess> {
  const port = opts.port ?? (await freePort());
  // compiled: the built dist/ through bin/duban.mjs, as `npm start` and the systemd unit run it.
  const entry = opts.compiled ? [BIN] : ['--import', 'tsx', CLI];
  const child = spawn(process.execPath, [...entry, opts.command ?? 'serve'], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const proc: ServeProcess = {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    alive: () => child.exitCode === null && child.signalCode === null,
    kill: (signal = 'SIGKILL') =>
      new Promise<void>((resolve) => {
        if (!proc.alive()) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  // Ready once it answers /healthz (`jobs` serves no HTTP: once it says it runs).
  for (;;) {
    if (exited) throw new Error(`duban ${opts.command ?? 'serve'} exited with ${child.exitCode}:\n${out}`);
    if (opts.command === 'jobs' ? /jobs engine running/.test(out) : await healthy(proc.url)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return proc;
}

async function healthy(url: string): Promise<boolean> {
  const res = await fetch(`${url}/healthz`).catch(() => null);
  return res?.status === 200;
}

/**
 * Delivers an event as Feishu does: signed and encrypted, re-sent until it is answered 200 (or
 * `stop()` says to give up). `baseUrl` is read before each try: the server may move or restart.
 */
export async function deliverEvent(
  baseUrl: () => string,
  ev: object,
  opts: { retryMs?: number; stop?: () => boolean } = {},
): Promise<boolean> {
  while (!opts.stop?.()) {
    const req = signedRequest(fixtureSecrets, ev);
    const res = await fetch(`${baseUrl()}/lark/events`, {
      method: 'POST',
      body: req.body,
      headers: req.headers,
    }).catch(() => null);
    if (res?.status === 200) return true;
    await new Promise((r) => setTimeout(r, opts.retryMs ?? 100));
  }
  return false;
}
