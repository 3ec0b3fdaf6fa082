/**
 * People listed by mobile or email instead of open_id: the keys the import looks them up by
 * (contact/v3/users/batch_get_id) and what Feishu's answer means for a role.
 */

export type ContactKind = 'mobile' | 'email';

/**
 * `active` and `not_activated` (invited, not logged in yet: messages wait for them) take their roles;
 * `not_found`, `resigned` and `frozen` are kept out of every role until the directory is fixed.
 */
export type ContactStatus = 'active' | 'not_activated' | 'not_found' | 'resigned' | 'frozen';
export type ContactMatch = { openId: string | null; status: ContactStatus };
/** Keyed by contactKey. */
export type ContactLookup = ReadonlyMap<string, ContactMatch>;

/** Feishu's `status` of a user in batch_get_id's answer. */
export type FeishuUserStatus = {
  is_frozen?: boolean | undefined;
  is_resigned?: boolean | undefined;
  is_activated?: boolean | undefined;
  is_exited?: boolean | undefined;
  is_unjoin?: boolean | undefined;
};

/** Spaces and hyphens are how people write numbers, not part of them. */
export const normaliseMobile = (value: string): string => value.replace(/[\s-]/g, '');

export const contactKey = (kind: ContactKind, value: string): string =>
  kind === 'email' ? `email:${value.trim().toLowerCase()}` : `mobile:${normaliseMobile(value)}`;

export function contactStatus(openId: string | null, status: FeishuUserStatus | undefined): ContactStatus {
  if (!openId) return 'not_found';
  if (status?.is_resigned || status?.is_exited) return 'resigned';
  if (status?.is_frozen) return 'frozen';
  if (status?.is_activated === false || status?.is_unjoin) return 'not_activated';
  return 'active';
}

export const takesRole = (status: ContactStatus): boolean =>
  status === 'active' || status === 'not_activated';

export const STATUS_WORDS: Readonly<Record<ContactStatus, string>> = {
  active: '已找到',
  not_activated: '已找到，但尚未激活飞书账号（激活后才能收到消息）',
  not_found: '飞书通讯录中未找到（请核对号码或邮箱，并确认其在应用的可用范围内）',
  resigned: '已离职',
  frozen: '账号已停用（冻结）',
};
