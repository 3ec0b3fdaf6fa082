/** The directory builds itself from chat: bot added → binding card → bound; removed or disbanded → unbound, office told. */

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDirectory } from '../../src/domain/directory.ts';
import type { SentMessage } from '../../src/lark/emulator/server.ts';
import type { LongConnection } from '../../src/lark/ws-receiver.ts';
import { startLongConnection } from '../../src/lark/ws-receiver.ts';
import { importDirectory } from '../../src/services/import-directory.ts';
import { SAMPLE, sampleDirectoryText } from '../support/directory.ts';
import { startFakeLongConnection } from '../support/fake-long-connection.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { issueItem } from '../support/issue.ts';
import { chatMemberEvent } from '../support/lark-requests.ts';
import { click, sent, text, to, unitId } from '../support/lifecycle.ts';

let h: Harness;
let housing: number;
let finance: number;
const NEW_GROUP = 'oc_0000000000000000000000000000new1';

beforeAll(async () => {
  // Thursday 2026-11-26, 10:00 in Beijing.
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  h.startEngine({ sweepIntervalMs: 500 });
  housing = await unitId(h.deps.db, '县住房和城乡建设局');
  finance = await unitId(h.deps.db, '县财政局');
});
afterAll(async () => h.close());

let clock = 1_780_000_000_000;
async function chatEvent(
  type: 'im.chat.member.bot.added_v1' | 'im.chat.member.bot.deleted_v1' | 'im.chat.disbanded_v1',
  chatId: string,
  opts: { name?: string; operator?: string; createTime?: number } = {},
) {
  clock += 1000;
  const ev = chatMemberEvent(type, {
    tenantKey: SAMPLE.tenantKey,
    operatorOpenId: opts.operator ?? SAMPLE.office.zhou,
    chatId,
    name: opts.name ?? '住建工作群',
    createTime: opts.createTime ?? clock,
  });
  const res = await h.post(ev);
  expect(res.status).toBe(200);
  await handled(ev.header.event_id);
  return ev;
}

/** Waits until the stored event has been processed (not merely stored, nor ignored). */
const handled = (eventId: string) =>
  h.fake.waitFor(async () => {
    const row = await h.deps.db
      .selectFrom('lark_events')
      .select('status')
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    return row?.status === 'done';
  });

const botChat = async (chatId: string) => {
  const { rows } = await sql<{ id: number; status: string }>`
    select id, status from bot_chats where chat_id = ${chatId}`.execute(h.deps.db);
  if (!rows[0]) throw new Error(`no bot_chats row for ${chatId}`);
  return rows[0];
};
const log = async (chatId: string) =>
  (
    await sql<{
      bound_before: string | null;
      bound_after: string | null;
      cause: string;
      actor: string;
    }>`select bound_before, bound_after, cause, actor from chat_binding_log where chat_id = ${chatId} order by id`.execute(
      h.deps.db,
    )
  ).rows;
