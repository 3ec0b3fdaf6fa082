import type { Db } from '../db/client.ts';
import { p2pChatIdFor } from '../lark/emulator/ids.ts';

/** Who is in the sandbox county and which chats each of them sees, read from the directory. */
export type SandboxPerson = {
  openId: string;
  name: string;
  title: string | null;
  roles: string[];
  units: string[];
};
export type SandboxChat = {
  chatId: string;
  name: string;
  kind: 'p2p' | 'supervision' | 'leaders' | 'unit';
  /** Open ids; a p2p chat is the person's own chat with the bot. */
  members: string[];
};
export type World = {
  tenantKey: string;
  people: SandboxPerson[];
  groups: SandboxChat[];
  name(openId: string): string;
};

export const BOT_CHAT_NAME = '督查督办助手';
const ROLE_ORDER = ['leader', 'office', 'unit_head', 'liaison'];

export async function loadWorld(db: Db, tenantKey: string, botOpenId: string): Promise<World> {
  const [people, units, members, groups] = await Promise.all([
    db
      .selectFrom('people')
      .select(['open_id', 'name', 'title', 'roles'])
      .where('tenant_key', '=', tenantKey)
      .execute(),
    db
      .selectFrom('units')
      .select(['id', 'name', 'chat_id'])
      .where('tenant_key', '=', tenantKey)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('unit_members')
      .select(['unit_id', 'open_id'])
      .where('tenant_key', '=', tenantKey)
      .execute(),
    db.selectFrom('groups').select(['kind', 'chat_id']).where('tenant_key', '=', tenantKey).execute(),
  ]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const list: SandboxPerson[] = people
    .filter((p) => p.roles.length > 0)
    .map((p) => ({
      openId: p.open_id,
      name: p.name,
      title: p.title,
      roles: p.roles,
      units: members.filter((m) => m.open_id === p.open_id).map((m) => unitName.get(m.unit_id) ?? ''),
    }))
    .sort((a, b) => rank(a) - rank(b));
  const withRole = (role: string) => list.filter((p) => p.roles.includes(role)).map((p) => p.openId);
  const chats: SandboxChat[] = [];
  for (const g of groups) {
    const kind = g.kind === 'supervision' ? 'supervision' : 'leaders';
    // The office sits in both groups; leaders read the leaders' group.
    const inIt = kind === 'supervision' ? withRole('office') : [...withRole('leader'), ...withRole('office')];
    chats.push({
      chatId: g.chat_id,
      name: kind === 'supervision' ? '督查室工作群' : '县领导群',
      kind,
      members: inIt,
    });
  }
  for (const u of units) {
    if (!u.chat_id) continue;
    const inIt = members.filter((m) => m.unit_id === u.id).map((m) => m.open_id);
    chats.push({ chatId: u.chat_id, name: `${u.name}工作群`, kind: 'unit', members: inIt });
  }
  const names = new Map(list.map((p) => [p.openId, p.name]));
  names.set(botOpenId, BOT_CHAT_NAME);
  return { tenantKey, people: list, groups: chats, name: (openId) => names.get(openId) ?? openId };
}

const rank = (p: SandboxPerson) => {
  const i = ROLE_ORDER.findIndex((r) => p.roles.includes(r));
  return i < 0 ? ROLE_ORDER.length : i;
};

/** The person's chat with the bot first, then their groups. */
export function chatsOf(world: World, openId: string): SandboxChat[] {
  const own: SandboxChat = {
    chatId: p2pChatIdFor(openId),
    name: BOT_CHAT_NAME,
    kind: 'p2p',
    members: [openId],
  };
  return [own, ...world.groups.filter((g) => g.members.includes(openId))];
}

export const ROLE_NAMES: Record<string, string> = {
  leader: '县领导',
  office: '督查室',
  unit_head: '单位负责人',
  liaison: '联络员',
};
