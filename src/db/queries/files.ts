import { createHash } from 'node:crypto';
import type { Db } from '../client.ts';
import type { MessageFilesTable } from '../database.ts';

export type StoredFileMeta = { id: number; name: string; mime: string; size: number };

/** Stores a downloaded file once per tenant and checksum; the same bytes again return the first copy. */
export async function storeFile(
  db: Db,
  tenantKey: string,
  file: { bytes: Buffer; name: string; mime: string; messageId: string },
): Promise<number> {
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const inserted = await db
    .insertInto('stored_files')
    .values({
      tenant_key: tenantKey,
      sha256,
      name: file.name,
      mime: file.mime,
      size: file.bytes.length,
      bytes: file.bytes,
      source_message_id: file.messageId,
    })
    .onConflict((oc) => oc.columns(['tenant_key', 'sha256']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return inserted.id;
  const found = await db
    .selectFrom('stored_files')
    .select('id')
    .where('tenant_key', '=', tenantKey)
    .where('sha256', '=', sha256)
    .executeTakeFirstOrThrow();
  return found.id;
}

export type MessageFile = Pick<MessageFilesTable, 'file_key' | 'kind' | 'name' | 'file_id' | 'problem'>;

/** Records what became of one resource of a message; the first record stands. */
export async function recordMessageFile(
  db: Db,
  tenantKey: string,
  messageId: string,
  file: MessageFile,
): Promise<void> {
  await db
    .insertInto('message_files')
    .values({ tenant_key: tenantKey, message_id: messageId, ...file })
    .onConflict((oc) => oc.columns(['tenant_key', 'message_id', 'file_key']).doNothing())
    .execute();
}

export async function messageFileKeys(db: Db, tenantKey: string, messageId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('message_files')
    .select('file_key')
    .where('tenant_key', '=', tenantKey)
    .where('message_id', '=', messageId)
    .execute();
  return new Set(rows.map((r) => r.file_key));
}

export type ItemFile = {
  fileId: number | null;
  name: string;
  kind: 'file' | 'image';
  problem: string | null;
};

/**
 * Every file an item carries: those of the message it was drafted from and those of its reports (and
 * of chat replies held for it), oldest first.
 */
export async function itemFiles(db: Db, tenantKey: string, itemId: number): Promise<ItemFile[]> {
  const rows = await db
    .selectFrom('message_files as f')
    .select(['f.file_id', 'f.name', 'f.kind', 'f.problem', 'f.created_at'])
    .where('f.tenant_key', '=', tenantKey)
    .where('f.message_id', 'in', (eb) =>
      eb
        .selectFrom('items')
        .select('source_message_id as message_id')
        .where('tenant_key', '=', tenantKey)
        .where('id', '=', itemId)
        .$narrowType<{ message_id: string }>()
        .union(
          eb
            .selectFrom('item_reports')
            .select('message_id')
            .where('tenant_key', '=', tenantKey)
            .where('item_id', '=', itemId)
            .$narrowType<{ message_id: string }>(),
        ),
    )
    .orderBy('f.created_at')
    .orderBy('f.name')
    .execute();
  return rows.map((r) => ({ fileId: r.file_id, name: r.name, kind: r.kind, problem: r.problem }));
}

export async function loadStoredFile(
  db: Db,
  tenantKey: string,
  fileId: number,
): Promise<(StoredFileMeta & { bytes: Buffer }) | undefined> {
  return db
    .selectFrom('stored_files')
    .select(['id', 'name', 'mime', 'size', 'bytes'])
    .where('tenant_key', '=', tenantKey)
    .where('id', '=', fileId)
    .executeTakeFirst();
}

export type IntakeRow = {
  status: 'ready' | 'failed';
  content: Record<string, unknown>;
  failure: string | null;
};

export async function findIntake(
  db: Db,
  tenantKey: string,
  messageId: string,
): Promise<IntakeRow | undefined> {
  return db
    .selectFrom('message_intakes')
    .select(['status', 'content', 'failure'])
    .where('tenant_key', '=', tenantKey)
    .where('message_id', '=', messageId)
    .executeTakeFirst();
}

export async function saveIntake(
  db: Db,
  tenantKey: string,
  messageId: string,
  row: IntakeRow,
): Promise<void> {
  await db
    .insertInto('message_intakes')
    .values({
      tenant_key: tenantKey,
      message_id: messageId,
      status: row.status,
      content: JSON.stringify(row.content),
      failure: row.failure,
    })
    .onConflict((oc) => oc.columns(['tenant_key', 'message_id']).doNothing())
    .execute();
}
