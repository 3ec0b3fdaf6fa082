/**
 * Who the emulated Feishu will not deliver to, and its 加急 rules (issue #12): groups the bot left
 * (230002) or that were disbanded (232009); people outside the app's availability (230013),
 * resigned (230029) or who blocked the bot (230053); 加急 only on the bot's own messages (230012),
 * with the scope granted (230027), within the SMS/phone quota (230024), for people in the chat
 * (others come back in invalid_user_id_list), and at most 200 unread per person (230023).
 */
import type { LarkReply } from './http.ts';
import { fieldViolation, larkError, ok, stringListAt } from './http.ts';

export type UserState = 'ok' | 'invisible' | 'resigned' | 'blocked';
export type UrgentKind = 'app' | 'sms' | 'phone';
export type UrgentCall = {
  message_id: string;
  kind: UrgentKind;
  user_id_type: string;
  user_id_list: string[];
  at: number;
};

/** Where a message is: its chat, whether the bot sent it, and the person of a private chat. */
export type MessagePlace = { chatId: string; byBot: boolean; person: string | null };

/** Feishu's per-person ceiling of unread 加急. */
export const MAX_UNREAD_URGENTS = 200;

export type DeliveryEmulator = {
  /** The bot is no longer in this group (or never was): sends and 加急 there answer 230002. */
  removeBot(chatId: string): void;
  addBot(chatId: string): void;
  disband(chatId: string): void;
  setUser(openId: string, state: UserState): void;
  /** Who is in a group, for 加急 there; unset, everyone is. */
  setMembers(chatId: string, openIds: readonly string[]): void;
  /** The 加急 kinds whose scope the app has (default all); the others answer 230027. */
  grantUrgent(kinds: readonly UrgentKind[]): void;
  /** SMS/phone 加急 left in the tenant's quota (null: unlimited); past it 230024. */
  setUrgentQuota(left: number | null): void;
  unreadUrgents(openId: string): number;
  setUnreadUrgents(openId: string, count: number): void;
  /** The person opens their 加急 messages. */
  readUrgents(openId: string): void;
  urgents(): UrgentCall[];
  /** Why Feishu would refuse a message to this chat (and person, for a private one), if it would. */
  refuseSend(chatId: string, openId: string | null): LarkReply | undefined;
  /** PATCH …/messages/:id/urgent_{kind}, on the message `chatOf` finds. */
  urgent(
    req: { query: Record<string, string>; body: unknown },
    messageId: string,
    kind: UrgentKind,
    chatOf: (messageId: string) => MessagePlace | undefined,
  ): LarkReply;
  reset(): void;
};

const USER_ERRORS: Readonly<Record<Exclude<UserState, 'ok'>, [number, string]>> = {
  invisible: [230013, 'Bot has NO availability to this user.'],
  resigned: [230029, 'The user has resigned.'],
  blocked: [230053, 'The user has stopped the bot from sending messages.'],
};

export function createDeliveryEmulator(): DeliveryEmulator {
  let botLeft = new Set<string>();
  let disbanded = new Set<string>();
  let users = new Map<string, UserState>();
  let members = new Map<string, Set<string>>();
  let granted = new Set<UrgentKind>(['app', 'sms', 'phone']);
  let quota: number | null = null;
  let unread = new Map<string, number>();
  let log: UrgentCall[] = [];

  const chatRefusal = (chatId: string): LarkReply | undefined => {
    if (disbanded.has(chatId))
      return larkError(400, 232009, 'Your request specifies a chat which has already been dissolved.');
    if (botLeft.has(chatId)) return larkError(400, 230002, 'Bot/User can NOT be out of the chat.');
    return undefined;
  };
  const userRefusal = (openId: string): LarkReply | undefined => {
    const state = users.get(openId) ?? 'ok';
    if (state === 'ok') return undefined;
    const [code, msg] = USER_ERRORS[state];
    return larkError(400, code, msg);
  };
  const inChat = (place: MessagePlace, openId: string): boolean =>
    place.person !== null ? place.person === openId : (members.get(place.chatId)?.has(openId) ?? true);

  return {
    removeBot: (chatId) => void botLeft.add(chatId),
    addBot: (chatId) => void botLeft.delete(chatId),
    disband: (chatId) => void disbanded.add(chatId),
    setUser: (openId, state) => void users.set(openId, state),
    setMembers: (chatId, openIds) => void members.set(chatId, new Set(openIds)),
    grantUrgent: (kinds) => {
      granted = new Set(kinds);
    },
    setUrgentQuota: (left) => {
      quota = left;
    },
    unreadUrgents: (openId) => unread.get(openId) ?? 0,
    setUnreadUrgents: (openId, count) => void unread.set(openId, count),
    readUrgents: (openId) => void unread.delete(openId),
    urgents: () => [...log],
    refuseSend(chatId, openId) {
      return chatRefusal(chatId) ?? (openId === null ? undefined : userRefusal(openId));
    },
    urgent(req, messageId, kind, chatOf) {
      const userIdType = req.query.user_id_type;
      if (!userIdType) return fieldViolation('user_id_type', 'user_id_type is required');
      const userIds = stringListAt(req.body, 'user_id_list');
      if (!userIds || userIds.length === 0) return fieldViolation('user_id_list', 'user_id_list is required');
      const message = chatOf(messageId);
      if (!message)
        return larkError(400, 230001, `invalid message_id: ${messageId} was not sent through the fake`);
      if (!message.byBot) return larkError(400, 230012, 'Bot is NOT the sender of the message.');
      const refused = chatRefusal(message.chatId);
      if (refused) return refused;
      if (!granted.has(kind)) return larkError(400, 230027, 'Lack of necessary permissions.');
      const valid = userIds.filter((id) => inChat(message, id) && userRefusal(id) === undefined);
      const invalid = userIds.filter((id) => !valid.includes(id));
      if (valid.some((id) => (unread.get(id) ?? 0) >= MAX_UNREAD_URGENTS))
        return larkError(400, 230023, 'The user has too many unread urgent messages.');
      if (kind !== 'app' && quota !== null) {
        if (quota < valid.length) return larkError(400, 230024, 'Reach the upper limit of urgent message.');
        quota -= valid.length;
      }
      for (const id of valid) unread.set(id, (unread.get(id) ?? 0) + 1);
      log.push({
        message_id: messageId,
        kind,
        user_id_type: userIdType,
        user_id_list: userIds,
        at: Date.now(),
      });
      return ok({ invalid_user_id_list: invalid });
    },
    reset() {
      botLeft = new Set();
      disbanded = new Set();
      users = new Map();
      members = new Map();
      granted = new Set(['app', 'sms', 'phone']);
      quota = null;
      unread = new Map();
      log = [];
    },
  };
}
