import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { CardContext } from './card.tsx';
import { CardView } from './card.tsx';
import { escapeHtml } from './markdown.ts';

/** One line of the chat: a person's message or the bot's, with its current content. */
export type ChatEntry = {
  messageId: string;
  from: string;
  fromBot: boolean;
  /** Sandbox time, already shifted by the clock. */
  at: Date;
  msgType: string;
  content: unknown;
  replyTo?: string;
  /** A merged forward's messages. */
  inner?: Array<{ from: string; text: string }>;
  file?: { key: string; name: string; size: number };
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const hhmm = (d: Date) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
/** Text content as Feishu shows it: `<at user_id="ou_…">` tags and @_user_N placeholders as names. */
function textHtml(text: string, ctx: CardContext): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/<at user_id="?([^">\s]+)"?>[^<]*<\/at>/g)) {
    out += escapeHtml(text.slice(last, m.index));
    last = m.index + m[0].length;
    out += `<span class="at">@${escapeHtml(m[1] === 'all' ? '所有人' : ctx.names(m[1] ?? ''))}</span>`;
  }
  out += escapeHtml(text.slice(last));
  return out.replace(/@_user_\d+/g, '<span class="at">@督查督办助手</span>').replace(/\n/g, '<br>');
}

function postHtml(content: unknown, ctx: CardContext): string {
  const body =
    isRecord(content) && Array.isArray(content.content)
      ? content
      : isRecord(content)
        ? Object.values(content).find(isRecord)
        : null;
  if (!isRecord(body)) return '';
  const title =
    typeof body.title === 'string' && body.title
      ? `<div class="post-title">${escapeHtml(body.title)}</div>`
      : '';
  const rows = Array.isArray(body.content) ? body.content : [];
  const lines = rows.map((row: unknown) =>
    (Array.isArray(row) ? row : [])
      .map((n: unknown) => {
        if (!isRecord(n)) return '';
        if (n.tag === 'at')
          return `<span class="at">@${escapeHtml(String(n.user_name ?? ctx.names(String(n.user_id ?? ''))))}</span>`;
        if (n.tag === 'a')
          return `<a href="${escapeHtml(String(n.href ?? ''))}">${escapeHtml(String(n.text ?? ''))}</a>`;
        return escapeHtml(String(n.text ?? ''));
      })
      .join(''),
  );
  return title + lines.map((l) => `<div>${l}</div>`).join('');
}

function Body({ entry, ctx }: { entry: ChatEntry; ctx: CardContext }): Child {
  const { content } = entry;
  switch (entry.msgType) {
    case 'interactive':
      return <CardView card={content} ctx={ctx} />;
    case 'text':
      return (
        <div class="bubble">{raw(textHtml(isRecord(content) ? String(content.text ?? '') : '', ctx))}</div>
      );
    case 'post':
      return <div class="bubble">{raw(postHtml(content, ctx))}</div>;
    case 'merge_forward':
      return (
        <div class="bubble forward">
          <div class="muted">合并转发的聊天记录</div>
          {(entry.inner ?? []).map((m) => (
            <div>
              <b>{ctx.names(m.from)}：</b>
              {m.text}
            </div>
          ))}
        </div>
      );
    case 'file':
      return (
        <div class="bubble file">
          📎{' '}
          <a href={`/sandbox/files/${encodeURIComponent(entry.file?.key ?? '')}`}>
            {entry.file?.name ?? '文件'}
          </a>
          <span class="muted"> {Math.ceil((entry.file?.size ?? 0) / 1024)} KB</span>
        </div>
      );
    default:
      return <div class="bubble muted">［{entry.msgType} 消息］</div>;
  }
}

export function Messages({ entries, me, ctx }: { entries: ChatEntry[]; me: string; ctx: CardContext }) {
  if (entries.length === 0) return <div class="empty">还没有消息。</div>;
  const byId = new Map(entries.map((e) => [e.messageId, e]));
  return (
    <>
      {entries.map((e) => {
        const quoted = e.replyTo ? byId.get(e.replyTo) : undefined;
        return (
          <div class={`msg ${e.fromBot ? 'bot' : e.from === me ? 'mine' : 'other'}`} data-id={e.messageId}>
            <div class="meta">
              <span class="who">{e.fromBot ? '督查督办助手' : ctx.names(e.from)}</span>{' '}
              <span class="time">{hhmm(e.at)}</span>
            </div>
            {quoted ? <div class="quote">回复 {ctx.names(quoted.from)}</div> : null}
            <Body entry={e} ctx={ctx} />
          </div>
        );
      })}
    </>
  );
}
