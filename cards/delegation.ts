/**
 * 委托代办: a unit head or an office member names a deputy for a leave or a trip, or ends it early.
 * The form offers the people a deputy is usually chosen from; anyone else in the directory is named
 * by chat (委托 @某人 至12月20日).
 */
import type { Card, CardElement } from './components.ts';
import { md, trusted } from './escape.ts';
import { FIELDS } from './forms.ts';
import type { Choice } from './ui.ts';
import {
  button,
  buttonRow,
  card,
  datePicker,
  form,
  hr,
  markdown,
  notation,
  select,
  submitButton,
} from './ui.ts';

export const DEPUTY_FIELD = 'deputy';
export const REASON_FIELD = 'reason';

export type RunningDelegation = { deputyName: string; place: string; endsOn: string; reason: string };

export type DelegationCardInput = {
  /** What the person may lend, in words ('县住房和城乡建设局负责人'); null when they may not delegate. */
  place: string | null;
  /** Their delegations running now. */
  running: readonly RunningDelegation[];
  /** The usual deputies: unit colleagues for a head, other office members for the office. */
  deputies: readonly Choice[];
  reasons: readonly string[];
  /** For a head: a deputy from outside the unit is named by chat. */
  head: boolean;
  note?: string | null;
};

export function buildDelegationCard(input: DelegationCardInput): Card {
  const elements: CardElement[] = [];
  if (input.note) elements.push(markdown(md`${input.note}`));
  if (!input.place) {
    elements.push(markdown('只有单位负责人或督查室工作人员可以委托他人代办。'));
    return card({ title: '委托代办', template: 'grey' }, '委托代办', elements);
  }
  elements.push(
    markdown(
      md`请假、出差期间，可委托他人代为办理**${input.place}**的督查事项：期间的通知和提醒发给被委托人（注明“代您接收”），被委托人可在卡片上代为签收、反馈、报结，办理记录注明代办；到期自动结束，届时通知双方。`,
    ),
  );
  if (input.running.length > 0) {
    const lines = input.running.map(
      (r) =>
        md`- ${r.place}：由**${r.deputyName}**代办，至 ${r.endsOn}${trusted(r.reason ? md`（${r.reason}）` : '')}`,
    );
    elements.push(
      markdown(['**当前委托**', ...lines].join('\n')),
      buttonRow([
        button(
          '取消委托',
          { a: 'delegate_end' },
          {
            type: 'danger',
            confirm: { title: '确认取消委托', text: '取消后，通知和提醒即恢复发给您本人。' },
          },
        ),
      ]),
    );
  }
  elements.push(hr());
  if (input.deputies.length > 0) {
    elements.push(
      form('delegate', [
        select(DEPUTY_FIELD, '被委托人', input.deputies, { required: true }),
        datePicker(FIELDS.date, '委托至（含当日）', { required: true }),
        select(
          REASON_FIELD,
          '事由',
          input.reasons.map((r) => ({ label: r, value: r })),
        ),
        submitButton(
          'delegate_submit',
          input.running.length > 0 ? '改为此委托' : '委托',
          { a: 'delegate' },
          {
            type: 'primary_filled',
          },
        ),
      ]),
    );
  }
  elements.push(
    notation(
      input.head
        ? '委托本单位以外的人员，请发送“委托 @某人 至12月20日”；被委托人须在督查督办名录中。'
        : '督查室工作人员只能委托督查室其他工作人员。',
    ),
  );
  return card(
    { title: '委托代办', template: input.running.length > 0 ? 'orange' : 'blue' },
    '委托代办',
    elements,
  );
}
