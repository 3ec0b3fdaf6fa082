/** 延期申请: the office (or the leader in charge, per tenant setting) approves or refuses it. */
import { allowedActions, audienceActor } from '../src/domain/lifecycle/index.ts';
import { itemAction } from './actions.ts';
import type { Card, CardElement } from './components.ts';
import { decisionForm, outcomeBlock } from './decision-parts.ts';
import { md, quote, trusted } from './escape.ts';
import { deadlineText, factsBlock, factsOf, itemHeader, numberText } from './item-parts.ts';
import type { ItemView, Outcome, PendingExtensionView } from './types.ts';
import { card, hr, markdown, notation, submitButton } from './ui.ts';

export type ExtensionCardInput = {
  item: ItemView;
  request: PendingExtensionView;
  /** Who the card is for; decides which stand-in viewer the buttons are checked against. */
  approver?: 'office' | 'leader_in_charge';
  outcome?: Outcome | null;
};

export function buildExtensionCard(input: ExtensionCardInput): Card {
  const { item, request } = input;
  const when = request.at ? md`，${request.at}` : '';
  const elements: CardElement[] = [
    factsBlock(item),
    markdown(
      [
        md`**延期申请**（${request.by}${trusted(when)}）`,
        md`**现办理时限**：${deadlineText(item)}`,
        md`**申请延期至**：${request.date}`,
        md`**延期理由**\n${trusted(quote(request.reason, 1000))}`,
      ].join('\n'),
    ),
    hr(),
  ];
  // The card exists because a request is pending, even if the view was read a moment before it.
  const facts = { ...factsOf(item), pendingExtension: true };
  const viewer = audienceActor(facts, input.approver === 'leader_in_charge' ? 'leader_in_charge' : 'office');
  const settings = { extensionApprover: input.approver ?? 'office' } as const;
  const open = allowedActions(facts, viewer, settings).includes('decide_extension');
  if (input.outcome) {
    elements.push(outcomeBlock(input.outcome));
  } else if (open) {
    elements.push(
      decisionForm('extension', '审批意见（不同意时必填）', [
        submitButton('ext_approve', '同意延期', itemAction('approve_extension', item), {
          type: 'primary_filled',
        }),
        submitButton('ext_refuse', '不同意', itemAction('refuse_extension', item), { type: 'danger' }),
      ]),
    );
  } else {
    elements.push(notation('该事项已不在办理中，无需审批延期。'));
  }
  return card(
    { ...itemHeader(item, '延期申请'), template: input.outcome ? 'grey' : 'yellow' },
    `延期申请：${item.title}（${numberText(item)}）`,
    elements,
  );
}
