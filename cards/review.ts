/** 报结审核: the office reviews a lead unit's result and 办结 or 退回重办 it. */
import { allowedActions, audienceActor } from '../src/domain/lifecycle/index.ts';
import { itemAction } from './actions.ts';
import { attachmentsBlock } from './attachments.ts';
import type { Card, CardElement } from './components.ts';
import { decisionForm, outcomeBlock } from './decision-parts.ts';
import { md, quote, trusted } from './escape.ts';
import { coUnitsBlock, factsBlock, factsOf, itemHeader, numberText, silentCoUnits } from './item-parts.ts';
import { proposalBlock } from './proposal-parts.ts';
import type { ItemView, Outcome } from './types.ts';
import { card, hr, markdown, notation, submitButton } from './ui.ts';

export type ReviewCardInput = {
  item: ItemView;
  submission: { text: string; by: string; at: string };
  /** How many times the item was returned before; shown so the reviewer knows the history. */
  returnCount?: number;
  outcome?: Outcome | null;
};

export const REVIEW_TEXT_MAX = 2000;

export function buildReviewCard(input: ReviewCardInput): Card {
  const { item, submission } = input;
  const elements: CardElement[] = [
    factsBlock(item),
    markdown(
      md`**${item.proposal ? '答复情况' : '办理结果'}**（${submission.by}，${submission.at}）\n${trusted(quote(submission.text, REVIEW_TEXT_MAX))}`,
    ),
  ];
  elements.push(
    ...attachmentsBlock(item.id, item.attachments),
    ...coUnitsBlock(item),
    ...proposalBlock(item, { opinions: true }),
  );
  const notes: string[] = [];
  if (input.returnCount) notes.push(`此前已退回重办 ${input.returnCount} 次。`);
  const silent = silentCoUnits(item);
  if (silent.length > 0)
    notes.push(`协办单位${silent.map((u) => u.name).join('、')}始终未反馈，审核时请留意其承担部分。`);
  if (notes.length > 0) elements.push(notation(notes.join('')));
  elements.push(hr());

  const facts = factsOf(item);
  const open = allowedActions(facts, audienceActor(facts, 'office')).includes('approve');
  if (input.outcome) {
    elements.push(outcomeBlock(input.outcome));
  } else if (open) {
    elements.push(
      decisionForm('review', '办结意见或退回理由（退回重办时必填）', [
        item.proposal
          ? submitButton('review_approve', '审核通过', itemAction('approve', item), {
              type: 'primary_filled',
              confirm: { title: '确认审核通过', text: '通过后视为已答复，请随后记录代表（委员）的满意度。' },
            })
          : submitButton('review_approve', '办结', itemAction('approve', item), {
              type: 'primary_filled',
              confirm: { title: '确认办结', text: '办结后，办理结果将报送交办领导。' },
            }),
        submitButton('review_return', '退回重办', itemAction('return', item), {
          type: 'danger',
          confirm: { title: '确认退回重办', text: '事项将退回牵头单位继续办理。' },
        }),
      ]),
    );
  } else {
    elements.push(notation('该事项当前不在待审核状态，无需审核。'));
  }
  const title = item.proposal ? '答复审核' : '报结审核';
  return card(itemHeader(item, title), `${title}：${item.title}（${numberText(item)}）`, elements);
}
