/**
 * 申请协调 (§四.2): a unit cannot solve a problem alone and asks its 分管领导, who answers, or
 * sends it on to a county topic meeting (专题会议) when it is beyond them too.
 */
import { allowedActions, audienceActor } from '../src/domain/lifecycle/index.ts';
import { itemAction } from './actions.ts';
import type { Card, CardElement } from './components.ts';
import { decisionForm, outcomeBlock } from './decision-parts.ts';
import { md, quote, trusted } from './escape.ts';
import { factsBlock, factsOf, itemHeader, numberText } from './item-parts.ts';
import type { ItemView, Outcome, PendingCoordinationView } from './types.ts';
import { card, hr, markdown, notation, submitButton } from './ui.ts';

export type CoordinationCardInput = {
  item: ItemView;
  request: PendingCoordinationView;
  /** The unit that asked, when it is a co-unit; its 分管领导 answers. */
  requestingUnitId?: number | null;
  outcome?: Outcome | null;
};

export function buildCoordinationCard(input: CoordinationCardInput): Card {
  const { item, request } = input;
  const when = request.at ? md`，${request.at}` : '';
  const elements: CardElement[] = [
    factsBlock(item),
    markdown(
      md`**协调申请**（${request.unitName} ${request.by}${trusted(when)}）\n${trusted(quote(request.text, 1000))}`,
    ),
    hr(),
  ];
  const facts = {
    ...factsOf(item),
    pendingCoordination: true,
    coordinationUnitId: input.requestingUnitId ?? null,
  };
  const open = allowedActions(facts, audienceActor(facts, 'leader_in_charge')).includes(
    'answer_coordination',
  );
  if (input.outcome) {
    elements.push(outcomeBlock(input.outcome));
  } else if (open) {
    elements.push(
      decisionForm('coordination', '协调意见（提交专题会议时可不填）', [
        submitButton('coord_answer', '答复', itemAction('answer_coordination', item), {
          type: 'primary_filled',
        }),
        submitButton('coord_meeting', '提交专题会议', itemAction('to_topic_meeting', item), {
          confirm: { title: '提交专题会议', text: '将提请县政府专题会议协调解决。' },
        }),
      ]),
      notation('答复意见将通知申请单位和督查室。'),
    );
  } else {
    elements.push(notation('该事项已不在办理中，无需协调。'));
  }
  return card(
    { ...itemHeader(item, '协调申请'), template: input.outcome ? 'grey' : 'orange' },
    `协调申请：${item.title}（${numberText(item)}）`,
    elements,
  );
}
