import { raw } from 'hono/html';
import { CLOCK_MOVES } from '../clock.ts';
import type { SandboxChat, SandboxPerson, World } from '../world.ts';
import { ROLE_NAMES } from '../world.ts';
import { PAGE_SCRIPT, PAGE_STYLE } from './assets.ts';
import type { CardContext } from './card.tsx';
import type { ChatEntry } from './messages.tsx';
import { Messages } from './messages.tsx';

export const beijingClockText = (d: Date) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(d);

export function ChatList({
  chats,
  current,
  me,
  counts,
}: {
  chats: SandboxChat[];
  current: string;
  me: string;
  counts: Map<string, number>;
}) {
  return (
    <>
      {chats.map((c) => (
        <a
          class={`chat ${c.chatId === current ? 'current' : ''}`}
          data-chat-id={c.chatId}
          data-chat-name={c.name}
          href={`/sandbox?as=${me}&chat=${c.chatId}`}
        >
          <span>
            {c.kind === 'p2p' ? '' : '群 · '}
            {c.name}
          </span>
          <span class="count">{counts.get(c.chatId) ?? 0}</span>
        </a>
      ))}
    </>
  );
}

const describe = (p: SandboxPerson) =>
  [p.title, ...p.roles.map((r) => ROLE_NAMES[r] ?? r), ...p.units].filter(Boolean).join(' · ');

export function Page(props: {
  world: World;
  me: SandboxPerson | null;
  chat: SandboxChat | null;
  chats: SandboxChat[];
  counts: Map<string, number>;
  entries: ChatEntry[];
  ctx: CardContext;
  now: Date;
  version: number;
}) {
  const { world, me, chat } = props;
  const state = JSON.stringify({ as: me?.openId ?? '', chat: chat?.chatId ?? '', version: props.version });
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>督查督办 · 沙盒</title>
        <style>{raw(PAGE_STYLE)}</style>
      </head>
      <body>
        <aside>
          <div class="brand">督查督办 · 沙盒</div>
          <label class="side-label" for="as">
            我是
          </label>
          <select id="as">
            <option value="">— 选择身份 —</option>
            {world.people.map((p) => (
              <option value={p.openId} selected={p.openId === me?.openId}>
                {p.name}（{describe(p)}）
              </option>
            ))}
          </select>
          <nav id="chats">
            {me ? (
              <ChatList
                chats={props.chats}
                current={chat?.chatId ?? ''}
                me={me.openId}
                counts={props.counts}
              />
            ) : null}
          </nav>
          <div class="clock">
            <div class="side-label">沙盒时间（北京时间）</div>
            <div id="clock-now">{beijingClockText(props.now)}</div>
            {Object.entries(CLOCK_MOVES).map(([move, label]) => (
              <button type="button" class="btn btn-default clock-move" data-move={move}>
                {label}
              </button>
            ))}
            <div class="muted small">时间只在沙盒里前进，提醒、催办和逾期处理会按新时间发生。</div>
          </div>
        </aside>
        <main>
          {me && chat ? (
            <>
              <header>
                <b id="chat-name">{chat.name}</b>
                <span class="muted">
                  {' '}
                  · {chat.kind === 'p2p' ? `${me.name}与机器人的私聊` : `${chat.members.length} 位成员`}
                </span>
              </header>
              <section id="messages">
                <Messages entries={props.entries} me={me.openId} ctx={props.ctx} />
              </section>
              <Composer group={chat.kind !== 'p2p'} />
            </>
          ) : (
            <Welcome />
          )}
        </main>
        <div id="toast" />
        <script type="application/json" id="state">
          {raw(state.replace(/</g, '\\u003c'))}
        </script>
        <script>{raw(PAGE_SCRIPT)}</script>
      </body>
    </html>
  );
}

function Composer({ group }: { group: boolean }) {
  return (
    <form id="composer" enctype="multipart/form-data" onsubmit="return false">
      <div class="tabs">
        {[
          ['text', '文本'],
          ['post', '富文本'],
          ['merge_forward', '合并转发'],
          ['file', '文件'],
        ].map(([kind, label], i) => (
          <label>
            <input type="radio" name="kind" value={kind} checked={i === 0} /> {label}
          </label>
        ))}
        {group ? (
          <label class="mention">
            <input type="checkbox" name="mention" value="1" checked /> @督查督办助手
          </label>
        ) : null}
      </div>
      <input class="only-post" type="text" name="title" placeholder="标题" />
      <textarea name="text" rows={3} placeholder="输入消息；合并转发时每行一条，可写“姓名：内容”" />
      <input class="only-file" type="file" name="file" />
      <button type="button" id="send" class="btn btn-primary">
        发送
      </button>
    </form>
  );
}

const Welcome = () => (
  <div class="welcome">
    <h2>这是一个本地的飞书替身</h2>
    <p>
      不需要飞书应用：这里的每条消息和每次点击，都会像飞书那样加密、签名后送到机器人的 /lark/events 和
      /lark/cards。
    </p>
    <ol>
      <li>
        在左上角选“李建国（县长）”，在与机器人的私聊里发一条批示，例如：请县住建局牵头，于12月15日前完成老旧小区改造摸底。
      </li>
      <li>换成“周敏（督查室）”，打开“督查室工作群”，在拟办单上核对后点“交办”。</li>
      <li>换成“赵立新（县住建局负责人）”，在私聊里的督查通知单上点“签收”，再“报结”并填写办理结果。</li>
      <li>回到“周敏”，在督查室工作群的审核卡片上点“办结”；李建国的私聊里会收到办理结果。</li>
      <li>用左下角的时钟前进到下一个工作日，看提醒、催办和逾期处理如何发生。</li>
    </ol>
  </div>
);
