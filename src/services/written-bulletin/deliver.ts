/**
 * The written 专报 goes out through the outbox once the office has decided on the named criticism
 * (or at once when there was none to decide): the sender builds it here, outside any transaction,
 * as a Feishu document shared with the leaders' group, or as a .docx file sent to it.
 */
import { buildWrittenBulletin, type WrittenBulletin } from '../../../cards/written-bulletin.ts';
import type { Db } from '../../db/client.ts';
import type { NewOutbox, OutboxRow } from '../../db/database.ts';
import {
  findBulletinDocument,
  insertBulletinDocument,
  recordDocumentProgress,
} from '../../db/queries/bulletin-documents.ts';
import { type BulletinRecord, findBulletin } from '../../db/queries/bulletins.ts';
import { loadTenantContext, type TenantContext } from '../../db/queries/tenants.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import type { LarkApi, SendFailure } from '../../lark/client.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { stableUuid } from '../outbox-message.ts';
import { documentBlocks } from './document-blocks.ts';

export const WRITTEN_BULLETIN_MSG_TYPE = 'bulletin_written';

type Sent = Result<{ messageId: string }, SendFailure>;
type Deps = { db: Db; lark: LarkApi };

/**
 * The outbox row of a decided bulletin's written form, for the leaders' group; none when the tenant
 * turned it off or has no leaders' group. Its key makes it once per bulletin.
 */
export function writtenBulletinMessage(ctx: TenantContext, record: BulletinRecord): NewOutbox[] {
  const chat = ctx.groups.leaders;
  if (!chat || ctx.settings.writtenBulletin.format === 'none' || record.status === 'draft') return [];
  return [
    {
      id: stableUuid(ctx.tenantKey, `bulletin:${record.id}:written`),
      tenant_key: ctx.tenantKey,
      receive_id_type: 'chat_id',
      receive_id: chat,
      msg_type: WRITTEN_BULLETIN_MSG_TYPE,
      content: JSON.stringify({ bulletinId: record.id }),
      purpose: 'bulletin_written',
    },
  ];
}

function bulletinIdOf(row: OutboxRow): number | null {
  try {
    const parsed: unknown = JSON.parse(row.content);
    const id =
      typeof parsed === 'object' && parsed !== null && 'bulletinId' in parsed ? parsed.bulletinId : null;
    return typeof id === 'number' && Number.isInteger(id) ? id : null;
  } catch {
    return null;
  }
}

/** Made once, filled batch by batch, shared: each step recorded, so a retry goes on where it stopped. */
async function asDocument(
  deps: Deps,
  ctx: TenantContext,
  row: OutboxRow,
  id: number,
  w: WrittenBulletin,
): Promise<Sent> {
  const { db, lark } = deps;
  let doc = await findBulletinDocument(db, ctx.tenantKey, id);
  if (!doc) {
    const created = await lark.docs.createDocument(w.title, ctx.settings.writtenBulletin.folderToken);
    if (!created.ok) return created;
    doc = await insertBulletinDocument(db, ctx.tenantKey, id, created.value.documentId);
  }
  const batches = documentBlocks(w);
  for (let i = doc.batchesDone; i < batches.length; i++) {
    const batch = batches[i];
    if (!batch) break;
    const appended = await lark.docs.appendBlocks(
      doc.documentId,
      batch.children,
      batch.descendants,
      stableUuid(row.id, 'blocks', i),
    );
    if (!appended.ok) return appended;
    await recordDocumentProgress(db, ctx.tenantKey, id, { batchesDone: i + 1 });
  }
  if (!doc.shared) {
    const shared = await lark.docs.shareWithChat(doc.documentId, row.receive_id);
    if (!shared.ok) return shared;
    await recordDocumentProgress(db, ctx.tenantKey, id, { shared: true });
  }
  const host = ctx.settings.writtenBulletin.documentHost;
  const where = host
    ? `\n${host}/docx/${doc.documentId}`
    : '\n已向本群开放阅读，可在飞书云文档“与我共享”中查看。';
  return lark.send({
    receiveIdType: row.receive_id_type,
    receiveId: row.receive_id,
    replyTo: null,
    msgType: 'text',
    content: JSON.stringify({ text: `${w.title}（书面）已印发。${where}` }),
    uuid: row.id,
  });
}

async function asFile(deps: Deps, row: OutboxRow, w: WrittenBulletin): Promise<Sent> {
  // Loaded on first use: the docx package is large and most sends never need it.
  const { docxFile } = await import('./docx-file.ts');
  const uploaded = await deps.lark.uploadFile(`${w.title}.docx`, await docxFile(w), 'doc');
  if (!uploaded.ok) return uploaded;
  return deps.lark.send({
    receiveIdType: row.receive_id_type,
    receiveId: row.receive_id,
    replyTo: null,
    msgType: 'file',
    content: JSON.stringify({ file_key: uploaded.value.fileKey }),
    uuid: row.id,
  });
}

export async function deliverWrittenBulletin(deps: Deps, row: OutboxRow, now: Date): Promise<Sent> {
  const id = bulletinIdOf(row);
  const record = id === null ? undefined : await findBulletin(deps.db, row.tenant_key, id);
  if (id === null || !record) return err({ kind: 'permanent', message: `no bulletin for ${row.content}` });
  const ctx = await loadTenantContext(deps.db, row.tenant_key);
  const written = buildWrittenBulletin({
    figures: record.figures,
    criticism: record.criticism,
    status: record.status,
    issuedOn: beijingDate(record.decidedAt ?? now),
  });
  switch (ctx.settings.writtenBulletin.format) {
    case 'document':
      return asDocument(deps, ctx, row, id, written);
    case 'file':
      return asFile(deps, row, written);
    case 'none':
      // Turned off after the row was queued: nothing goes out.
      return ok({ messageId: 'written:none' });
  }
}
