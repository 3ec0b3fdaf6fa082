/** The rows the 建议提案 report, ledger and 专报 line are computed from (src/domain/proposal-report.ts). */
import { beijingDate } from '../../domain/calendar/index.ts';
import type { ProposalReportRow } from '../../domain/proposal-report.ts';
import type { Db } from '../client.ts';

/** Every proposal of `year` (drafts included; the domain decides what counts), by category then number. */
export async function listProposalReportRows(
  db: Db,
  tenantKey: string,
  year: number,
): Promise<ProposalReportRow[]> {
  const rows = await db
    .selectFrom('proposals as p')
    .innerJoin('items as i', (j) =>
      j.onRef('i.tenant_key', '=', 'p.tenant_key').onRef('i.id', '=', 'p.item_id'),
    )
    .leftJoin('units as u', (j) =>
      j.onRef('u.tenant_key', '=', 'i.tenant_key').onRef('u.id', '=', 'i.lead_unit_id'),
    )
    .select([
      'p.item_id',
      'p.year',
      'p.category',
      'p.seq',
      'p.proposers',
      'p.key_item',
      'p.stage',
      'p.replied_at',
      'p.answer_category',
      'p.followup_on',
      'p.satisfaction',
      'p.redo_count',
      'i.title',
      'i.state',
      'i.lead_unit_id',
      'i.deadline',
      'u.name as lead_name',
    ])
    .where('p.tenant_key', '=', tenantKey)
    .where('p.year', '=', year)
    .orderBy('p.category')
    .orderBy('p.seq')
    .execute();
  const ids = rows.map((r) => r.item_id);
  const [co, opinions] = ids.length
    ? await Promise.all([
        db
          .selectFrom('item_co_units as c')
          .innerJoin('units as u', (j) =>
            j.onRef('u.tenant_key', '=', 'c.tenant_key').onRef('u.id', '=', 'c.unit_id'),
          )
          .select(['c.item_id', 'c.unit_id', 'u.name'])
          .where('c.tenant_key', '=', tenantKey)
          .where('c.item_id', 'in', ids)
          .orderBy('c.unit_id')
          .execute(),
        db
          .selectFrom('proposal_opinions')
          .select(['item_id', 'unit_id'])
          .where('tenant_key', '=', tenantKey)
          .where('item_id', 'in', ids)
          .execute(),
      ])
    : [[], []];
  return rows.map((r) => {
    const mine = co.filter((c) => c.item_id === r.item_id);
    return {
      itemId: r.item_id,
      year: r.year,
      category: r.category,
      seq: r.seq,
      title: r.title,
      proposers: r.proposers,
      keyItem: r.key_item,
      state: r.state,
      stage: r.stage,
      leadUnitId: r.lead_unit_id,
      leadUnitName: r.lead_name,
      coUnitIds: mine.map((c) => c.unit_id),
      coUnitNames: mine.map((c) => c.name),
      opinionUnitIds: opinions.filter((o) => o.item_id === r.item_id).map((o) => o.unit_id),
      deadline: r.deadline,
      repliedOn: r.replied_at ? beijingDate(new Date(r.replied_at)) : null,
      answerCategory: r.answer_category,
      followupOn: r.followup_on,
      satisfaction: r.satisfaction,
      redoCount: r.redo_count,
    };
  });
}
