/** bulletin_documents (migrations/20261129141000): the Feishu document of a written 专报 and how far it got. */
import { type ColumnType, type Selectable, sql } from 'kysely';
import type { Db } from '../client.ts';

export interface BulletinDocumentsTable {
  tenant_key: string;
  bulletin_id: number;
  document_id: string;
  batches_done: ColumnType<number, number | undefined, number>;
  shared_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export type BulletinDocument = { documentId: string; batchesDone: number; shared: boolean };

const withDocs = (db: Db) => db.withTables<{ bulletin_documents: BulletinDocumentsTable }>();
const toDocument = (r: Selectable<BulletinDocumentsTable>): BulletinDocument => ({
  documentId: r.document_id,
  batchesDone: r.batches_done,
  shared: r.shared_at !== null,
});

export async function findBulletinDocument(
  db: Db,
  tenantKey: string,
  bulletinId: number,
): Promise<BulletinDocument | undefined> {
  const row = await withDocs(db)
    .selectFrom('bulletin_documents')
    .selectAll()
    .where('tenant_key', '=', tenantKey)
    .where('bulletin_id', '=', bulletinId)
    .executeTakeFirst();
  return row ? toDocument(row) : undefined;
}

export async function insertBulletinDocument(
  db: Db,
  tenantKey: string,
  bulletinId: number,
  documentId: string,
): Promise<BulletinDocument> {
  await withDocs(db)
    .insertInto('bulletin_documents')
    .values({ tenant_key: tenantKey, bulletin_id: bulletinId, document_id: documentId })
    .onConflict((oc) => oc.columns(['tenant_key', 'bulletin_id']).doNothing())
    .execute();
  const stored = await findBulletinDocument(db, tenantKey, bulletinId);
  if (!stored) throw new Error(`bulletin document ${bulletinId} vanished`);
  return stored;
}

export async function recordDocumentProgress(
  db: Db,
  tenantKey: string,
  bulletinId: number,
  progress: { batchesDone?: number; shared?: true },
): Promise<void> {
  await withDocs(db)
    .updateTable('bulletin_documents')
    .set({
      ...(progress.batchesDone !== undefined ? { batches_done: progress.batchesDone } : {}),
      ...(progress.shared ? { shared_at: sql<Date>`now()` } : {}),
    })
    .where('tenant_key', '=', tenantKey)
    .where('bulletin_id', '=', bulletinId)
    .execute();
}
