/**
 * Serves the server's embedded database (PGlite, one session) over the Postgres wire protocol on a
 * local socket, so `duban` commands run while the server is up write through the server instead of
 * opening the data directory a second time.
 *
 * PGlite has one backend session, so clients take turns by unit of work: a connection holds the
 * session mutex (shared with the server's own queries, see driver.ts) from its first message until the
 * ReadyForQuery that leaves no transaction open. Nobody's statement ever runs inside another's
 * transaction or between another's Parse and Sync.
 */
import { unlink } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import type { Logger } from '../../lib/logger.ts';
import type { BridgeAddress } from './lock.ts';
import type { Mutex } from './mutex.ts';

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const QUERY = 0x51; // 'Q'
const SYNC = 0x53; // 'S'
const TERMINATE = 0x58; // 'X'
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

/** A client that holds the session and then goes quiet (a stuck command) is cut off after this. */
const IDLE_MS = 60_000;

export type Bridge = { address: BridgeAddress; close(): Promise<void> };

type Message = { type: number | null; bytes: Uint8Array };

/** Cuts complete messages off the front of `buf`; the first message of a connection has no type byte. */
function nextMessage(buf: Buffer, started: boolean): { message: Message; rest: Buffer } | null {
  if (!started) {
    if (buf.length < 8) return null;
    const len = buf.readInt32BE(0);
    if (buf.length < len) return null;
    return { message: { type: null, bytes: new Uint8Array(buf.subarray(0, len)) }, rest: buf.subarray(len) };
  }
  if (buf.length < 5) return null;
  const len = 1 + buf.readInt32BE(1);
  if (buf.length < len) return null;
  return {
    message: { type: buf[0] ?? null, bytes: new Uint8Array(buf.subarray(0, len)) },
    rest: buf.subarray(len),
  };
}

/** Serves one client; resolves once it is gone and the session is handed back clean. */
function serveConnection(socket: Socket, pglite: PGlite, mutex: Mutex, logger: Logger): Promise<void> {
  let buf: Buffer = Buffer.alloc(0);
  let started = false;
  let closed = false;
  let release: (() => void) | null = null;
  let work: Promise<void> = Promise.resolve();

  const endSession = async (): Promise<void> => {
    if (!release) return;
    // A half-sent extended query or an open transaction must not leak into the next holder.
    await pglite.execProtocolRaw(SYNC_MESSAGE);
    if (pglite.isInTransaction()) await pglite.exec('ROLLBACK');
    release();
    release = null;
  };

  const handle = async (m: Message): Promise<void> => {
    if (m.type === null) {
      const code = Buffer.from(m.bytes).readInt32BE(4);
      if (code === SSL_REQUEST || code === GSS_REQUEST) {
        socket.write('N');
        return;
      }
      if (code === CANCEL_REQUEST) {
        socket.end();
        return;
      }
      started = true;
    }
    if (m.type === TERMINATE) {
      await endSession();
      socket.end();
      return;
    }
    release ??= await mutex.acquire();
    const out = await pglite.execProtocolRaw(m.bytes);
    if (out.length > 0 && !closed) socket.write(out);
    const endsUnit = m.type === null || m.type === QUERY || m.type === SYNC;
    if (endsUnit && !pglite.isInTransaction()) {
      release();
      release = null;
    }
  };

  const drain = async (): Promise<void> => {
    for (let next = nextMessage(buf, started); next && !closed; next = nextMessage(buf, started)) {
      buf = next.rest;
      await handle(next.message);
    }
  };

  const fail = (e: unknown): void => {
    logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'embedded database client dropped');
    socket.destroy();
  };

  socket.setNoDelay(true);
  socket.setTimeout(IDLE_MS, () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    work = work.then(drain).catch(fail);
  });
  socket.on('error', () => {});
  return new Promise<void>((resolve) => {
    socket.on('close', () => {
      closed = true;
      work = work
        .then(endSession)
        .catch((e: unknown) => {
          logger.error(
            { err: e instanceof Error ? e.message : String(e) },
            'embedded database cleanup failed',
          );
        })
        .finally(resolve);
    });
  });
}

/**
 * Listens on a Unix socket in the data directory (`.s.PGSQL.5432`, so `pg` connects with
 * `host: <dir>`), or on an ephemeral loopback port when that path is too long for a socket.
 */
export async function startBridge(
  pglite: PGlite,
  mutex: Mutex,
  socketDir: string,
  logger: Logger,
): Promise<Bridge> {
  const connections = new Map<Socket, Promise<void>>();
  const server: Server = createServer((socket) => {
    const done = serveConnection(socket, pglite, mutex, logger);
    connections.set(socket, done);
    void done.then(() => connections.delete(socket));
  });
  const path = `${socketDir}/.s.PGSQL.5432`;
  // sun_path is 108 bytes on Linux (104 on macOS).
  const useUnix = Buffer.byteLength(path) < 100;
  // A socket file left by a server that died; the caller holds the lock, so it is not anyone's.
  if (useUnix) await unlink(path).catch(() => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (useUnix) server.listen(path, resolve);
    else server.listen(0, '127.0.0.1', resolve);
  });
  const bound = server.address();
  const address: BridgeAddress =
    useUnix || bound === null || typeof bound === 'string'
      ? { host: socketDir, port: 5432 }
      : { host: '127.0.0.1', port: bound.port };
  return {
    address,
    async close() {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of connections.keys()) socket.destroy();
      await Promise.all([closing, ...connections.values()]);
    },
  };
}
