/**
 * 催办 / 督办 / 到期提醒 (§四.3): the card a unit gets about one item, from the automatic reminders
 * and urges or from the office's manual 催办 and 督办. It carries the item's current buttons (those of
 * the notice), so the newest card a unit got is always one it can act on.
 */
import { itemAction } from './actions.ts';
import type { Card, CardElement, HeaderTemplate } from './components.ts';
import { md, quote, trusted } from './escape.ts';
import { deadlineText, factsBlock, itemHeader, numberText, statusBlock } from './item-parts.ts';
import { unitActionArea } from './notice.ts';
import type { ItemView } from './types.ts';
import { button, buttonRow, card, hr, markdown } from './ui.ts';

export const URGE_KINDS = [
  'remind',
  'due_day',
  'accept_urge',
  'overdue_urge',
  'manual_urge',
  'supervise',
  'urgent',
] as const;
export type UrgeKind = (typeof URGE_KINDS)[number];

export type UrgeCardInput = {
  item: ItemView;
  kind: UrgeKind;
  /** Working days left to the deadline (remind). */
  workdaysLeft?: number | null;
  /** Working days past the deadline (overdue_urge; shown on manual ones too when late). */
  overdueWorkdays?: number | null;
  /** Who urged (manual_urge, supervise). */
  by?: string | null;
  /** What the office wrote with a manual 催办 or 督办. */
  text?: string | null;
};

export const URGE_TEXT_MAX = 500;

const TITLES: Readonly<Record<UrgeKind, string>> = {
  remind: '到期提醒',
  due_day: '今日到期',
  accept_urge: '签收催办',
  overdue_urge: '逾期催办',
  manual_urge: '催办通知',
  supervise: '督办通知',
  urgent: '加急通知',
};

const TEMPLATES: Readonly<Record<UrgeKind, HeaderTemplate>> = {
  remind: 'yellow',
  due_day: 'orange',
  accept_urge: 'orange',
  overdue_urge: 'red',
  manual_urge: 'orange',
  supervise: 'carmine',
  urgent: 'red',
};

const red = (text: string) => trusted(`<font color='red'>${text}</font>`);

function lead(input: UrgeCardInput): string {
  const { item } = input;
  const deadline = deadlineText(item);
  const late = input.overdueWorkdays ?? 0;
  const lateNote = late > 0 ? md`该事项已逾期 ${red(`${late} 个工作日`)}（办理时限 ${deadline}）。` : '';
  const by = input.by ? md`（${input.by}）` : '';
  switch (input.kind) {
    case 'remind':
      return md`距办理时限（${deadline}）还有 **${input.workdaysLeft ?? 0}** 个工作日，请抓紧办理，及时反馈进展。`;
    case 'due_day':
      return md`今天是该事项的办理时限（${deadline}），请于今日报结；确需延期的，请及时申请延期。`;
    case 'accept_urge':
      return md`该事项已于 ${item.issuedAt ?? '近日'} 交办，至今尚未签收，请尽快签收办理。`;
    case 'overdue_urge':
      return md`该事项已超过办理时限 ${red(`${late} 个工作日`)}（时限 ${deadline}），请抓紧办结并反馈；确有困难的，请申请协调。`;
    case 'manual_urge':
      return md`督查室${trusted(by)}催办：请抓紧办理，及时反馈进展。${trusted(lateNote)}`;
    case 'supervise':
      return md`督查室${trusted(by)}对该事项实行督办：请单位主要负责同志亲自过问，按时办结并反馈结果。${trusted(lateNote)}`;
    case 'urgent':
      return md`督查室${trusted(by)}对该事项加急提醒：请立即办理，及时反馈进展。${trusted(lateNote)}`;
  }
}

export function buildUrgeCard(input: UrgeCardInput): Card {
  const { item, kind } = input;
  const elements: CardElement[] = [markdown(lead(input))];
  if (input.text?.trim())
    elements.push(markdown(md`**督查室意见**\n${trusted(quote(input.text, URGE_TEXT_MAX))}`));
  elements.push(factsBlock(item), ...statusBlock(item), hr());
  // The item's current buttons, as on the notice: the newest card a unit got always works, however
  // old the notice is (Feishu stops clicks on a card after 14 days).
  elements.push(...unitActionArea(item, 'lead'));
  elements.push(buttonRow([button('查看办理记录', itemAction('detail', item), { type: 'text' })]));
  const title = TITLES[kind];
  return card(
    { ...itemHeader(item, title), template: TEMPLATES[kind] },
    `${title}：${item.title}（${numberText(item)}）`,
    elements,
  );
}
