/**
 * The embedded database's lock file (`<data dir>/pglite.lock`): which process owns the PGlite data
 * directory. PGlite is single-process; a second process opening the same directory overwrites the
 * first one's writes, so exactly one process opens it and any other goes through that one's socket.
 *
 * Taken by linking a fully written temp file into place (atomic, never half-written); a lock whose
 * process is gone is taken over by renaming it away first, so of two processes recovering the same
 * stale lock only one succeeds.
 */
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';

export type BridgeAddress = { host: string; port: number };

export type LockHolder = {
  pid: number;
  role: 'server' | 'cli';
  /** The command line, for the message another process shows ("duban serve"). */
  command: string;
  since: string;
  /** Where a server accepts connections to the database; absent while it is starting. */
  socket?: BridgeAddress;
};

export type HeldLock = {
  /** Rewrites the lock's content (the server adds its socket once listening). */
  update(holder: LockHolder): Promise<void>;
  release(): Promise<void>;
};

export type LockState = { kind: 'free' } | { kind: 'held'; holder: LockHolder };

function alive(pid: number): boolean {
  // Our own pid in a lock we do not hold in memory is a previous process's (a restarted container).
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const isHolder = (v: unknown): v is LockHolder =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as LockHolder).pid === 'number' &&
  ((v as LockHolder).role === 'server' || (v as LockHolder).role === 'cli');

async function readHolder(file: string): Promise<LockHolder | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return isHolder(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

/** Who holds the lock now; a lock left by a dead process counts as free. */
export async function inspectLock(file: string): Promise<LockState> {
  const holder = await readHolder(file);
  return holder && alive(holder.pid) ? { kind: 'held', holder } : { kind: 'free' };
}

async function writeTemp(file: string, holder: LockHolder): Promise<string> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  return tmp;
}

/** Moves aside a lock whose process is gone (putting back one a racing process took meanwhile). */
async function takeOverStale(file: string, stalePid: number | null): Promise<void> {
  const aside = `${file}.stale.${process.pid}`;
  try {
    await rename(file, aside);
  } catch (e) {
    if (errno(e) === 'ENOENT') return;
    throw e;
  }
  const moved = await readHolder(aside);
  if (moved && moved.pid !== stalePid && alive(moved.pid)) {
    // We moved a live process's fresh lock: put it back (it was created after our look).
    await link(aside, file).catch(() => {});
  }
  await unlink(aside).catch(() => {});
}

/** Takes the lock, or says who holds it. */
export async function tryLock(
  file: string,
  holder: LockHolder,
): Promise<{ ok: true; lock: HeldLock } | { ok: false; holder: LockHolder }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const tmp = await writeTemp(file, holder);
    try {
      await link(tmp, file);
      return { ok: true, lock: heldLock(file) };
    } catch (e) {
      if (errno(e) !== 'EEXIST') throw e;
    } finally {
      await unlink(tmp).catch(() => {});
    }
    const current = await readHolder(file);
    if (current && alive(current.pid)) return { ok: false, holder: current };
    await takeOverStale(file, current?.pid ?? null);
  }
  throw new Error(`could not take the lock ${file}: it keeps changing hands`);
}

function heldLock(file: string): HeldLock {
  return {
    async update(holder) {
      const tmp = await writeTemp(file, holder);
      await rename(tmp, file);
    },
    async release() {
      const current = await readHolder(file);
      if (current?.pid === process.pid) await unlink(file).catch(() => {});
    },
  };
}
