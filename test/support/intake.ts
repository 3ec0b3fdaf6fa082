import { randomLarkId } from '../../src/lark/emulator/ids.ts';
import type { ReceivedMessage } from '../../src/lark/emulator/server.ts';
import { SAMPLE } from './directory.ts';
import type { Harness } from './harness.ts';
import { messageEvent } from './lark-requests.ts';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Sends a file message as `sender`, its bytes downloadable from the emulator; returns the message id. */
export async function sendFile(
  h: Harness,
  sender: string,
  file: { name: string; bytes: Buffer; mime: string },
  opts: { parentId?: string } = {},
): Promise<string> {
  const messageId = randomLarkId('om');
  const fileKey = `file_v3_00${messageId.slice(-6)}_test`;
  h.fake.addReceivedMessage({
    message_id: messageId,
    msg_type: 'file',
    content: { file_key: fileKey, file_name: file.name },
    sender_open_id: sender,
  });
  h.fake.addResource(messageId, fileKey, file.bytes, file.mime);
  await post(
    h,
    messageEvent({
      tenantKey: SAMPLE.tenantKey,
      senderOpenId: sender,
      messageId,
      messageType: 'file',
      content: { file_key: fileKey, file_name: file.name },
      ...(opts.parentId ? { parentId: opts.parentId } : {}),
    }),
  );
  return messageId;
}

export type SubMessage = Omit<ReceivedMessage, 'message_id' | 'upper_message_id' | 'create_time'> & {
  /** A nested merged forward's own sub-messages. */
  children?: SubMessage[];
};

/** Registers a merged forward and its (nested) sub-messages with the emulator, then sends its event. */
export async function sendMergedForward(h: Harness, sender: string, subs: SubMessage[]): Promise<string> {
  const rootId = randomLarkId('om');
  let clock = Date.parse('2026-06-15T01:00:00Z');
  const register = (upper: string, list: SubMessage[]) => {
    for (const { children, ...m } of list) {
      const id = randomLarkId('om');
      clock += 60_000;
      h.fake.addReceivedMessage({ ...m, message_id: id, upper_message_id: upper, create_time: clock });
      if (children) register(id, children);
    }
  };
  h.fake.addReceivedMessage({
    message_id: rootId,
    msg_type: 'merge_forward',
    content: 'Merged and Forwarded Message',
    sender_open_id: sender,
  });
  register(rootId, subs);
  const ev = messageEvent({
    tenantKey: SAMPLE.tenantKey,
    senderOpenId: sender,
    messageId: rootId,
    messageType: 'merge_forward',
    content: {},
  });
  // The real event's content is the bare text, not JSON.
  ev.event.message.content = 'Merged and Forwarded Message';
  await post(h, ev);
  return rootId;
}

async function post(h: Harness, ev: object): Promise<void> {
  const res = await h.post(ev);
  if (res.status !== 200) throw new Error(`event answered ${res.status}`);
}

export const draftsOf = (h: Harness, messageId: string) =>
  h.deps.db
    .selectFrom('items')
    .selectAll()
    .where('source_message_id', '=', messageId)
    .orderBy('source_part')
    .execute();
