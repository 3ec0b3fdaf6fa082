/** 申请改派: the lead unit declined; the office picks a new lead unit and issues again. */
import { allowedActions, audienceActor } from '../src/domain/lifecycle/index.ts';
import { itemAction } from './actions.ts';
import type { Card, CardElement } from './components.ts';
import { decisionForm, outcomeBlock } from './decision-parts.ts';
import { md, quote, trusted } from './escape.ts';
import { FIELDS } from './forms.ts';
import { factsBlock, factsOf, itemHeader, numberText } from './item-parts.ts';
import type { ItemView, Outcome, UnitRef } from './types.ts';
import { card, hr, markdown, notation, select, submitButton } from './ui.ts';
import { firstThatFits, type UnitShape, unitNameField } from './unit-fields.ts';

export type ReassignCardInput = {
  item: ItemView;
  decline: { reason: string; by: string; unitName: string; at: string };
  /** The tenant's units; the current lead unit is left out of the choices. */
  units: UnitRef[];
  outcome?: Outcome | null;
};

/** The pick-list of units, or a name field when the directory is too big for the card. */
export function buildReassignCard(input: ReassignCardInput): Card {
  return firstThatFits(
    () => reassignCard(input, 'pick'),
    () => reassignCard(input, 'name'),
  );
}

function reassignCard(input: ReassignCardInput, shape: UnitShape): Card {
  const { item, decline } = input;
  const elements: CardElement[] = [
    factsBlock(item),
    markdown(
      md`**申请改派**（${decline.unitName} ${decline.by}，${decline.at}）\n${trusted(quote(decline.reason, 1000))}`,
    ),
    hr(),
  ];
  const facts = factsOf(item);
  const open = allowedActions(facts, audienceActor(facts, 'office')).includes('reassign');
  const proposal = item.proposal !== undefined;
  const choices = input.units
    .filter((u) => u.id !== item.leadUnit?.id)
    .map((u) => ({ label: u.name, value: String(u.id) }));
  if (input.outcome) {
    elements.push(outcomeBlock(input.outcome));
  } else if (open && choices.length > 0) {
    elements.push(
      decisionForm(
        'reassign',
        proposal ? '调整说明；不同意调整时必填理由' : '改派说明（可不填）',
        [
          submitButton('reassign_submit', '重新交办', itemAction('reassign', item), {
            type: 'primary_filled',
            confirm: { title: '确认重新交办', text: '将向新的牵头单位发送督查通知单。' },
          }),
          // 建议提案: the office may refuse the 申请调整; the item goes back to the unit.
          ...(proposal
            ? [
                submitButton('reassign_keep', '不同意调整', itemAction('keep_lead', item), {
                  type: 'danger',
                  confirm: { title: '确认不同意调整', text: '事项将退回原主办单位签收办理。' },
                }),
              ]
            : []),
        ],
        shape === 'name'
          ? unitNameField(FIELDS.unitName, '**新的牵头单位**', null, true)
          : [
              markdown('**新的牵头单位**'),
              select(FIELDS.unit, '请选择新的牵头单位', choices, { required: !proposal }),
            ],
      ),
    );
  } else {
    elements.push(notation('该事项当前无需改派。'));
  }
  return card(itemHeader(item, '申请改派'), `申请改派：${item.title}（${numberText(item)}）`, elements);
}
