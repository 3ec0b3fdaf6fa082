/**
 * Card refreshes outside the item lock (issue #15 point 8). A change commits a refresh marker
 * (queries/card-refresh.ts) instead of rebuilding every card of the item while holding the lock; this
 * job builds the updates from the item as it is, then takes the lock only to check the version and
 * write them. A burst of changes is one job (its id is per item and second) and one update per card;
 * a marker whose job was lost is queued again by the sweep, so every change is eventually shown.
 */
import { buildReplacedCard } from '../../../cards/replaced.ts';
import type { Db } from '../../db/client.ts';
import type { NewOutbox, OutboxRow } from '../../db/database.ts';
import { clearCardRefresh, findCardRefresh } from '../../db/queries/card-refresh.ts';
import type { ItemRecord } from '../../db/queries/items.ts';
import { findItem, lockItem } from '../../db/queries/items.ts';
import { insertToSend, itemCardMessages, markCardReplaced } from '../../db/queries/outbox.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import type { Deps } from '../../deps.ts';
import { cardAgeing, cardPatchable } from '../../domain/card-window.ts';
import type { Send } from '../../jobs/catalog.ts';
import { jobIds } from '../../jobs/catalog.ts';
import { itemReads } from '../item-view.ts';
import type { Recipient } from '../outbox-message.ts';
import { cardMessage, recipientOf, stableUuid } from '../outbox-message.ts';
import { LIVE_PURPOSES, renderLiveCard } from './cards.ts';
import { heldAnswerKey } from './clicked-card.ts';
import { queueSends } from './followup-hooks.ts';
import { unitRecipients } from './recipients.ts';

/** How long a refresh waits for the rest of a burst of changes before it builds the cards. */
export const REFRESH_GATHER_MS = 300;
/** Passes one job makes while changes keep coming; whatever is left waits for the next job or sweep. */
const MAX_PASSES = 5;

/** Clears a marker whatever its version (the item is gone). */
const ANY_VERSION = 2_147_483_647;

type RefreshDeps = Pick<Deps, 'db' | 'jobs' | 'logger' | 'now'>;

/** After the change commits: one job per item and second gathers a burst (see jobIds.refreshCards). */
export async function queueCardRefresh(
  deps: Pick<Deps, 'jobs'>,
  tenantKey: string,
  itemId: number,
): Promise<void> {
  await deps.jobs.enqueue(
    'refresh-cards',
    { tenantKey, itemId },
    { jobId: jobIds.refreshCards(itemId, new Date()), delayMs: REFRESH_GATHER_MS },
  );
}

export type RefreshOutcome = { passes: number; messages: number };

export async function refreshItemCards(
  deps: RefreshDeps,
  tenantKey: string,
  itemId: number,
): Promise<RefreshOutcome> {
  const { db } = deps;
  const log = deps.logger.child({ tenantKey, itemId });
  let messages = 0;
  let tenant: TenantContext | undefined;
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    const marker = await findCardRefresh(db, tenantKey, itemId);
    if (!marker) return { passes: pass - 1, messages };
    tenant ??= await loadTenantContext(db, tenantKey, log);
    // Built without the lock from the item as read, written only if that is still its version. When
    // changes keep coming faster than that, once under the lock, so the cards never fall behind for long.
    let sends = await writeRefresh(db, tenant, tenantKey, itemId, deps.now(), 'optimistic');
    sends ??= await writeRefresh(db, tenant, tenantKey, itemId, deps.now(), 'locked');
    if (sends === null) continue;
    messages += sends.length;
    await queueSends(deps, sends);
  }
  return { passes: MAX_PASSES, messages };
}

/** Writes the updates for the item's current version; null when it changed under an optimistic build. */
async function writeRefresh(
  db: Db,
  tenant: TenantContext,
  tenantKey: string,
  itemId: number,
  now: Date,
  mode: 'optimistic' | 'locked',
): Promise<Send[] | null> {
  const write = async (trx: Db, version: number, built: Built): Promise<Send[]> => {
    const inserted = await insertToSend(trx, built.rows);
    for (const r of built.replaced) await markCardReplaced(trx, r.old, r.by);
    await clearCardRefresh(trx, tenantKey, itemId, version);
    return inserted;
  };
  if (mode === 'locked') {
    return db.transaction().execute(async (trx) => {
      const rec = await lockItem(trx, tenantKey, itemId);
      if (!rec) return write(trx, ANY_VERSION, { rows: [], replaced: [] });
      return write(trx, rec.version, await buildRefresh(trx, tenant, rec, now));
    });
  }
  const rec = await findItem(db, tenantKey, itemId);
  if (!rec) return write(db, ANY_VERSION, { rows: [], replaced: [] });
  const built = await buildRefresh(db, tenant, rec, now);
  return db.transaction().execute(async (trx) => {
    const locked = await lockVersion(trx, tenantKey, itemId);
    return locked === rec.version ? write(trx, rec.version, built) : null;
  });
}

