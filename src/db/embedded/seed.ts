/**
 * A freshly initialised PGlite data directory, made once by `npm run build` (scripts/build.mjs) and
 * copied into place on an embedded database's first start: PGlite's own initdb in WebAssembly takes
 * 5–20 s and the migrations another second or two, a plain file copy of the ~40 MB cluster a fraction
 * of a second. It holds the migrations up to the newest one when it was built (the migrator applies
 * nothing then); it is keyed by PGlite's version too, because a data directory is only readable by the
 * version that wrote it.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { latestMigration, MIGRATIONS_DIR } from '../migrate.ts';

/**
 * Where the seed for the installed PGlite and the newest migration lives: the build makes it there
 * (scripts/build.mjs, through make-seed.ts) and a start looks for it there. Throws when PGlite is not
 * installed.
 */
export function seedDirectory(): string {
  // migrate.ts already found the project root: the folder holding migrations/ and package.json.
  const root = path.dirname(MIGRATIONS_DIR);
  const pkg = path.join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json');
  const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string };
  return path.join(root, 'dist', 'seed', `pglite-${version}-${latestMigration(MIGRATIONS_DIR)}`);
}

/** The build's seed, or null: never built (`npm run dev`), or a migration added since the build. */
export function seedPath(): string | null {
  try {
    const dir = seedDirectory();
    return existsSync(path.join(dir, 'PG_VERSION')) ? dir : null;
  } catch {
    return null;
  }
}

/**
 * Puts the seed at `<dir>/pglite` when no cluster is there yet. The copy goes to a side directory and
 * is renamed into place, so an interrupted copy (kill -9) never leaves a half-written cluster where
 * PGlite would open it. True when the seed was used.
 */
export async function placeSeed(dir: string, seed: string | null): Promise<boolean> {
  const dataDir = path.join(dir, 'pglite');
  if (!seed || existsSync(path.join(dataDir, 'PG_VERSION'))) return false;
  const side = path.join(dir, 'pglite.seeding');
  await rm(side, { recursive: true, force: true });
  // Synchronous: about three times faster than fs.promises.cp over the cluster's ~1,200 files, and
  // it runs once, before anything else is served.
  cpSync(seed, side, { recursive: true });
  await rm(dataDir, { recursive: true, force: true });
  await rename(side, dataDir);
  return true;
}
