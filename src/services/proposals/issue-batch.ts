/**
 * 批量交办: every draft of an imported batch is issued as the office would issue it from its draft
 * card (its number, its deadline, the notices to the 主办 and 会办 units through the outbox), one
 * item per transaction. Items already issued are skipped, so pressing the button twice, or running
 * the command again after an interruption, issues nothing twice.
 */

import type { Person } from '../../db/queries/people.ts';
import { batchItems } from '../../db/queries/proposal-batches.ts';
import type { Deps } from '../../deps.ts';
import { issueDraft } from '../lifecycle/issue-draft.ts';

export type BatchIssueOutcome = {
  issued: number;
  /** Already issued (or discarded) before this run. */
  skipped: number;
  refused: { label: string; title: string; reason: string }[];
};

export async function issueProposalBatch(
  deps: Deps,
  actor: Person,
  batch: string,
): Promise<BatchIssueOutcome> {
  const tenantKey = actor.tenantKey;
  const items = await batchItems(deps.db, tenantKey, batch);
  const outcome: BatchIssueOutcome = { issued: 0, skipped: 0, refused: [] };
  for (const item of items) {
    if (item.state !== 'draft' || item.leadUnitId === null) {
      outcome.skipped += 1;
      continue;
    }
    const res = await issueDraft(deps, actor, {
      itemId: item.itemId,
      version: item.version,
      clicked: null,
      form: {
        title: item.title,
        leadUnitId: item.leadUnitId,
        coUnitIds: item.coUnitIds,
        kind: 'npc_cppcc',
        deadline: item.deadlineExplicit,
        source: 'npc_cppcc',
        priority: item.keyItem ? 'important' : 'normal',
      },
    });
    if (res.ok) {
      outcome.issued += 1;
    } else if (['STALE', 'CONFLICT', 'ILLEGAL_TRANSITION'].includes(res.error.code)) {
      // Someone issued or changed it meanwhile (a second press): not ours to issue again.
      outcome.skipped += 1;
    } else outcome.refused.push({ label: item.label, title: item.title, reason: res.error.message });
  }
  return outcome;
}

export const batchIssueLine = (o: BatchIssueOutcome): string =>
  [
    `已交办 ${o.issued} 件`,
    ...(o.skipped > 0 ? [`${o.skipped} 件此前已交办，未重复交办`] : []),
    ...(o.refused.length > 0 ? [`${o.refused.length} 件未能交办`] : []),
  ].join('，');
