import type { Card } from '../../../cards/components.ts';
import { buildDraftCard } from '../../../cards/draft.ts';
import { proposalHeadline } from '../../../cards/proposal-parts.ts';
import type { Db } from '../../db/client.ts';
import { itemFiles } from '../../db/queries/files.ts';
import type { ItemRecord } from '../../db/queries/items.ts';
import { findProposal } from '../../db/queries/proposals.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import { listUnits } from '../../db/queries/units.ts';
import type { ItemKind, ItemState, Priority, Source } from '../../domain/item.ts';
import { beijingStamp } from '../item-view.ts';

/** The 拟办 card for a draft: an editable form while it is a draft, a record of what became of it after. */
export async function renderDraftCard(
  db: Db,
  tenant: TenantContext,
  rec: ItemRecord,
  notes: string[] = [],
): Promise<Card> {
  const [units, creator, decided, attachments] = await Promise.all([
    listUnits(db, rec.tenant_key),
    db
      .selectFrom('people')
      .select('name')
      .where('tenant_key', '=', rec.tenant_key)
      .where('open_id', '=', rec.created_by)
      .executeTakeFirst(),
    rec.state === 'draft'
      ? Promise.resolve(undefined)
      : db
          .selectFrom('item_events as e')
          .leftJoin('people as p', (j) =>
            j.onRef('p.tenant_key', '=', 'e.tenant_key').onRef('p.open_id', '=', 'e.actor'),
          )
          .select(['e.action', 'e.created_at', 'p.name'])
          .where('e.tenant_key', '=', rec.tenant_key)
          .where('e.item_id', '=', rec.id)
          .where('e.action', 'in', ['issue', 'discard', 'merge'])
          .orderBy('e.id', 'desc')
          .executeTakeFirst(),
    itemFiles(db, rec.tenant_key, rec.id),
  ]);
  const d = tenant.settings.deadlines;
  const p = rec.kind === 'npc_cppcc' ? await findProposal(db, rec.tenant_key, rec.id) : undefined;
  return buildDraftCard({
    proposalFacts: p
      ? proposalHeadline({
          year: p.year,
          category: p.category,
          seq: p.seq,
          keyItem: p.key_item,
          proposers: p.proposers,
          delegation: p.delegation,
          topic: p.topic,
        }).join('\n')
      : null,
    id: rec.id,
    version: rec.version,
    state: rec.state as ItemState,
    instruction: rec.text,
    from: creator ? { name: creator.name } : null,
    receivedAt: beijingStamp(rec.created_at),
    proposal: {
      title: rec.title,
      leadUnitId: rec.lead_unit_id,
      coUnitIds: rec.coUnitIds,
      kind: (rec.kind as ItemKind | null) ?? null,
      deadline: rec.deadline_explicit,
      source: (rec.source as Source | null) ?? null,
      priority: rec.priority as Priority,
    },
    units: units.map((u) => ({ id: u.id, name: u.name })),
    notes,
    kindDeadlines: {
      office: `${d.office}个工作日`,
      forwarded: `${d.forwarded}个工作日`,
      co_handled: `${d.co_handled}个工作日`,
      npc_cppcc: `${d.npc_cppcc.months}个月`,
    },
    number: rec.number,
    attachments,
    mergeable: rec.source_part > 0,
    outcome: decided
      ? {
          label:
            decided.action === 'issue'
              ? `已交办${rec.number ? `（${rec.number}）` : ''}`
              : decided.action === 'merge'
                ? '已并入上一事项'
                : '已作废',
          by: decided.name ?? '',
          at: beijingStamp(decided.created_at),
        }
      : null,
  });
}
