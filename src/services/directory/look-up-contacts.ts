/**
 * Finds the open_ids of the people a directory file lists by mobile or email, in batches of 50 (one
 * call can carry 50 of each). Network only: it runs before the import's transaction.
 */
import type { ContactLookup, ContactMatch } from '../../domain/directory-contacts.ts';
import { contactKey, contactStatus } from '../../domain/directory-contacts.ts';
import type { ContactApi } from '../../lark/contact.ts';
import { CONTACT_BATCH } from '../../lark/contact.ts';
import type { SendFailure } from '../../lark/errors.ts';
import type { Result } from '../../lib/result.ts';
import { ok } from '../../lib/result.ts';

const chunks = <T>(list: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** Feishu answers mainland numbers without +86 when asked with it, and the other way round. */
const mobileKeys = (value: string): string[] => {
  const bare = value.replace(/^\+86/, '');
  return [contactKey('mobile', value), contactKey('mobile', bare), contactKey('mobile', `+86${bare}`)];
};

export async function lookUpContacts(
  api: ContactApi,
  wanted: { mobiles: readonly string[]; emails: readonly string[] },
): Promise<Result<ContactLookup, SendFailure>> {
  const found = new Map<string, ContactMatch>();
  const mobiles = chunks(wanted.mobiles, CONTACT_BATCH);
  const emails = chunks(wanted.emails, CONTACT_BATCH);
  for (let i = 0; i < Math.max(mobiles.length, emails.length); i++) {
    const res = await api.batchGetIds({ mobiles: mobiles[i] ?? [], emails: emails[i] ?? [] });
    if (!res.ok) return res;
    for (const user of res.value) {
      const match = { openId: user.openId, status: contactStatus(user.openId, user.status) };
      const keys = [
        ...(user.mobile ? mobileKeys(user.mobile) : []),
        ...(user.email ? [contactKey('email', user.email)] : []),
      ];
      // An answer without an id is "not found"; it never hides a hit for the same key.
      for (const key of keys) if (match.openId || !found.has(key)) found.set(key, match);
    }
  }
  const out = new Map<string, ContactMatch>();
  for (const m of wanted.mobiles) {
    const hit = mobileKeys(m)
      .map((k) => found.get(k))
      .find((x) => x !== undefined);
    out.set(contactKey('mobile', m), hit ?? { openId: null, status: 'not_found' });
  }
  for (const e of wanted.emails)
    out.set(
      contactKey('email', e),
      found.get(contactKey('email', e)) ?? { openId: null, status: 'not_found' },
    );
  return ok(out);
}
