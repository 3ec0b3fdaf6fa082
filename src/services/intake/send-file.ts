import type { FileValue } from '../../../cards/actions.ts';
import type { CallbackResponse } from '../../../cards/toast.ts';
import { toast } from '../../../cards/toast.ts';
import type { Db } from '../../db/client.ts';
import type { OutboxRow } from '../../db/database.ts';
import { itemFiles, loadStoredFile } from '../../db/queries/files.ts';
import type { ItemRecord } from '../../db/queries/items.ts';
import { findItem } from '../../db/queries/items.ts';
import { insertOutbox } from '../../db/queries/outbox.ts';
import type { Person } from '../../db/queries/people.ts';
import type { Deps } from '../../deps.ts';
import type { LarkApi, SendFailure } from '../../lark/client.ts';
import type { Result } from '../../lib/result.ts';
import { err } from '../../lib/result.ts';
import { maySee } from '../chat/item-detail.ts';
import { sendFileMessage } from '../deliver-ledger.ts';
import { queueMessages } from '../lifecycle/followup-hooks.ts';
import { textMessage } from '../outbox-message.ts';

/** The outbox msg_type of a stored file to send: the sender uploads it when it gets to the row. */
export const STORED_FILE_MSG_TYPE = 'stored_file';

/** A draft is the office's and its sender's until issued; after that, whoever may see the item. */
function mayFetch(person: Person, rec: ItemRecord): boolean {
  if (rec.state === 'draft' || rec.state === 'discarded')
    return person.roles.includes('office') || rec.created_by === person.openId;
  return maySee(person, rec);
}

/** 获取附件: the file goes privately to the person who pressed, if they may see the item. */
export async function sendStoredFile(
  deps: Deps,
  person: Person,
  value: FileValue,
): Promise<CallbackResponse> {
  const rec = await findItem(deps.db, person.tenantKey, value.i);
  if (!rec || !mayFetch(person, rec)) return toast('error', '事项不存在，或您无权查看其附件');
  const file = (await itemFiles(deps.db, person.tenantKey, rec.id)).find((f) => f.fileId === value.f);
  if (!file) return toast('error', '该附件不属于此事项，或未能保存');
  const now = deps.now();
  const row = {
    ...textMessage(
      {
        tenantKey: person.tenantKey,
        to: { type: 'open_id', id: person.openId },
        // A double click is one request; asking again a minute later sends the file again.
        key: `file:${rec.id}:${value.f}:${person.openId}:${Math.floor(now.getTime() / 60_000)}`,
        purpose: 'attachment',
        itemId: rec.id,
      },
      '',
    ),
    msg_type: STORED_FILE_MSG_TYPE,
    content: JSON.stringify({ fileId: value.f }),
  };
  const ids = await insertOutbox(deps.db, [row]);
  await queueMessages(deps, ids);
  return toast('success', `已将“${file.name}”私信发送给您`);
}

/**
 * Uploads the stored copy and sends it as a file message. Done by the sender, outside any
 * transaction; the row id is the message uuid, so a retried upload never sends the file twice.
 */
export async function deliverStoredFile(
  db: Db,
  lark: LarkApi,
  row: OutboxRow,
): Promise<Result<{ messageId: string }, SendFailure>> {
  const { fileId } = JSON.parse(row.content) as { fileId: number };
  const file = await loadStoredFile(db, row.tenant_key, fileId);
  if (!file) return err({ kind: 'permanent', message: `stored file ${fileId} is gone (retention)` });
  const uploaded = await lark.uploadFile(file.name, file.bytes, 'stream');
  if (!uploaded.ok) return uploaded;
  return sendFileMessage(lark, row, uploaded.value.fileKey);
}
