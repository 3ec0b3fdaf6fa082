/** Opens the database an entrypoint uses, with one clear line when it cannot. */
import { sql } from 'kysely';
import type { Logger } from '../lib/logger.ts';
import { redactUrl } from '../lib/logger.ts';
import type { Result } from '../lib/result.ts';
import { err, ok } from '../lib/result.ts';
import type { DbHandle } from './client.ts';
import { createPostgresDb } from './client.ts';
import type { EmbeddedRole } from './embedded/index.ts';
import { openEmbeddedDb } from './embedded/index.ts';

/** pg's connection errors: an AggregateError (IPv4 and IPv6 both refused) has an empty message. */
function reasonOf(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length > 0) return reasonOf(e.errors[0]);
  if (!(e instanceof Error)) return String(e);
  const code = (e as NodeJS.ErrnoException).code;
  return e.message || code || e.name;
}

export type OpenDatabaseOptions = {
  databaseUrl: string | undefined;
  dataDir: string;
  role: EmbeddedRole;
  command: string;
  logger: Logger;
  waitMs?: number;
};

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Result<DbHandle, string>> {
  if (!opts.databaseUrl) return openEmbeddedDb(opts);
  const handle = createPostgresDb(opts.databaseUrl, 10, opts.logger);
  try {
    await sql`select 1`.execute(handle.db);
    return ok(handle);
  } catch (e) {
    await handle.close().catch(() => {});
    const reason = reasonOf(e);
    return err(
      `cannot reach the database at ${redactUrl(opts.databaseUrl)} (DATABASE_URL): ${reason}. ` +
        `Start Postgres there or correct DATABASE_URL; unset it to use the embedded database in ${opts.dataDir}`,
    );
  }
}
