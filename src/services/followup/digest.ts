/** 减负: writes each recipient's held reminders of the day as one digest card. */
import { buildDigestCard, DIGEST_KINDS, type DigestKind, type DigestLine } from '../../../cards/digest.ts';
import { insertOutbox } from '../../db/queries/outbox.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import { personNames } from '../../db/queries/units.ts';
import type { Deps } from '../../deps.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import { sendSlot } from '../../domain/followup/index.ts';
import { queueMessages } from '../lifecycle/followup-hooks.ts';
import { cardMessage } from '../outbox-message.ts';
import { officeDigestLines } from '../reach/daily.ts';
import type { DigestEntry } from './digest-store.ts';
import {
  DIGEST_PURPOSE,
  dueStepsRemain,
  lockPendingDigestEntries,
  oldestPendingEntry,
  settleDigestEntries,
} from './digest-store.ts';
import { FIRE_TOLERANCE_MS } from './fire.ts';
import { DIGEST_GATHER_MS, digestRunAt } from './schedule.ts';

/** One run takes at most this many entries; a larger backlog is finished by the next run. */
const DIGEST_BATCH = 20_000;
/** A digest waits for a burst of due steps to drain, but no longer than this after its first entry. */
export const DIGEST_MAX_WAIT_MS = 10 * 60_000;

export type DigestResult =
  | { kind: 'sent'; cards: number; entries: number; outboxIds: string[] }
  | { kind: 'later'; at: Date };

type ItemLine = DigestLine['item'];

const rank = (kind: string): number => DIGEST_KINDS.indexOf(kind as DigestKind);

export async function sendDigests(
  deps: Pick<Deps, 'db' | 'jobs' | 'logger' | 'now'>,
  tenantKey: string,
  opts: { gatherMs?: number } = {},
): Promise<DigestResult> {
  const now = deps.now();
  const log = deps.logger.child({ tenantKey });
  const ctx = await loadTenantContext(deps.db, tenantKey, log);
  const slot = sendSlot(now, ctx.settings.followup, ctx.calendar);
  // A digest whose run slipped past office hours waits for the next morning like any reminder.
  if (slot.getTime() > now.getTime() + FIRE_TOLERANCE_MS) return { kind: 'later', at: slot };
  // Steps of this tenant still due (a 09:00 burst being worked through): wait for them, one card is the point.
  const [due, oldest] = await Promise.all([
    dueStepsRemain(deps.db, tenantKey, now),
    oldestPendingEntry(deps.db, tenantKey),
  ]);
  if (due && oldest && now.getTime() - oldest.getTime() < DIGEST_MAX_WAIT_MS) {
    // Aligned, so the runs a burst of steps queued fold into one job again.
    return { kind: 'later', at: digestRunAt(now, Math.min(opts.gatherMs ?? DIGEST_GATHER_MS, 5_000)) };
  }
  const today = beijingDate(now);

  const result = await deps.db.transaction().execute(async (trx) => {
    const entries = await lockPendingDigestEntries(trx, tenantKey, DIGEST_BATCH);
    if (entries.length === 0) return { cards: 0, entries: 0, outboxIds: [] };
    const items = await trx
      .selectFrom('items as i')
      .leftJoin('units as u', (j) =>
        j.onRef('u.tenant_key', '=', 'i.tenant_key').onRef('u.id', '=', 'i.lead_unit_id'),
      )
      .select(['i.id', 'i.number', 'i.title', 'i.deadline', 'i.version', 'i.state', 'u.name as unit_name'])
      .where('i.tenant_key', '=', tenantKey)
      .where('i.id', 'in', [...new Set(entries.map((e) => e.itemId))])
      .execute();
    // An item closed since its reminder fired is no longer worth mentioning.
    const open = new Map<number, ItemLine>(
      items
        .filter((i) => i.state === 'issued' || i.state === 'in_progress')
        .map((i) => [
          i.id,
          {
            id: i.id,
            number: i.number,
            title: i.title,
            deadline: i.deadline,
            version: i.version,
            state: i.state as ItemLine['state'],
            leadUnitName: i.unit_name,
          },
        ]),
    );
    const byRecipient = new Map<string, DigestEntry[]>();
    for (const e of entries) {
      const key = `${e.to.type}=${e.to.id}`;
      const group = byRecipient.get(key);
      if (group) group.push(e);
      else byRecipient.set(key, [e]);
    }
    const names = await personNames(
      trx,
      tenantKey,
      entries.filter((e) => e.to.type === 'open_id').map((e) => e.to.id),
    );
    const rows = [];
    const undeliveredFor = officeDigestLines(trx, ctx);
    for (const [key, group] of byRecipient) {
      const lines = digestLines(group, open);
      const ids = group.map((e) => e.id);
      const first = group[0];
      if (lines.length === 0 || !first) {
        await settleDigestEntries(trx, ids, { status: 'dropped' });
        continue;
      }
      const card = buildDigestCard({
        date: today,
        recipientName: names.get(first.to.id) ?? null,
        lines,
        // The office's digest also counts what is still undelivered (reach/daily.ts).
        undelivered: await undeliveredFor(first.to),
      });
      // Keyed by the batch's first entry: a rerun of the same batch is the same message.
      const row = cardMessage(
        {
          tenantKey,
          to: first.to,
          key: `digest:${key}:${today}:${Math.min(...ids)}`,
          purpose: DIGEST_PURPOSE,
        },
        card,
      );
      rows.push(row);
      await settleDigestEntries(trx, ids, { status: 'sent', outboxId: row.id });
    }
    const outboxIds = await insertOutbox(trx, rows);
    return { cards: rows.length, entries: entries.length, outboxIds };
  });
  await queueMessages(deps, result.outboxIds);
  if (result.cards > 0) log.info({ cards: result.cards, entries: result.entries }, 'digests written');
  return { kind: 'sent', ...result };
}

/** The most pressing reminder per item (an item may have two: not accepted and due soon). */
function digestLines(group: readonly DigestEntry[], open: ReadonlyMap<number, ItemLine>): DigestLine[] {
  const best = new Map<number, DigestEntry>();
  for (const e of group) {
    const seen = best.get(e.itemId);
    if (rank(e.kind) >= 0 && (!seen || rank(e.kind) < rank(seen.kind))) best.set(e.itemId, e);
  }
  return [...best.values()].flatMap((e) => {
    const item = open.get(e.itemId);
    return item ? [{ item, kind: e.kind as DigestKind, ...e.facts }] : [];
  });
}
