/**
 * Contacts (contact v3): open_ids of people the directory lists by mobile or email. Needs the scope
 * `contact:user.id:readonly` (通过手机号或邮箱获取用户 ID).
 */
import type { Result } from '../lib/result.ts';
import { err, ok } from '../lib/result.ts';
import type { SdkInvoke } from './client.ts';
import type { SendFailure } from './errors.ts';

/** Feishu takes at most 50 mobiles and 50 emails in one batch_get_id call. */
export const CONTACT_BATCH = 50;

export type FoundUser = {
  /** The open_id; absent when nobody has that mobile or email (or the app may not see them). */
  openId: string | null;
  mobile?: string | undefined;
  email?: string | undefined;
  status?:
    | {
        is_frozen?: boolean | undefined;
        is_resigned?: boolean | undefined;
        is_activated?: boolean | undefined;
        is_exited?: boolean | undefined;
        is_unjoin?: boolean | undefined;
      }
    | undefined;
};

export type ContactApi = {
  /** One call: ≤ CONTACT_BATCH of each. Resigned people are included, so they can be named as such. */
  batchGetIds(query: { mobiles: string[]; emails: string[] }): Promise<Result<FoundUser[], SendFailure>>;
};

export function createContactApi(invoke: SdkInvoke): ContactApi {
  return {
    async batchGetIds({ mobiles, emails }) {
      if (mobiles.length > CONTACT_BATCH || emails.length > CONTACT_BATCH)
        return err({ kind: 'permanent', message: `batch_get_id takes at most ${CONTACT_BATCH} of each` });
      const res = await invoke((c) =>
        c.contact.v3.user.batchGetId({
          params: { user_id_type: 'open_id' },
          data: {
            ...(mobiles.length > 0 ? { mobiles } : {}),
            ...(emails.length > 0 ? { emails } : {}),
            include_resigned: true,
          },
        }),
      );
      if (!res.ok) return res;
      const list = res.value.data?.user_list ?? [];
      return ok(
        list.map((u) => ({ openId: u.user_id || null, mobile: u.mobile, email: u.email, status: u.status })),
      );
    },
  };
}
