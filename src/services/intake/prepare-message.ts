import {
  findIntake,
  messageFileKeys,
  recordMessageFile,
  saveIntake,
  storeFile,
} from '../../db/queries/files.ts';
import { findPerson } from '../../db/queries/people.ts';
import type { Deps } from '../../deps.ts';
import type { Download, FetchFailure } from '../../lark/fetch.ts';
import type { Attachment, IncomingMessage } from '../../lark/message.ts';
import { readIncomingMessage } from '../../lark/message.ts';
import type { Result } from '../../lib/result.ts';
import { isSpreadsheetName } from '../proposals/read-workbook.ts';
import { forwardTranscript } from './forward.ts';
import type { IntakeContent } from './intake.ts';
import { failureOf, intentOf } from './intake.ts';
import { documentKind, readDocument } from './read-document.ts';

/** Files above this are not downloaded (Feishu allows 100 MB; a county's minutes are far smaller). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

type Env = { deps: Deps; tenantKey: string; msg: IncomingMessage; final: boolean };

/** A transient Feishu failure: the event job fails and is retried with backoff. */
class TransientFetchError extends Error {}

/**
 * The network half of handling a message, run before the event's transaction (which must never wait
 * on Feishu): a merged forward's sub-messages are fetched, files and images downloaded and stored, a
 * document's text read. Results land in message_intakes / message_files for the handler to use.
 * Idempotent: a message already prepared is left alone. A transient failure throws, so the event is
 * retried with backoff; on the last attempt, or on a permanent failure, the failure is recorded and
 * the handler tells the sender in one line.
 */
export async function prepareLarkEvent(
  deps: Deps,
  eventRowId: number,
  botOpenId: string | null,
  maxAttempts: number,
): Promise<void> {
  const row = await deps.db
    .selectFrom('lark_events')
    .select(['tenant_key', 'event_type', 'payload', 'attempts', 'status'])
    .where('id', '=', eventRowId)
    .executeTakeFirst();
  if (row?.status !== 'pending' || row.event_type !== 'im.message.receive_v1') return;
  const msg = readIncomingMessage((row.payload as { event?: unknown }).event, botOpenId);
  if (!msg || (msg.chatType === 'group' && !msg.mentionsBot)) return;
  const tenantKey = row.tenant_key;
  if (await findIntake(deps.db, tenantKey, msg.messageId)) return;
  const person = await findPerson(deps.db, tenantKey, msg.senderOpenId);
  if (!person || person.roles.length === 0) return;
  const intent = intentOf(person, msg);
  const env: Env = { deps, tenantKey, msg, final: row.attempts + 1 >= maxAttempts };
  const log = deps.logger.child({ tenantKey, messageId: msg.messageId, messageType: msg.messageType });
  try {
    if (intent === 'instruction' && msg.messageType === 'merge_forward') await fetchForward(env);
    else if (intent === 'instruction' && msg.messageType === 'file' && !officeSheet(person, msg))
      await fetchDocument(env);
    else if (intent !== 'other' && msg.attachments.length > 0) await fetchAttachments(env);
  } catch (e) {
    if (e instanceof TransientFetchError) log.warn({ err: e.message }, 'Feishu fetch failed; will retry');
    throw e;
  }
}

/** An .xlsx from the office may be a 建议提案 list: kept like an attachment so the handler can read it. */
const officeSheet = (person: { roles: readonly string[] }, msg: IncomingMessage): boolean =>
  person.roles.includes('office') && isSpreadsheetName(msg.attachments[0]?.name);

/** The failure to record, or a throw when it is worth trying again. */
function settle(env: Env, failure: FetchFailure): string {
  if ((failure.kind === 'retryable' || failure.kind === 'rate_limited') && !env.final)
    throw new TransientFetchError(failure.message);
  if (failure.kind === 'too_large') return 'too_large';
  if (failure.kind === 'permanent') return failureOf(failure.code);
  return 'unavailable';
}

async function fetchForward(env: Env): Promise<void> {
  const { deps, tenantKey, msg } = env;
  const res = await deps.lark.getMessage(msg.messageId);
  if (!res.ok) {
    const failure = settle(env, res.error);
    await saveIntake(deps.db, tenantKey, msg.messageId, { status: 'failed', content: {}, failure });
    return;
  }
  const { lines, files } = forwardTranscript(msg.messageId, res.value);
  for (const f of files)
    await recordMessageFile(deps.db, tenantKey, msg.messageId, {
      file_key: f.key,
      kind: f.kind,
      name: f.name,
      file_id: null,
      problem: 'sub_message',
    });
  const content: IntakeContent = { kind: 'merge_forward', lines };
  await saveIntake(deps.db, tenantKey, msg.messageId, { status: 'ready', content, failure: null });
}

/** A document from a leader or the office: kept, and its text read for the draft. */
async function fetchDocument(env: Env): Promise<void> {
  const { deps, tenantKey, msg } = env;
  const file = msg.attachments[0];
  if (!file || documentKind(file.name ?? '') === null) return;
  const name = file.name ?? '';
  const res = await download(env, file);
  if (!res.ok) {
    const failure = settle(env, res.error);
    await saveIntake(deps.db, tenantKey, msg.messageId, { status: 'failed', content: {}, failure });
    return;
  }
  await keep(env, file, name, res.value);
  const kind = documentKind(name);
  const blocks = kind ? await readDocument(kind, res.value.bytes) : null;
  const content: IntakeContent = { kind: 'document', name, blocks };
  await saveIntake(deps.db, tenantKey, msg.messageId, { status: 'ready', content, failure: null });
}

/** Files and images of a report or an instruction: each kept, or its problem recorded. */
async function fetchAttachments(env: Env): Promise<void> {
  const { deps, tenantKey, msg } = env;
  const done = await messageFileKeys(deps.db, tenantKey, msg.messageId);
  for (const [i, a] of msg.attachments.entries()) {
    if (done.has(a.key)) continue;
    const name = a.name ?? `图片${msg.attachments.length > 1 ? i + 1 : ''}`;
    const res = await download(env, a);
    if (res.ok) await keep(env, a, name, res.value);
    else
      await recordMessageFile(deps.db, tenantKey, msg.messageId, {
        file_key: a.key,
        kind: a.kind,
        name,
        file_id: null,
        problem: settle(env, res.error),
      });
  }
  const content: IntakeContent = { kind: 'files' };
  await saveIntake(deps.db, tenantKey, msg.messageId, { status: 'ready', content, failure: null });
}

function download(env: Env, a: Attachment): Promise<Result<Download, FetchFailure>> {
  return env.deps.lark.downloadResource(env.msg.messageId, a.key, a.kind, MAX_FILE_BYTES);
}

const IMAGE_EXT: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif' };

async function keep(env: Env, a: Attachment, name: string, file: Download): Promise<void> {
  const mime = file.contentType.split(';')[0]?.trim() || 'application/octet-stream';
  const fullName = a.kind === 'image' && !name.includes('.') ? `${name}.${IMAGE_EXT[mime] ?? 'png'}` : name;
  const fileId = await storeFile(env.deps.db, env.tenantKey, {
    bytes: file.bytes,
    name: fullName,
    mime,
    messageId: env.msg.messageId,
  });
  await recordMessageFile(env.deps.db, env.tenantKey, env.msg.messageId, {
    file_key: a.key,
    kind: a.kind,
    name: fullName,
    file_id: fileId,
    problem: null,
  });
}
