/**
 * 督查通知单 (§四.1): the shared card an item is issued with, to the lead unit's chat (or, in the
 * co-unit variant, to a co-unit). Its buttons follow the state, so an accepted item has no 签收.
 */
import { allowedActions, audienceActor, type ItemAction } from '../src/domain/lifecycle/index.ts';
import { type ItemCardAction, itemAction } from './actions.ts';
import { attachmentsBlock } from './attachments.ts';
import type { Button, Card, CardElement } from './components.ts';
import { md } from './escape.ts';
import { FIELDS } from './forms.ts';
import {
  factsBlock,
  factsOf,
  instructionBlock,
  itemHeader,
  numberText,
  silentCoUnits,
  statusBlock,
} from './item-parts.ts';
import { proposalBlock, proposalForms } from './proposal-parts.ts';
import type { ItemView } from './types.ts';
import {
  type ButtonOptions,
  button,
  buttonRow,
  card,
  datePicker,
  form,
  hr,
  notation,
  submitButton,
  textInput,
} from './ui.ts';

export type NoticeCardInput = {
  item: ItemView;
  /** 'lead' (牵头单位, default) or 'co' (协办单位). */
  audience?: 'lead' | 'co';
};

export const NOTICE_TEXT_MAX = 800;

/** The form buttons in display order: action, label, style. */
const FORM_BUTTONS: ReadonlyArray<[ItemAction & ItemCardAction, string, ButtonOptions]> = [
  ['report', '反馈进展', { type: 'primary' }],
  [
    'submit',
    '报结',
    { type: 'primary_filled', confirm: { title: '确认报结', text: '报结后由督查室审核办结。' } },
  ],
  ['request_extension', '申请延期', {}],
  ['request_coordination', '申请协调', {}],
];

const CLOSED_NOTES: Partial<Record<ItemView['state'], string>> = {
  submitted: '已报结，等待督查室审核。如需补充材料，可直接回复本消息。',
  reassigning: '已申请改派，等待督查室重新交办。',
  completed: '该事项已办结。',
  cancelled: '该事项已撤销。',
};

function acceptArea(item: ItemView): CardElement[] {
  // 建议提案: 申请调整 rather than 改派, within the working days the office set.
  const word = item.proposal ? '申请调整' : '申请改派';
  return [
    buttonRow([button('签收', itemAction('accept', item), { type: 'primary_filled' })]),
    form('handle', [
      textInput(FIELDS.text, `如不属于本单位职责，请填写理由后${word}`, { required: true, multiline: true }),
      buttonRow([
        submitButton('handle_decline', word, itemAction('decline', item), {
          type: 'danger',
          confirm: { title: `确认${word}`, text: '申请将提交督查室，由督查室重新确定承办单位。' },
        }),
      ]),
    ]),
    notation('请在 1 个工作日内签收。签收后可在本卡片反馈进展、报结，或申请延期、协调。'),
  ];
}

function handleArea(item: ItemView, allowed: readonly ItemAction[], co: boolean): CardElement[] {
  const buttons: Button[] = FORM_BUTTONS.filter(([action]) => allowed.includes(action)).map(
    ([action, label, options]) => submitButton(`handle_${action}`, label, itemAction(action, item), options),
  );
  if (buttons.length === 0) return [];
  const fields: CardElement[] = [
    textInput(FIELDS.text, '请填写办理进展、办理结果或申请理由', { required: true, multiline: true }),
  ];
  if (allowed.includes('request_extension')) {
    fields.push(datePicker(FIELDS.date, '申请延期时，请选择新的办理时限'));
  }
  const hint = co
    ? '协办单位的反馈将告知牵头单位，并记入办理记录供督查室查阅。也可直接回复本消息反馈进展。'
    : '也可直接回复本消息反馈进展，可附文件、图片。';
  return [form('handle', [...fields, buttonRow(buttons)]), notation(hint)];
}

/**
 * What a unit can do on the item now: 签收/申请改派 while it waits, else the handling form. Shared by
 * the notice and by every reminder, urge and 督办 (reminder.ts), so whichever card is newest works.
 */
export function unitActionArea(item: ItemView, audience: 'lead' | 'co'): CardElement[] {
  const co = audience === 'co';
  const facts = factsOf(item);
  const allowed = allowedActions(facts, audienceActor(facts, co ? 'co_unit' : 'lead_unit'));
  if (!co && allowed.includes('accept')) return acceptArea(item);
  // After 报结 a unit may still add to it, but by replying: the card should read as settled.
  if (item.state !== 'submitted')
    return [...handleArea(item, allowed, co), ...proposalForms(item, allowed, co)];
  return [];
}

export function buildNoticeCard(input: NoticeCardInput): Card {
  const { item } = input;
  const co = input.audience === 'co';
  const facts = factsOf(item);
  const allowed = allowedActions(facts, audienceActor(facts, co ? 'co_unit' : 'lead_unit'));
  const elements: CardElement[] = [
    factsBlock(item),
    instructionBlock(item, NOTICE_TEXT_MAX),
    ...attachmentsBlock(item.id, item.attachments),
    ...statusBlock(item),
    ...proposalBlock(item, { opinions: !co }),
    hr(),
  ];
  elements.push(...unitActionArea(item, input.audience ?? 'lead'));
  const silent = co || !allowed.includes('submit') ? [] : silentCoUnits(item);
  if (silent.length > 0)
    elements.push(
      notation(
        md`协办单位${silent.map((u) => u.name).join('、')}尚未反馈。报结前请督促其反馈，或在办理结果中说明其承担部分的情况。`,
      ),
    );
  const closed = CLOSED_NOTES[item.state];
  if (closed) elements.push(notation(closed));
  elements.push(buttonRow([button('查看办理记录', itemAction('detail', item), { type: 'text' })]));
  const title = co ? '督查通知单（协办）' : '督查通知单';
  return card(itemHeader(item, title), `${title}：${item.title}（${numberText(item)}）`, elements);
}
