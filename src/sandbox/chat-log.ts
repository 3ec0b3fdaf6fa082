import type { LarkEmulator } from '../lark/emulator/server.ts';
import type { SandboxClock } from './clock.ts';
import type { ChatEntry } from './views/messages.tsx';

/**
 * The chats as the emulator saw them: the bot's messages (with their cards as last patched) and the
 * people's, in order, with sandbox times. `version` changes whenever anything the page shows does.
 */
export function chatEntries(emulator: LarkEmulator, clock: SandboxClock, chatId: string): ChatEntry[] {
  const users = emulator.userMessages();
  const inner = (id: string) =>
    users
      .filter((m) => m.upper_message_id === id)
      .map((m) => ({
        from: m.sender_open_id,
        text:
          typeof m.content === 'object' && m.content !== null
            ? String((m.content as { text?: unknown }).text ?? '')
            : '',
      }));
  const uploads = new Map(emulator.uploads().map((u) => [u.file_key, u]));
  const entries: Array<ChatEntry & { real: number }> = [];
  for (const m of users) {
    if (m.chat_id !== chatId || m.upper_message_id !== undefined) continue;
    entries.push({
      messageId: m.message_id,
      from: m.sender_open_id,
      fromBot: false,
      at: clock.at(m.at),
      real: m.at,
      msgType: m.msg_type,
      content: m.content,
      ...(m.msg_type === 'merge_forward' && { inner: inner(m.message_id) }),
      ...(m.resource && {
        file: { key: m.resource.file_key, name: m.resource.file_name, size: m.resource.bytes.length },
      }),
    });
  }
  for (const m of emulator.messages()) {
    if (m.chat_id !== chatId) continue;
    const fileKey = m.msg_type === 'file' ? String((m.content as { file_key?: unknown }).file_key ?? '') : '';
    const upload = uploads.get(fileKey);
    entries.push({
      messageId: m.message_id,
      from: emulator.botOpenId,
      fromBot: true,
      at: clock.at(m.at),
      real: m.at,
      msgType: m.msg_type,
      content: emulator.latestContent(m.message_id) ?? m.content,
      ...(m.reply_to && { replyTo: m.reply_to }),
      ...(upload && { file: { key: upload.file_key, name: upload.file_name, size: upload.size } }),
    });
  }
  return entries.sort((a, b) => a.real - b.real);
}

export function chatCounts(emulator: LarkEmulator): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (chatId: string) => counts.set(chatId, (counts.get(chatId) ?? 0) + 1);
  for (const m of emulator.userMessages()) if (m.upper_message_id === undefined) add(m.chat_id);
  for (const m of emulator.messages()) add(m.chat_id);
  return counts;
}

export function chatVersion(emulator: LarkEmulator, clock: SandboxClock): number {
  return (
    emulator.messages().length +
    emulator.patches().length +
    emulator.userMessages().length +
    emulator.cardUpdates().length +
    clock.jumps()
  );
}

/** Bytes of a file the bot uploaded or a person sent, for the download link. */
export function fileBytes(emulator: LarkEmulator, fileKey: string): { name: string; bytes: Buffer } | null {
  const upload = emulator.uploads().find((u) => u.file_key === fileKey);
  if (upload) return { name: upload.file_name, bytes: upload.bytes };
  const sent = emulator.userMessages().find((m) => m.resource?.file_key === fileKey)?.resource;
  return sent ? { name: sent.file_name, bytes: sent.bytes } : null;
}
