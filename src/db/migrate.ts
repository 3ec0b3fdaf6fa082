import { existsSync, readdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Migration, MigrationProvider, MigrationResultSet } from 'kysely';
import { Migrator, sql } from 'kysely';
import type { Db } from './client.ts';

/**
 * The migrations folder beside package.json, found upwards from this module: it sits two levels down
 * in the sources (src/db/) and one in the build (dist/).
 */
function findMigrationsDir(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; ) {
    const candidate = path.join(dir, 'migrations');
    if (existsSync(candidate) && existsSync(path.join(dir, 'package.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no migrations folder above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export const MIGRATIONS_DIR = findMigrationsDir();

/**
 * Splits a SQL file into statements at top-level semicolons, keeping dollar-quoted bodies and
 * string literals whole. Statements run one by one because the embedded engine takes one per query.
 */
export function splitSql(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if (ch === "'") {
      i = text.indexOf("'", i + 1) + 1 || text.length;
    } else if (ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i))?.[0];
      if (tag) {
        const end = text.indexOf(tag, i + tag.length);
        i = end === -1 ? text.length : end + tag.length;
      } else i++;
    } else if (ch === ';') {
      out.push(text.slice(start, i));
      start = ++i;
    } else i++;
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.replace(/--[^\n]*/g, '').trim() !== '');
}

const MIGRATION_FILE = /^\d{14}_[a-z0-9_]+\.sql$/;

/** The newest migration's name (what the embedded database's seed is named by), or 'none'. */
export function latestMigration(dir: string = MIGRATIONS_DIR): string {
  const files = readdirSync(dir)
    .filter((f) => MIGRATION_FILE.test(f))
    .sort();
  return (files.at(-1) ?? 'none').replace(/\.sql$/, '');
}

/** Forward-only SQL files named `YYYYMMDDHHMMSS_name.sql`; never edited after they land. */
export class SqlFileMigrationProvider implements MigrationProvider {
  constructor(private readonly dir: string = MIGRATIONS_DIR) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.dir)).filter((f) => MIGRATION_FILE.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const text = await readFile(path.join(this.dir, file), 'utf8');
      migrations[file.replace(/\.sql$/, '')] = {
        up: async (db) => {
          for (const statement of splitSql(text)) await sql.raw(statement).execute(db);
        },
      };
    }
    return migrations;
  }
}

export type MigrateOutcome = { applied: string[] };

export async function migrateToLatest(db: Db, dir?: string): Promise<MigrateOutcome> {
  const migrator = new Migrator({ db, provider: new SqlFileMigrationProvider(dir) });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    // No failed migration named: the migrator could not start (the database went away, a lock).
    throw new Error(failed ? `migration ${failed} failed: ${reason}` : `cannot apply migrations: ${reason}`);
  }
  return { applied: (results ?? []).map((r) => r.migrationName) };
}
