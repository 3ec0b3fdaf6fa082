import type { FetchedMessage } from '../../lark/fetch.ts';
import { readMessageContent } from '../../lark/message.ts';
import type { ForwardLine } from './intake.ts';

/** Placeholders for what a merged forward may hold besides words. */
const PLACEHOLDERS: Record<string, string> = {
  image: '[图片]',
  sticker: '[表情]',
  audio: '[语音]',
  media: '[视频]',
  location: '[位置]',
  share_chat: '[群名片]',
  share_user: '[个人名片]',
  interactive: '[卡片]',
  folder: '[文件夹]',
};

export type ForwardFile = { key: string; kind: 'file' | 'image'; name: string };

/**
 * A merged forward's sub-messages in reading order: GET message answers with one flat list, each entry
 * pointing at the forward it sits in (upper_message_id), so nesting is rebuilt from that, each level
 * in time order. Files and images are named only: Feishu refuses to hand out resources of sub-messages.
 */
export function forwardTranscript(
  rootId: string,
  items: readonly FetchedMessage[],
): { lines: ForwardLine[]; files: ForwardFile[] } {
  const children = new Map<string, FetchedMessage[]>();
  for (const m of items) {
    if (!m.upper_message_id || m.message_id === rootId) continue;
    const list = children.get(m.upper_message_id) ?? [];
    list.push(m);
    children.set(m.upper_message_id, list);
  }
  const lines: ForwardLine[] = [];
  const files: ForwardFile[] = [];
  const seen = new Set<string>([rootId]);
  const walk = (parentId: string, depth: number) => {
    const kids = [...(children.get(parentId) ?? [])].sort(
      (a, b) => Number(a.create_time ?? 0) - Number(b.create_time ?? 0),
    );
    for (const m of kids) {
      if (seen.has(m.message_id)) continue;
      seen.add(m.message_id);
      const base = {
        sender: m.sender?.sender_type === 'user' ? (m.sender.id ?? null) : null,
        at: m.create_time ?? null,
        depth,
      };
      if (m.deleted) {
        lines.push({ ...base, text: '[消息已撤回]', said: false });
        continue;
      }
      if (m.msg_type === 'merge_forward') {
        lines.push({ ...base, text: '[合并转发的聊天记录]', said: false });
        walk(m.message_id, depth + 1);
        continue;
      }
      const read = readMessageContent(m.msg_type, m.body?.content ?? '');
      const names = new Map((m.mentions ?? []).map((x) => [x.key, x.name ?? '']));
      const text = read.text.replace(/@_(user_\d+|all)/g, (k) => `@${names.get(k) ?? ''}`).trim();
      for (const a of read.attachments) {
        const name = a.name ?? `图片（${a.key.slice(-8)}）`;
        files.push({ key: a.key, kind: a.kind, name });
      }
      if (text) lines.push({ ...base, text, said: true });
      const fileLines = read.attachments
        .filter((a) => a.kind === 'file')
        .map((a) => `[文件] ${a.name ?? ''}`);
      for (const f of fileLines) lines.push({ ...base, text: f, said: false });
      if (!text && fileLines.length === 0)
        lines.push({ ...base, text: PLACEHOLDERS[m.msg_type] ?? `[${m.msg_type}]`, said: false });
    }
  };
  walk(rootId, 0);
  return { lines, files };
}
