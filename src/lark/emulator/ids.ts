import { createHash, randomBytes } from 'node:crypto';

/** Ids and secrets used by /work/shared/fixtures/lark, so fixtures, builders and the fake agree. */
export const larkFixture = {
  appId: 'cli_xxxxxxxxxxxxxxxx',
  appSecret: 'fakeAppSecretForTestsOnly0000001',
  tenantKey: 'xxxxxxxxxxxxt001',
  verificationToken: 'fakeVerificationTokenForTests001',
  encryptKey: 'fakeEncryptKeyForTestsOnly000001',
  botOpenId: 'ou_xxxxxxxxxxxxxxxxxxxxxxxxxxxxb001',
  botName: '督查督办助手',
  groupChatId: 'oc_xxxxxxxxxxxxxxxxxxxxxxxxxxxxg001',
  p2pChatId: 'oc_xxxxxxxxxxxxxxxxxxxxxxxxxxxxp001',
  users: {
    zhangsan: 'ou_xxxxxxxxxxxxxxxxxxxxxxxxxxxxu001',
    lisi: 'ou_xxxxxxxxxxxxxxxxxxxxxxxxxxxxu002',
    u003: 'ou_xxxxxxxxxxxxxxxxxxxxxxxxxxxxu003',
    u004: 'ou_xxxxxxxxxxxxxxxxxxxxxxxxxxxxu004',
  },
} as const;

export function randomHex(chars: number): string {
  return randomBytes(Math.ceil(chars / 2))
    .toString('hex')
    .slice(0, chars);
}

/** `om_…`, `oc_…`: Feishu ids are a prefix plus 32 characters. */
export function randomLarkId(prefix: string): string {
  return `${prefix}_${randomHex(32)}`;
}

/** The fixtures derive union ids as `on_` + the open id's tail. */
export function unionIdFor(openId: string): string {
  return `on_${openId.replace(/^ou_/, '')}`;
}

/** The fixtures' user_id is the open id's last 8 characters (`ou_…u002` → `xxxxu002`). */
export function userIdFor(openId: string): string {
  return openId.slice(-8);
}

/**
 * One stable p2p chat per user, so a message event built for a user and the fake's reply to
 * `receive_id_type=open_id` name the same chat.
 */
export function p2pChatIdFor(openId: string): string {
  return `oc_${createHash('sha256').update(`p2p:${openId}`).digest('hex').slice(0, 32)}`;
}