async function lockVersion(trx: Db, tenantKey: string, itemId: number): Promise<number | null> {
  const row = await lockItem(trx, tenantKey, itemId);
  return row?.version ?? null;
}

type Built = { rows: NewOutbox[]; replaced: Array<{ old: string; by: string }> };

/**
 * An update of every live card of the item, except a card whose clicker's answer already carried
 * this version (its held update, clicked-card.ts). A shared card about to leave Feishu's window is
 * sent again as a new message, and the old one, while it still can be, says so.
 */
export async function buildRefresh(
  db: Db,
  tenant: TenantContext,
  rec: ItemRecord,
  now: Date,
  exceptMessageId: string | null = null,
): Promise<Built> {
  const live = (await itemCardMessages(db, rec.tenant_key, rec.id, LIVE_PURPOSES)).filter(
    (r) => !exceptMessageId || r.message_id !== exceptMessageId,
  );
  const answered = await answeredCards(db, rec, live);
  const wallNow = new Date();
  const reads = itemReads(db, rec, tenant, now);
  const out: Built = { rows: [], replaced: [] };
  for (const row of live) {
    if (answered.has(row.id)) continue;
    // A private card past the window is left as it is: the person's next reminder is a fresh card.
    if (row.status === 'sent' && row.receive_id_type === 'open_id' && !cardPatchable(row.sent_at, wallNow))
      continue;
    const card = await renderLiveCard(db, tenant, rec, row.purpose, now, reads);
    if (!card) continue;
    // A shared one (a unit group's notice) is what the group looks at: it is re-sent before it ages out.
    if (row.status === 'sent' && row.receive_id_type === 'chat_id' && cardAgeing(row.sent_at, wallNow)) {
      const fresh = await resendCard(db, rec, row, card, now);
      out.rows.push(fresh);
      out.replaced.push({ old: row.id, by: fresh.id });
      if (cardPatchable(row.sent_at, wallNow)) {
        out.rows.push(updateOf(rec, row, `replaced:${row.id}`, buildReplacedCard(await reads.view())));
      }
      continue;
    }
    out.rows.push(updateOf(rec, row, `patch:${row.id}:v${rec.version}`, card));
  }
  return out;
}

function updateOf(rec: ItemRecord, row: OutboxRow, key: string, card: object): NewOutbox {
  return cardMessage(
    {
      tenantKey: rec.tenant_key,
      // Addressed as the card was, so its @-mention and 代X接收 lines stay when it is redrawn.
      to: recipientOf(row),
      key,
      purpose: `update:${row.purpose}`,
      itemId: rec.id,
      patchOf: row.id,
    },
    card,
  );
}

/** Cards whose held answer update (heldAnswerKey) exists for this version. */
async function answeredCards(db: Db, rec: ItemRecord, live: readonly OutboxRow[]): Promise<Set<string>> {
  if (live.length === 0) return new Set();
  const byAnswer = new Map(
    live.map((r) => [stableUuid(rec.tenant_key, heldAnswerKey(r.id, rec.version)), r.id] as const),
  );
  const found = await db
    .selectFrom('outbox')
    .select('id')
    .where('id', 'in', [...byAnswer.keys()])
    .where('status', 'in', ['pending', 'sending', 'sent'])
    .execute();
  return new Set(found.flatMap((f) => byAnswer.get(f.id) ?? []));
}

/**
 * A live card sent again as a new message, to the same chat. Keyed by card and item version, not by
 * who caused it: the refresh and any number of clicks on the expired card send it once.
 */
export async function resendCard(
  db: Db,
  rec: ItemRecord,
  row: OutboxRow,
  card: object,
  now: Date,
): Promise<NewOutbox> {
  return cardMessage(
    {
      tenantKey: rec.tenant_key,
      to: await resendTarget(db, rec, row, now),
      key: `resend:${row.id}:v${rec.version}`,
      purpose: row.purpose,
      itemId: rec.id,
    },
    card,
  );
}

/** The same chat again; a unit group's card @-mentions its responsible people as the first one did. */
async function resendTarget(db: Db, rec: ItemRecord, row: OutboxRow, now: Date): Promise<Recipient> {
  const [kind, unit] = row.purpose.split(':');
  if (row.receive_id_type === 'chat_id' && (kind === 'notice' || kind === 'co_notice') && unit) {
    const again = (await unitRecipients(db, rec.tenant_key, Number(unit), now)).find(
      (r) => r.id === row.receive_id,
    );
    if (again) return again;
  }
  return recipientOf(row);
}
