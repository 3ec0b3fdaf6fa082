/**
 * Copies of an undeliverable message along the route (domain/reach/route.ts). A copy goes only to
 * someone who has not got the same message already and is not known to be unreachable, so nothing
 * is sent twice; each copy names the row it stands in for (`fallback_of`), so the record shows the path.
 */
import { sql } from 'kysely';
import { escapeMarkdown } from '../../../cards/escape.ts';
import { fallbackCard, sendableCard } from '../../../cards/sendable.ts';
import { notation, withTopLine } from '../../../cards/ui.ts';
import type { Db } from '../../db/client.ts';
import type { NewOutbox, OutboxRow } from '../../db/database.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import { recipientSubject } from '../../domain/reach/delivery-errors.ts';
import { type Hop, routeFrom } from '../../domain/reach/route.ts';
import { officeRecipients, responsibleFor } from '../lifecycle/recipients.ts';
import type { Recipient } from '../outbox-message.ts';
import { stableUuid } from '../outbox-message.ts';
import { recipientFacts } from './recipient-facts.ts';
import { reachDb } from './store.ts';

type Target = Pick<Recipient, 'type' | 'id'>;
type FamilyRow = { id: string; receive_id_type: string; receive_id: string; status: string };

const keyOf = (t: { type?: string; receive_id_type?: string; id?: string; receive_id?: string }) =>
  `${t.type ?? t.receive_id_type}=${t.id ?? t.receive_id}`;

/**
 * The message as everyone got it: the rows written with the original in one go (same purpose, item
 * and transaction; same text for text messages) and every copy made of them since.
 */
async function family(db: Db, row: OutboxRow): Promise<FamilyRow[]> {
  const res = await sql<FamilyRow>`
    WITH RECURSIVE up AS (
      SELECT * FROM outbox WHERE id = ${row.id}
      UNION ALL
      SELECT o.* FROM outbox o JOIN up ON o.id = up.fallback_of
    ), root AS (SELECT * FROM up WHERE fallback_of IS NULL LIMIT 1),
    fam AS (
      SELECT o.id, o.receive_id_type, o.receive_id, o.status FROM outbox o, root r
       WHERE o.tenant_key = r.tenant_key AND o.purpose = r.purpose AND o.msg_type = r.msg_type
         AND o.item_id IS NOT DISTINCT FROM r.item_id AND o.created_at = r.created_at
         AND o.patch_of IS NULL AND o.fallback_of IS NULL
         AND (r.msg_type = 'interactive' OR o.content = r.content)
      UNION
      SELECT o.id, o.receive_id_type, o.receive_id, o.status FROM outbox o JOIN fam ON o.fallback_of = fam.id
    )
    SELECT * FROM fam`.execute(db);
  return res.rows;
}

/** Recipients with an open problem of their own: known to be unreachable, so no copy goes there. */
async function knownUnreachable(db: Db, tenantKey: string, targets: readonly Target[]): Promise<Set<string>> {
  if (targets.length === 0) return new Set();
  const rows = await reachDb(db)
    .selectFrom('delivery_problems')
    .select('subject')
    .where('tenant_key', '=', tenantKey)
    .where('status', '=', 'open')
    .where('subject', 'in', targets.map(recipientSubject))
    .execute();
  return new Set(rows.map((r) => r.subject.replace(':', '=')));
}

