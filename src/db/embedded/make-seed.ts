/**
 * Makes the embedded database's seed at build time (scripts/build.mjs bundles this file and calls it):
 * a PGlite cluster with every migration applied, so that a first start only copies it and opens it.
 */
import { Kysely } from 'kysely';
import type { Db } from '../client.ts';
import type { Database } from '../database.ts';
import { migrateToLatest } from '../migrate.ts';
import { EmbeddedDialect } from './driver.ts';
import { Mutex } from './mutex.ts';

export { seedDirectory } from './seed.ts';

export async function makeSeed(dataDir: string): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create(dataDir);
  const db: Db = new Kysely<Database>({ dialect: new EmbeddedDialect(pglite, new Mutex()) });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
    await pglite.close();
  }
}