const unitChat = async (id: number) =>
  h.deps.db
    .selectFrom('units')
    .select(['chat_id', 'chat_from'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
/** Presses 绑定 on the binding card of bot_chats row `g`, with the form as filled in. */
const bind = (who: string, g: number, formValue: Record<string, unknown>, messageId?: string) =>
  click(h, who, { a: 'bind_chat', g }, { formValue, ...(messageId ? { messageId } : {}) });

const bindingCards = (chatName: string) => (m: SentMessage) =>
  m.receive_id === SAMPLE.groups.supervision && text(m).includes(`群“${chatName}”`);

describe('a group the bot is added to', () => {
  it('gets the office a binding card; an office member binds it to a unit, recorded with who and when', async () => {
    await chatEvent('im.chat.member.bot.added_v1', NEW_GROUP, { name: '住建工作群' });
    const card = await sent(h, bindingCards('住建工作群'));
    expect(text(card)).toContain('周敏将督查督办助手拉入群');
    expect(text(card)).toContain('县住房和城乡建设局工作群');
    expect(text(card)).toContain('督查室工作群');
    const chat = await botChat(NEW_GROUP);

    // Only the office may bind.
    const refused = await bind(SAMPLE.housing.head, chat.id, { bind_to: `unit:${housing}` });
    expect(refused.toast).toEqual({ type: 'error', content: '只有督查室工作人员可以绑定群' });
    expect((await unitChat(housing)).chat_id).toBe(SAMPLE.housing.chat);

    const bound = await bind(SAMPLE.office.zhou, chat.id, { bind_to: `unit:${housing}` }, card.message_id);
    expect(bound.toast).toEqual({ type: 'success', content: '已绑定为县住房和城乡建设局工作群' });
    expect(JSON.stringify(bound.card)).toContain('周敏于');
    expect(JSON.stringify(bound.card)).toContain('县住房和城乡建设局工作群原来的群不再使用');
    expect(await unitChat(housing)).toEqual({ chat_id: NEW_GROUP, chat_from: 'chat' });
    expect(await log(NEW_GROUP)).toEqual([
      { bound_before: null, bound_after: `unit:${housing}`, cause: 'card', actor: SAMPLE.office.zhou },
    ]);
    // The group hears what it is now for.
    await sent(h, (m) => to(NEW_GROUP)(m) && text(m).includes('绑定为县住房和城乡建设局工作群'));

    // Pressed again: nothing to do, and it says so.
    const again = await bind(SAMPLE.office.chen, chat.id, { bind_to: `unit:${housing}` });
    expect(again.toast?.content).toBe('本群已是县住房和城乡建设局工作群，无需重复绑定');
    expect(await log(NEW_GROUP)).toHaveLength(1);
  });

  it('a second binding of the same group moves it, saying from where', async () => {
    const chat = await botChat(NEW_GROUP);
    const moved = await bind(SAMPLE.office.chen, chat.id, { bind_to: `unit:${finance}` });
    expect(moved.toast?.content).toBe('已由县住房和城乡建设局工作群改为县财政局工作群');
    expect(JSON.stringify(moved.card)).toContain('本群原为县住房和城乡建设局工作群');
    expect((await unitChat(housing)).chat_id).toBeNull();
    expect(await unitChat(finance)).toEqual({ chat_id: NEW_GROUP, chat_from: 'chat' });
    expect((await log(NEW_GROUP)).map((l) => [l.bound_before, l.bound_after, l.actor])).toEqual([
      [null, `unit:${housing}`, SAMPLE.office.zhou],
      [`unit:${housing}`, `unit:${finance}`, SAMPLE.office.chen],
    ]);
    // A unit name the directory does not know is refused and changes nothing.
    const unknown = await bind(SAMPLE.office.chen, chat.id, { bind_to: 'unit', unit_name: '县不存在局' });
    expect(unknown.toast?.type).toBe('error');
    expect((await unitChat(finance)).chat_id).toBe(NEW_GROUP);
  });

  it('a group already bound says so on its card', async () => {
    await chatEvent('im.chat.member.bot.added_v1', SAMPLE.groups.leaders, { name: '县领导群' });
    const card = await sent(h, bindingCards('县领导群'));
    expect(text(card)).toContain('本群现为');
    expect(text(card)).toContain('县领导群');
    expect(text(card)).toContain('更改绑定');
  });
});

describe('the bot removed, or the group disbanded', () => {
  it('unbinds the group, records it, tells the office where that unit now hears; the next notice goes privately', async () => {
    await chatEvent('im.chat.member.bot.deleted_v1', NEW_GROUP, {
      name: '住建工作群',
      operator: SAMPLE.finance.head,
    });
    expect((await unitChat(finance)).chat_id).toBeNull();
    expect((await botChat(NEW_GROUP)).status).toBe('removed');
    expect((await log(NEW_GROUP)).at(-1)).toEqual({
      bound_before: `unit:${finance}`,
      bound_after: null,
      cause: 'removed',
      actor: SAMPLE.finance.head,
    });
    const alert = await sent(h, (m) => to(SAMPLE.groups.supervision)(m) && text(m).includes('群绑定已解除'));
    expect(text(alert)).toContain('县财政局工作群');
    expect(text(alert)).toContain('冯军');
    expect(text(alert)).toContain('私信其负责人和联络员（冯军、蒋倩）');

    const item = await issueItem(h, {
      instruction: '请县财政局于12月20日前报送年度预算执行情况。',
      lead: finance,
    });
    await sent(h, (m) => to(SAMPLE.finance.head)(m) && text(m).includes(item.number ?? '?'));
    await sent(h, (m) => to(SAMPLE.finance.liaison)(m) && text(m).includes(item.number ?? '?'));
    expect(h.fake.messages().filter((m) => to(NEW_GROUP)(m) && text(m).includes(item.number ?? '?'))).toEqual(
      [],
    );
    const rows = await h.deps.db
      .selectFrom('outbox')
      .select(['receive_id'])
      .where('item_id', '=', item.id)
      .execute();
    expect(rows.map((r) => r.receive_id)).not.toContain(NEW_GROUP);

    // A binding card pressed after the bot left is refused.
    const chat = await botChat(NEW_GROUP);
    const late = await bind(SAMPLE.office.zhou, chat.id, { bind_to: `unit:${finance}` });
    expect(late.toast?.content).toContain('已不在该群');
  });

  it('an older event arriving late changes nothing', async () => {
    const group = 'oc_0000000000000000000000000000new2';
    const added = await chatEvent('im.chat.member.bot.added_v1', group, { name: '教育工作群' });
    const chat = await botChat(group);
    const education = await unitId(h.deps.db, '县教育局');
    await bind(SAMPLE.office.zhou, chat.id, { bind_to: `unit:${education}` });
    // A removal Feishu stamped before the add (delivered out of order).
    await chatEvent('im.chat.member.bot.deleted_v1', group, {
      createTime: Number(added.header.create_time) - 500,
    });
    expect((await botChat(group)).status).toBe('member');
    expect((await unitChat(education)).chat_id).toBe(group);
  });

  it('the supervision group disbanded: the office is told privately, each member', async () => {
    await chatEvent('im.chat.disbanded_v1', SAMPLE.groups.supervision, { name: '督查室工作群' });
    const groups = await h.deps.db.selectFrom('groups').select('kind').execute();
    expect(groups.map((g) => g.kind)).toEqual(['leaders']);
    for (const member of [SAMPLE.office.zhou, SAMPLE.office.chen]) {
      const alert = await sent(h, (m) => to(member)(m) && text(m).includes('群绑定已解除'));
      expect(text(alert)).toContain('周敏解散');
      expect(text(alert)).toContain('私信督查室各位工作人员');
    }
  });

  it('a re-import keeps a group bound from chat where the file names none, and the file wins where it names one', async () => {
    const file = sampleDirectoryText().replace('    chat_id: oc_14567388d15d0a85e04cdfcfe6f3ccd1\n', '');
    const dir = parseDirectory(file);
    if (!dir.ok) throw new Error(dir.error.join('; '));
    const summary = await importDirectory(h.deps.db, dir.value);
    const education = await unitId(h.deps.db, '县教育局');
    expect((await unitChat(education)).chat_id).toBe('oc_0000000000000000000000000000new2');
    expect(summary.keptChatBindings).toContain('县教育局工作群');
    // The file names the supervision group again (it was disbanded and unbound) and 住建局's own group.
    expect((await unitChat(housing)).chat_id).toBe(SAMPLE.housing.chat);
    const groups = await h.deps.db.selectFrom('groups').select(['kind', 'chat_id']).orderBy('kind').execute();
    expect(groups).toEqual([
      { kind: 'leaders', chat_id: SAMPLE.groups.leaders },
      { kind: 'supervision', chat_id: SAMPLE.groups.supervision },
    ]);
  });
});

describe('over the long connection', () => {
  it('removal and disbanding events are accepted and handled like the webhook', async () => {
    const feishu = await startFakeLongConnection();
    let link: LongConnection | null = null;
    try {
      link = startLongConnection(h.deps, {
        appId: feishu.appId,
        appSecret: feishu.appSecret,
        domain: feishu.url,
      });
      await feishu.waitFor(() => feishu.connections() > 0 && feishu.pings() > 0);
      for (const type of ['im.chat.member.bot.deleted_v1', 'im.chat.disbanded_v1'] as const) {
        const ev = chatMemberEvent(type, { tenantKey: SAMPLE.tenantKey, operatorOpenId: SAMPLE.office.zhou });
        expect((await feishu.sendEvent(ev)).code).toBe(200);
        await handled(ev.header.event_id);
      }
    } finally {
      link?.close();
      await feishu.close();
    }
  });
});
