import type { Intent } from './intake.ts';

/** Message types a person's message may be; anything not read as text, a file or a forward gets a line. */
const TYPE_NAMES: Record<string, string> = {
  sticker: '表情包',
  audio: '语音消息',
  media: '视频',
  location: '位置',
  share_chat: '群名片',
  share_user: '个人名片',
  interactive: '卡片消息',
  folder: '文件夹',
  todo: '任务',
  vote: '投票',
  hongbao: '红包',
  share_calendar_event: '日程',
  calendar: '日程',
  general_calendar: '日程',
  video_chat: '视频会议',
};

const READ_TYPES = new Set(['text', 'post', 'file', 'image', 'merge_forward']);

const TAKES: Record<Intent, string> = {
  instruction: '可发送文字、合并转发的聊天记录、Word（.docx）或 PDF 文件、图片',
  report: '反馈进展可发送文字、文件或图片',
  other: '可发送文字，或发送“帮助”查看可用功能',
};

/** The one line for a message the bot cannot take, or null when it can. Nothing goes unanswered. */
export function unsupportedTypeLine(messageType: string, intent: Intent): string | null {
  if (READ_TYPES.has(messageType)) return null;
  const what = TYPE_NAMES[messageType] ?? '这类消息';
  const hint = messageType === 'interactive' ? '，请将卡片中的文字复制发送' : '';
  return `暂不能读取${what}${hint}。${TAKES[intent]}。`;
}

/** A unit member's merged forward: reports are read from what they write, not from forwarded chats. */
export const FORWARD_AS_REPORT =
  '暂不能将合并转发的聊天记录记为办理进展，请直接发送进展文字，或回复督查通知单，可附文件、图片。';
