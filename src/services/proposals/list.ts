import type { Card } from '../../../cards/components.ts';
import { md } from '../../../cards/escape.ts';
import { buildItemListCard } from '../../../cards/item-list.ts';
import type { Db } from '../../db/client.ts';
import { onUnits } from '../../db/queries/items.ts';
import type { Person } from '../../db/queries/people.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import { PROPOSAL_STAGES, proposalNumber, STAGE_LABELS } from '../../domain/proposal.ts';
import { listEntries } from '../commands/item-lists.ts';
import { beijingStamp } from '../item-view.ts';

/**
 * 建议提案: this year's suggestions and proposals the person may see, by number. The office (and the
 * county leaders) see them all, with counts by stage; a unit sees those it handles as 主办 or 会办.
 * Drafts and discarded ones are the office's only.
 */
export async function proposalListCard(
  db: Db,
  tenant: TenantContext,
  person: Person,
  page: number,
  now: Date,
): Promise<Card> {
  const year = Number(beijingDate(now).slice(0, 4));
  const all = person.roles.includes('office') || person.roles.includes('leader');
  const office = person.roles.includes('office');
  const units = person.unitIds;
  const rows = await db
    .selectFrom('proposals as p')
    .innerJoin('items as i', (j) =>
      j.onRef('i.tenant_key', '=', 'p.tenant_key').onRef('i.id', '=', 'p.item_id'),
    )
    .selectAll('i')
    .select(['p.category', 'p.seq', 'p.stage'])
    .where('p.tenant_key', '=', person.tenantKey)
    .where('p.year', '=', year)
    .$if(!office, (qb) => qb.where('p.stage', 'not in', ['draft', 'cancelled']))
    .$if(!all, (qb) => qb.where(onUnits(person.tenantKey, units, 'i')))
    .orderBy('p.category')
    .orderBy('p.seq')
    .execute();
  const entries = await listEntries(db, tenant, rows, now);
  const items = entries.map((e, n) => {
    const r = rows[n];
    return r ? { ...e, number: proposalNumber(r.category, r.seq), stateLabel: STAGE_LABELS[r.stage] } : e;
  });
  const counts = PROPOSAL_STAGES.map((s) => [s, rows.filter((r) => r.stage === s).length] as const).filter(
    ([, n]) => n > 0,
  );
  const summary =
    all && counts.length > 0
      ? md`**${String(year)}年共 ${String(rows.length)} 件**：${counts.map(([s, n]) => `${STAGE_LABELS[s]} ${n}`).join('，')}`
      : null;
  return buildItemListCard({
    kind: 'proposals',
    items,
    page,
    title: `${year}年建议提案`,
    summary,
    now: beijingStamp(now),
  });
}
