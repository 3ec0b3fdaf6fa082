/**
 * The embedded database (PGlite under `<data dir>/pglite`) shared safely between `duban serve` and
 * `duban` commands. One process owns the data directory (pglite.lock):
 * - a server opens it and serves it on a local socket (bridge.ts), recording the socket in the lock;
 * - a command run while a server is up connects to that socket with `pg`;
 * - a command run with no server opens it itself under the lock; a server starting meanwhile waits for
 *   it, and a command never opens a directory someone else holds.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from '../../lib/logger.ts';
import { errorForLog } from '../../lib/logger.ts';
import type { Result } from '../../lib/result.ts';
import { err, ok } from '../../lib/result.ts';
import type { Db, DbHandle } from '../client.ts';
import type { Database } from '../database.ts';
import { startBridge } from './bridge.ts';
import { EmbeddedDialect } from './driver.ts';
import type { BridgeAddress, LockHolder } from './lock.ts';
import { tryLock } from './lock.ts';
import { Mutex } from './mutex.ts';
import { placeSeed, seedPath } from './seed.ts';

export type EmbeddedRole = 'server' | 'cli';

export type EmbeddedOptions = {
  dataDir: string;
  /** A server serves the database to commands; a command uses a running server's or opens it alone. */
  role: EmbeddedRole;
  /** Shown to the other process while it waits ("duban directory import"). */
  command: string;
  logger: Logger;
  /** How long to wait for another process to let go before refusing. */
  waitMs?: number;
  pollMs?: number;
  /** The initialised cluster a new data directory starts from; by default the build's (seed.ts). */
  seedFile?: string | null;
};

// int8 as numbers and dates as 'YYYY-MM-DD' strings, as client.ts sets for pg.
const INT8 = 20;
const DATE = 1082;

const PARSERS = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8) return (v: string) => Number(v);
    if (oid === DATE) return (v: string) => v;
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid);
  }) as typeof pg.types.getTypeParser,
};

async function openOwned(dir: string, role: EmbeddedRole, logger: Logger, seedFile?: string | null) {
  const { PGlite } = await import('@electric-sql/pglite');
  const dataDir = path.join(dir, 'pglite');
  const parsers = { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v };
  const seeded = await placeSeed(dir, seedFile === undefined ? seedPath() : seedFile).catch((e: unknown) => {
    logger.warn({ dir, err: errorForLog(e) }, 'the build’s database seed could not be copied; initialising');
    return false;
  });
  let pglite: InstanceType<typeof PGlite>;
  try {
    pglite = await PGlite.create(dataDir, { parsers });
  } catch (e) {
    if (!seeded) throw e;
    // A damaged seed must not keep the bot from starting: fall back to PGlite's own initdb.
    logger.warn({ dir, err: errorForLog(e) }, 'the build’s database seed could not be opened; initialising');
    await rm(dataDir, { recursive: true, force: true });
    pglite = await PGlite.create(dataDir, { parsers });
  }
  if (seeded) logger.info({ dir }, 'embedded database created from the build’s seed');
  const mutex = new Mutex();
  const db: Db = new Kysely<Database>({ dialect: new EmbeddedDialect(pglite, mutex) });
  const bridge = role === 'server' ? await startBridge(pglite, mutex, dir, logger) : null;
  return { pglite, db, bridge };
}

/** A connection to a running server's socket, checked with one query; null if it does not answer. */
async function connectToServer(address: BridgeAddress): Promise<DbHandle | null> {
  const pool = new pg.Pool({ ...address, user: 'postgres', database: 'postgres', max: 1, types: PARSERS });
  // As in createPostgresDb: a checked-out client's 'error' (the server stopped) must not kill a command.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db: Db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
    return { db, kind: 'pglite', close: () => db.destroy() };
  } catch {
    await db.destroy().catch(() => {});
    return null;
  }
}

const describe = (h: LockHolder): string => `“${h.command}” (pid ${h.pid})`;

export async function openEmbeddedDb(opts: EmbeddedOptions): Promise<Result<DbHandle, string>> {
  const dir = path.resolve(opts.dataDir);
  await mkdir(dir, { recursive: true });
  const lockFile = path.join(dir, 'pglite.lock');
  const me: LockHolder = {
    pid: process.pid,
    role: opts.role,
    command: opts.command,
    since: new Date().toISOString(),
  };
  const deadline = Date.now() + (opts.waitMs ?? 60_000);
  let waitingFor: number | null = null;
  for (;;) {
    const taken = await tryLock(lockFile, me);
    if (taken.ok) {
      const { lock } = taken;
      try {
        const { pglite, db, bridge } = await openOwned(dir, opts.role, opts.logger, opts.seedFile);
        if (bridge) await lock.update({ ...me, socket: bridge.address });
        opts.logger.info(
          { dir, socket: bridge?.address },
          'DATABASE_URL is not set: using the embedded database',
        );
        return ok({
          db,
          kind: 'pglite',
          async close() {
            await db.destroy();
            await bridge?.close();
            await pglite.close();
            await lock.release();
          },
        });
      } catch (e) {
        await lock.release();
        throw e;
      }
    }
    const { holder } = taken;
    if (opts.role === 'server' && holder.role === 'server') {
      return err(
        `the embedded database in ${dir} is already in use by ${describe(holder)}: run one server, or set DATABASE_URL`,
      );
    }
    if (opts.role === 'cli' && holder.role === 'server' && holder.socket) {
      const handle = await connectToServer(holder.socket);
      if (handle) {
        opts.logger.info(
          { dir, server: holder.pid },
          'using the embedded database through the running server',
        );
        return ok(handle);
      }
    }
    if (Date.now() >= deadline) {
      return err(
        `the embedded database in ${dir} is busy: ${describe(holder)} holds it; try again when it has finished, or set DATABASE_URL`,
      );
    }
    if (waitingFor !== holder.pid) {
      waitingFor = holder.pid;
      opts.logger.warn(
        { dir, holder: holder.pid },
        `waiting for ${describe(holder)} to let go of the embedded database`,
      );
    }
    await sleep(opts.pollMs ?? 200);
  }
}
