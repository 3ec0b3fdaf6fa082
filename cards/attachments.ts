/**
 * 附件: the files an item carries, by name, each the bot kept with a button that has the bot send it
 * privately to whoever presses it (if they may see the item). Files the bot could not keep are named
 * with the reason, so nobody looks for them in vain.
 */
import type { FileValue } from './actions.ts';
import type { CardElement } from './components.ts';
import { md } from './escape.ts';
import { button, buttonRow, markdown } from './ui.ts';

export type AttachmentRef = {
  /** The stored copy; null when the bot could not keep one (`problem` says why). */
  fileId: number | null;
  name: string;
  kind: 'file' | 'image';
  problem: string | null;
};

/** Buttons beyond this many are left off (the card stays small); every file is still named. */
const MAX_BUTTONS = 6;

const PROBLEMS: Record<string, string> = {
  sub_message: '合并转发中的附件，飞书不允许机器人下载，请向发送人索取原件',
  too_large: '超过 20 MB，未保存',
};

export const fileAction = (itemId: number, fileId: number): FileValue => ({
  a: 'file',
  i: itemId,
  f: fileId,
});

export function attachmentsBlock(itemId: number, files: readonly AttachmentRef[] | undefined): CardElement[] {
  if (!files || files.length === 0) return [];
  const lines = files.map((f) => {
    const why = f.fileId === null ? `（${PROBLEMS[f.problem ?? ''] ?? '未能保存，请向发送人索取'}）` : '';
    return md`- ${f.name}${why}`;
  });
  const kept = files.filter((f): f is AttachmentRef & { fileId: number } => f.fileId !== null);
  const out: CardElement[] = [markdown(`**附件**（${files.length}）\n${lines.join('\n')}`)];
  if (kept.length > 0)
    out.push(
      buttonRow(
        kept
          .slice(0, MAX_BUTTONS)
          .map((f) => button(`获取 ${f.name}`, fileAction(itemId, f.fileId), { type: 'default' })),
      ),
    );
  return out;
}
