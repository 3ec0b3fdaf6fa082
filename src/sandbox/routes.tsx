import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { loadTenantContext } from '../db/queries/tenants.ts';
import type { Deps } from '../deps.ts';
import type { AppEnv } from '../http/context.ts';
import type { LarkEmulator } from '../lark/emulator/server.ts';
import { runClockedCards } from '../services/clocked-cards.ts';
import { sweep } from '../services/sweep.ts';
import { chatCounts, chatEntries, chatVersion, fileBytes } from './chat-log.ts';
import type { SandboxClock } from './clock.ts';
import { CLOCK_MOVES, moveTarget } from './clock.ts';
import type { FeishuPlayer, OutgoingContent } from './feishu.ts';
import { Messages } from './views/messages.tsx';
import { beijingClockText, ChatList, Page } from './views/page.tsx';
import type { SandboxChat, SandboxPerson, World } from './world.ts';
import { chatsOf, loadWorld } from './world.ts';

export type SandboxParts = {
  emulator: LarkEmulator;
  clock: SandboxClock;
  player: FeishuPlayer;
  tenantKey: () => string;
};

/** A file a person sends from the web chat; Feishu allows 100 MB, the sandbox keeps it in memory. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

const ActSchema = z.object({
  as: z.string().min(1),
  chat: z.string().min(1),
  messageId: z.string().min(1),
  value: z.record(z.string(), z.unknown()),
  name: z.string().optional(),
  formValue: z.record(z.string(), z.unknown()).optional(),
});
const ClockSchema = z.object({ move: z.enum(Object.keys(CLOCK_MOVES) as [keyof typeof CLOCK_MOVES]) });

const refuse = (c: Context<AppEnv>, message: string) => c.json({ error: message }, 400);

type Seat = { world: World; me: SandboxPerson; chat: SandboxChat; chats: SandboxChat[] };

/** The web chat at /sandbox. Messages and clicks go to the bot only through the player (feishu.ts). */
export function sandboxRoutes(deps: Deps, parts: SandboxParts): Hono<AppEnv> {
  const { emulator, clock, player } = parts;
  const world = () => loadWorld(deps.db, parts.tenantKey(), emulator.botOpenId);

  /** Who is speaking and where; only a person of the directory, in one of their own chats. */
  async function seat(as: string | undefined, chatId: string | undefined): Promise<Seat | string> {
    const w = await world();
    const me = w.people.find((p) => p.openId === as);
    if (!me) return '请先在左上角选择身份（名录中的人员）';
    const chats = chatsOf(w, me.openId);
    const chat = chatId ? chats.find((ch) => ch.chatId === chatId) : chats[0];
    if (!chat) return `${me.name}不在这个会话中`;
    return { world: w, me, chat, chats };
  }

  const ctxOf = (w: World) => ({ names: w.name, people: w.people });

  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const as = c.req.query('as');
      const s = as ? await seat(as, c.req.query('chat')) : null;
      if (typeof s === 'string') return c.html(<p>{s}</p>, 400);
      const w = s?.world ?? (await world());
      return c.html(
        <Page
          world={w}
          me={s?.me ?? null}
          chat={s?.chat ?? null}
          chats={s?.chats ?? []}
          counts={chatCounts(emulator)}
          entries={s ? chatEntries(emulator, clock, s.chat.chatId) : []}
          ctx={ctxOf(w)}
          now={clock.now()}
          version={chatVersion(emulator, clock)}
        />,
      );
    })
    .get('/feed', async (c) => {
      const s = await seat(c.req.query('as'), c.req.query('chat'));
      if (typeof s === 'string') return refuse(c, s);
      const messages = (
        <Messages
          entries={chatEntries(emulator, clock, s.chat.chatId)}
          me={s.me.openId}
          ctx={ctxOf(s.world)}
        />
      );
      const chats = (
        <ChatList chats={s.chats} current={s.chat.chatId} me={s.me.openId} counts={chatCounts(emulator)} />
      );
      return c.json({
        version: chatVersion(emulator, clock),
        clock: beijingClockText(clock.now()),
        messages: await messages.toString(),
        chats: await chats.toString(),
      });
    })
    .post('/send', async (c) => {
      const form = await c.req.parseBody().catch(() => null);
      if (!form) return refuse(c, '无法读取发送的内容');
      const s = await seat(String(form.as ?? ''), String(form.chat ?? ''));
      if (typeof s === 'string') return refuse(c, s);
      const content = await outgoing(form, s.world, s.me.openId);
      if (typeof content === 'string') return refuse(c, content);
      const group = s.chat.kind !== 'p2p';
      const sent = await player.send({
        from: s.me.openId,
        chatId: s.chat.chatId,
        chatType: group ? 'group' : 'p2p',
        mentionBot: group && form.mention === '1',
        content,
      });
      if (sent.status !== 0 && sent.status !== 200)
        return c.json({ error: `机器人未接收（HTTP ${sent.status}）` }, 502);
      return c.json({
        messageId: sent.messageId,
        ...(sent.status === 0 && { note: '未@机器人：消息只留在群里' }),
      });
    })
    .post('/act', async (c) => {
      const body = ActSchema.safeParse(await c.req.json().catch(() => null));
      if (!body.success) return refuse(c, '无法识别的卡片操作');
      const s = await seat(body.data.as, body.data.chat);
      if (typeof s === 'string') return refuse(c, s);
      const shown = chatEntries(emulator, clock, s.chat.chatId).some(
        (e) => e.messageId === body.data.messageId,
      );
      if (!shown) return refuse(c, '这张卡片不在当前会话中');
      const { toast } = await player.click({
        from: s.me.openId,
        chatId: s.chat.chatId,
        messageId: body.data.messageId,
        value: body.data.value,
        ...(body.data.name && { name: body.data.name }),
        ...(body.data.formValue && { formValue: body.data.formValue }),
      });
      return c.json({ toast });
    })
    .post('/clock', async (c) => {
      const body = ClockSchema.safeParse(await c.req.json().catch(() => null));
      if (!body.success) return refuse(c, '无法识别的时间操作');
      const { calendar } = await loadTenantContext(deps.db, parts.tenantKey(), deps.logger);
      const target = moveTarget(body.data.move, clock.now(), calendar);
      clock.advanceTo(target);
      await catchUp(deps);
      return c.json({ clock: beijingClockText(clock.now()) });
    })
    .get('/files/:key', (c) => {
      const file = fileBytes(emulator, c.req.param('key'));
      if (!file) return c.json({ error: '没有这个文件' }, 404);
      return c.body(new Uint8Array(file.bytes), 200, {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      });
    });
}

