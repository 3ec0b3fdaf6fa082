import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Env } from '../config/env.ts';
import type { Logger } from '../lib/logger.ts';

export type RedisChoice = {
  url: string;
  /** Stops the private redis-server, if this process started one. */
  stop(): Promise<void>;
};

export type PrivateRedisOptions = {
  /** Where a shared Redis is expected when REDIS_URL is unset. */
  probeUrl?: string;
  startTimeoutMs?: number;
};

const noStop = async () => {};
const TIED_TO_STDIN = 'exec 3<&0; "$0" "$@" & pid=$!; (read _ <&3; kill -TERM $pid 2>/dev/null) & wait $pid';
const PING_TIMEOUT_MS = 500;

/**
 * `npm start` on embedded defaults: REDIS_URL unset and nothing answering where it points by
 * default → a private redis-server from the PATH, its data under DUBAN_DATA_DIR/redis, on a free
 * port, stopped with the app. An explicit REDIS_URL is always used as given (production).
 */
export async function resolveRedis(
  env: Pick<Env, 'REDIS_URL' | 'redisUrlExplicit' | 'DUBAN_DATA_DIR' | 'PATH'>,
  logger: Logger,
  opts: PrivateRedisOptions = {},
): Promise<RedisChoice> {
  const shared = opts.probeUrl ?? env.REDIS_URL;
  if (env.redisUrlExplicit || (await redisAnswers(shared))) return { url: shared, stop: noStop };
  const binary = await findOnPath('redis-server', env.PATH);
  // Without one the app still runs and stores events; announceStartup says how to install it.
  if (!binary) return { url: shared, stop: noStop };
  const dir = path.resolve(env.DUBAN_DATA_DIR, 'redis');
  await mkdir(dir, { recursive: true });
  const portFile = path.join(dir, 'port');
  // Another duban process of this data directory (a second `npm start`, `duban jobs`) started one:
  // share it, since the processes must meet in one Redis, and leave stopping it to its owner.
  const running = await readFile(portFile, 'utf8').then(
    (p) => `redis://127.0.0.1:${p.trim()}`,
    () => null,
  );
  if (running && (await redisAnswers(running))) {
    logger.info({ url: running, dir }, 'using the private redis-server another duban process started here');
    return { url: running, stop: noStop };
  }
  const port = await freePort();
  const args = [
    ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
    ...['--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
    ...['--maxmemory-policy', 'noeviction'],
    ...['--logfile', path.join(dir, 'redis.log'), '--daemonize', 'no'],
  ];
  const url = `redis://127.0.0.1:${port}`;
  const launch = () => {
    // The server is tied to our stdin pipe: when this process ends, even by kill -9, the pipe closes
    // and the watcher stops the server. The shell exits with the server, so a failed start shows at once.
    return spawn('sh', ['-c', TIED_TO_STDIN, binary, ...args], { stdio: ['pipe', 'ignore', 'ignore'] });
  };
  const child = launch();
  if (!(await waitUntilUp(child, url, opts.startTimeoutMs ?? 10_000))) {
    child.kill('SIGKILL');
    logger.error({ binary, log: path.join(dir, 'redis.log') }, 'the private redis-server did not start');
    return { url: shared, stop: noStop };
  }
  await writeFile(portFile, String(port));
  logger.info(
    { url, dir, binary },
    `REDIS_URL is not set and nothing answers at ${shared}: started a private redis-server on 127.0.0.1:${port} (data in ${dir}, stopped with the app)`,
  );
  const supervisor = supervise(child, launch, url, logger, path.join(dir, 'redis.log'));
  return { url, stop: () => supervisor.stop() };
}

const RESTART_BACKOFF_MS = [200, 1_000, 5_000, 15_000];

/**
 * The private server is the app's queue: if it dies (killed, out of memory) it is started again on
 * the same port and data directory, so BullMQ's clients reconnect to it and the append-only file
 * brings the jobs back. One line when it stops and one when it is back, whatever the attempts.
 */
function supervise(
  first: ChildProcess,
  launch: () => ChildProcess,
  url: string,
  logger: Logger,
  logFile: string,
): { stop(): Promise<void> } {
  let current = first;
  let stopping = false;
  const watch = (child: ChildProcess) => {
    child.once('exit', (code, signal) => {
      if (stopping) return;
      logger.error(
        { url, code, signal, log: logFile },
        'the private redis-server stopped; starting it again',
      );
      void restart(0);
    });
  };
  const restart = async (attempt: number): Promise<void> => {
    await sleep(RESTART_BACKOFF_MS[Math.min(attempt, RESTART_BACKOFF_MS.length - 1)] ?? 15_000);
    if (stopping) return;
    const child = launch();
    current = child;
    if (await waitUntilUp(child, url, 10_000)) {
      if (stopping) return void (await stopChild(child));
      logger.info({ url, attempts: attempt + 1 }, 'the private redis-server is running again');
      watch(child);
      return;
    }
    child.kill('SIGKILL');
    return restart(attempt + 1);
  };
  watch(first);
  return {
    async stop() {
      stopping = true;
      await stopChild(current);
    },
  };
}

/** True when a Redis answers PING at `url` (no auth, which is what a local default has). */
export async function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(PING_TIMEOUT_MS, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

async function findOnPath(name: string, searchPath: string): Promise<string | null> {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(child: ChildProcess, url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    if (await redisAnswers(url)) return true;
    await sleep(50);
  }
  return false;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Closing the pipe makes the watcher send SIGTERM: redis-server flushes its append-only file and exits.
  child.stdin?.end();
  const stopped = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
  if (!stopped) child.kill('SIGKILL');
}
