/** 批量交办 pressed on the 建议提案清单 card: office only; the card then says what was issued. */
import type { ProposalBatchValue } from '../../../cards/actions.ts';
import { buildProposalImportCard } from '../../../cards/proposal-import.ts';
import type { CallbackResponse } from '../../../cards/toast.ts';
import { toast, toastWithCard } from '../../../cards/toast.ts';
import type { Person } from '../../db/queries/people.ts';
import { batchItems } from '../../db/queries/proposal-batches.ts';
import type { Deps } from '../../deps.ts';
import { batchIssueLine, issueProposalBatch } from './issue-batch.ts';

export async function issueBatchFromCard(
  deps: Deps,
  person: Person,
  value: ProposalBatchValue,
): Promise<CallbackResponse> {
  if (!person.roles.includes('office')) return toast('error', '只有督查室可以批量交办建议提案');
  const outcome = await issueProposalBatch(deps, person, value.b);
  if (outcome.issued + outcome.skipped + outcome.refused.length === 0)
    return toast('error', '未找到这批建议提案，请重新发送清单');
  const items = await batchItems(deps.db, person.tenantKey, value.b);
  const line = batchIssueLine(outcome);
  const card = buildProposalImportCard({
    fileName: `批次 ${value.b}`,
    year: Number(value.b.slice(0, 4)),
    batch: value.b,
    suggestions: items.filter((i) => i.category === 'npc_suggestion').length,
    proposals: items.filter((i) => i.category === 'cppcc_proposal').length,
    errors: outcome.refused.map((r) => `${r.label}“${r.title}”：${r.reason}`),
    issued: line,
  });
  return toastWithCard(outcome.refused.length > 0 ? 'warning' : 'success', line, card);
}
