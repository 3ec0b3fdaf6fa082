import type { ColumnType, Generated, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { BulletinFigures, CriticismUnit } from '../../domain/bulletin.ts';
import type { Period } from '../../domain/figures.ts';
import type { Db } from '../client.ts';

export type BulletinStatus = 'draft' | 'published' | 'dropped';
export type BulletinOrigin = 'scheduled' | 'manual';

/** migrations/20261126130000_create_bulletins.sql, typed here so database.ts stays untouched. */
export interface BulletinsTable {
  id: Generated<number>;
  tenant_key: string;
  period_from: string;
  period_to: string;
  origin: ColumnType<BulletinOrigin, BulletinOrigin | undefined, never>;
  figures: ColumnType<BulletinFigures, string, never>;
  criticism: ColumnType<CriticismUnit[], string, never>;
  status: ColumnType<BulletinStatus, BulletinStatus | undefined, BulletinStatus>;
  decided_by: string | null;
  decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

const withBulletins = (db: Db) => db.withTables<{ bulletins: BulletinsTable }>();

export type BulletinRecord = {
  id: number;
  tenantKey: string;
  period: Period;
  origin: BulletinOrigin;
  figures: BulletinFigures;
  criticism: CriticismUnit[];
  status: BulletinStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Date;
};

const toRecord = (r: Selectable<BulletinsTable>): BulletinRecord => ({
  id: r.id,
  tenantKey: r.tenant_key,
  period: { from: r.period_from, to: r.period_to },
  origin: r.origin,
  figures: r.figures,
  criticism: r.criticism,
  status: r.status,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  createdAt: r.created_at,
});

export type NewBulletin = {
  period: Period;
  origin: BulletinOrigin;
  figures: BulletinFigures;
  criticism: readonly CriticismUnit[];
  /** 'published' with `decidedAt` when there is nothing to approve. */
  status: BulletinStatus;
  decidedAt: Date | null;
};

/**
 * Stores a bulletin. A scheduled one is made once per period: a second insert (a retried job)
 * returns the first row and `created: false`.
 */
export async function insertBulletin(
  db: Db,
  tenantKey: string,
  b: NewBulletin,
): Promise<{ record: BulletinRecord; created: boolean }> {
  const bdb = withBulletins(db);
  const row = await bdb
    .insertInto('bulletins')
    .values({
      tenant_key: tenantKey,
      period_from: b.period.from,
      period_to: b.period.to,
      origin: b.origin,
      figures: JSON.stringify(b.figures),
      criticism: JSON.stringify(b.criticism),
      status: b.status,
      decided_at: b.decidedAt,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_key', 'period_from', 'period_to']).where('origin', '=', 'scheduled').doNothing(),
    )
    .returningAll()
    .executeTakeFirst();
  if (row) return { record: toRecord(row), created: true };
  const existing = await bdb
    .selectFrom('bulletins')
    .selectAll()
    .where('tenant_key', '=', tenantKey)
    .where('origin', '=', 'scheduled')
    .where('period_from', '=', b.period.from)
    .where('period_to', '=', b.period.to)
    .executeTakeFirstOrThrow();
  return { record: toRecord(existing), created: false };
}

export async function findBulletin(
  db: Db,
  tenantKey: string,
  id: number,
): Promise<BulletinRecord | undefined> {
  const row = await withBulletins(db)
    .selectFrom('bulletins')
    .selectAll()
    .where('tenant_key', '=', tenantKey)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Claims the decision on a draft: only the first of two concurrent clicks gets a row back. */
export async function decideBulletinRow(
  db: Db,
  tenantKey: string,
  id: number,
  status: Exclude<BulletinStatus, 'draft'>,
  decidedBy: string,
  at: Date,
): Promise<BulletinRecord | undefined> {
  const row = await withBulletins(db)
    .updateTable('bulletins')
    .set({ status, decided_by: decidedBy, decided_at: at })
    .where('tenant_key', '=', tenantKey)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .returningAll()
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** overdueNow of the bulletins whose period ends within [from, to], for the trend chart. */
export async function overdueSnapshots(
  db: Db,
  tenantKey: string,
  from: string,
  to: string,
): Promise<{ periodTo: string; overdueNow: number }[]> {
  const rows = await withBulletins(db)
    .selectFrom('bulletins')
    .select(['period_to', sql<number>`(figures->>'overdueNow')::int`.as('overdue_now')])
    .where('tenant_key', '=', tenantKey)
    .where('period_to', '>=', from)
    .where('period_to', '<=', to)
    .orderBy('period_to')
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ periodTo: r.period_to, overdueNow: r.overdue_now }));
}
