/**
 * A freshly initialised PGlite data directory, made once by `npm run build` (scripts/build.mjs) and
 * loaded on an embedded database's first start: PGlite's own initdb in WebAssembly takes 5–20 s,
 * unpacking the seed about a second. Migrations still run after it, so the seed holds no schema and
 * never goes stale; it is keyed by PGlite's version because a data directory is only readable by the
 * version that wrote it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the nearest directory above this module (src/… or dist/…) holding package.json. */
function projectRoot(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

export function seedFileName(pgliteVersion: string): string {
  return `pglite-${pgliteVersion}.tar.gz`;
}

export function seedPath(): string | null {
  const root = projectRoot();
  if (!root) return null;
  try {
    const pkg = path.join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json');
    const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string };
    const file = path.join(root, 'dist', 'seed', seedFileName(version));
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/**
 * How to open `<dir>/pglite`: from the seed when it has never been initialised. A marker written
 * before loading and removed after makes an interrupted load (kill -9 mid-unpack) start over instead
 * of opening a half-written cluster.
 */
export async function prepareSeed(
  dir: string,
  seedFile: string | null = seedPath(),
): Promise<{ seed: Blob | null; done: () => Promise<void> }> {
  const dataDir = path.join(dir, 'pglite');
  const marker = path.join(dir, 'pglite.seeding');
  if (existsSync(marker)) await rm(dataDir, { recursive: true, force: true });
  const file = existsSync(path.join(dataDir, 'PG_VERSION')) ? null : seedFile;
  if (!file) return { seed: null, done: async () => {} };
  await writeFile(marker, '');
  return { seed: new Blob([readFileSync(file)]), done: () => rm(marker, { force: true }) };
}