async function hopTargets(db: Db, ctx: TenantContext, hop: Hop): Promise<Target[]> {
  const people = (ids: readonly string[]): Target[] => ids.map((id) => ({ type: 'open_id', id }));
  switch (hop.kind) {
    case 'unit_people':
      return people(await responsibleFor(db, ctx.tenantKey, hop.unitId, new Date()));
    case 'unit_group': {
      const unit = await db
        .selectFrom('units')
        .select('chat_id')
        .where('tenant_key', '=', ctx.tenantKey)
        .where('id', '=', hop.unitId)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      return unit?.chat_id ? [{ type: 'chat_id', id: unit.chat_id }] : [];
    }
    case 'office_group':
      return ctx.groups.supervision ? [{ type: 'chat_id', id: ctx.groups.supervision }] : [];
    case 'office_people':
      return officeRecipients(db, ctx.tenantKey, null);
    case 'office': {
      const group = ctx.groups.supervision;
      const broken = group
        ? await knownUnreachable(db, ctx.tenantKey, [{ type: 'chat_id', id: group }])
        : null;
      return officeRecipients(db, ctx.tenantKey, group && !broken?.size ? group : null);
    }
  }
}

export type Fallback = { rows: NewOutbox[]; route: string };

/** The copies for the first hop that reaches anyone, and what the route did, in the office's words. */
export async function planFallback(
  db: Db,
  ctx: TenantContext,
  row: OutboxRow,
  note: string,
): Promise<Fallback> {
  const { role } = await recipientFacts(db, ctx, { type: row.receive_id_type, id: row.receive_id });
  const fam = await family(db, row);
  const got = new Set(fam.filter((f) => f.status !== 'failed' && f.status !== 'superseded').map(keyOf));
  const failed = new Set(fam.filter((f) => f.status === 'failed').map(keyOf));
  failed.add(keyOf(row));
  for (const hop of routeFrom(role)) {
    const targets = (await hopTargets(db, ctx, hop)).filter((t) => !failed.has(keyOf(t)));
    const reached = targets.filter((t) => got.has(keyOf(t)));
    const unreachable = await knownUnreachable(db, ctx.tenantKey, targets);
    const copyTo = targets.filter((t) => !got.has(keyOf(t)) && !unreachable.has(keyOf(t)));
    if (copyTo.length === 0 && reached.length === 0) continue;
    const names = await Promise.all(copyTo.map(async (t) => (await recipientFacts(db, ctx, t)).name));
    const reachedNames = await Promise.all(reached.map(async (t) => (await recipientFacts(db, ctx, t)).name));
    const parts = [
      ...(names.length > 0 ? [`已改发给${names.join('、')}`] : []),
      ...(reachedNames.length > 0 ? [`${reachedNames.join('、')}已另行收到`] : []),
    ];
    return { rows: copyTo.map((t) => copyOf(row, t, note)), route: parts.join('；') };
  }
  return { rows: [], route: '没有可改发的对象' };
}

/** The same message to `to`, saying where it was meant to go. */
export function copyOf(row: OutboxRow, to: Target, note: string): NewOutbox {
  return {
    id: stableUuid(row.tenant_key, 'fallback', row.id, to.type, to.id),
    tenant_key: row.tenant_key,
    receive_id_type: to.type,
    receive_id: to.id,
    reply_to: null,
    msg_type: row.msg_type,
    content: withNote(row.msg_type, row.content, note),
    purpose: row.purpose,
    item_id: row.item_id,
    fallback_of: row.id,
  };
}

function withNote(msgType: string, content: string, note: string): string {
  const parsed = JSON.parse(content) as Record<string, unknown>;
  if (msgType === 'text' && typeof parsed.text === 'string')
    return JSON.stringify({ ...parsed, text: `【改发】${note}\n${parsed.text}` });
  if (msgType !== 'interactive') return content;
  const noted = withTopLine(parsed, notation(escapeMarkdown(note)));
  return noted === parsed ? content : JSON.stringify(sendableCard(noted).card);
}

/** A card Feishu refused, once, as the short card that only names it (the sender's own fallback). */
export function shortCopy(row: OutboxRow): NewOutbox | null {
  if (row.msg_type !== 'interactive' || row.fallback_of !== null) return null;
  return {
    ...copyOf(row, { type: row.receive_id_type, id: row.receive_id }, ''),
    content: JSON.stringify(fallbackCard(JSON.parse(row.content))),
  };
}