/** The message a visitor composed, or why it cannot be sent. */
async function outgoing(
  form: Record<string, unknown>,
  w: World,
  me: string,
): Promise<OutgoingContent | string> {
  const text = typeof form.text === 'string' ? form.text.trim() : '';
  switch (form.kind) {
    case 'post': {
      const title = typeof form.title === 'string' ? form.title.trim() : '';
      if (!title && !text) return '请填写标题或正文';
      return { type: 'post', title, lines: text.split('\n') };
    }
    case 'merge_forward': {
      const lines = text.split('\n').filter((l) => l.trim());
      if (lines.length === 0) return '请填写要合并转发的消息，每行一条';
      return {
        type: 'merge_forward',
        items: lines.map((line) => {
          const m = /^([^：:]{1,8})[：:](.+)$/.exec(line.trim());
          const person = m ? w.people.find((p) => p.name === m[1]) : undefined;
          // A line without a known name is the forwarder's own.
          return person && m
            ? { from: person.openId, text: (m[2] ?? '').trim() }
            : { from: me, text: line.trim() };
        }),
      };
    }
    case 'file': {
      const file = form.file;
      if (!(file instanceof File) || file.size === 0) return '请选择要发送的文件';
      if (file.size > MAX_FILE_BYTES) return '沙盒中的文件不能超过 20 MB';
      return { type: 'file', fileName: file.name, bytes: Buffer.from(await file.arrayBuffer()) };
    }
    default:
      if (!text) return '请输入消息内容';
      return { type: 'text', text };
  }
}

/**
 * After a jump the engine should act at once: delayed follow-up jobs (timed in real time) are
 * promoted, and the sweep re-plans from items.next_action_at by the new time. A job woken early
 * only re-plans (fire.ts), so promoting is safe.
 */
async function catchUp(deps: Deps): Promise<void> {
  const queue = deps.jobs.queues.get('followup');
  if (queue) {
    const delayed = await queue.getDelayed().catch(() => []);
    await Promise.all(delayed.map((job) => job.promote().catch(() => undefined)));
  }
  await sweep(deps);
  await runClockedCards(deps);
}
