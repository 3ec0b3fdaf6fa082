/**
 * 事项详情: the facts and the timeline (留痕), newest first, cut to fit 30 KB however long the
 * history. Sent privately to whoever asked, so it may carry the viewer's own office buttons.
 */

import type { ItemAction } from '../src/domain/lifecycle/index.ts';
import { itemAction } from './actions.ts';
import { attachmentsBlock } from './attachments.ts';
import type { Button, Card, CardElement } from './components.ts';
import { md, quote, trusted } from './escape.ts';
import { FIELDS } from './forms.ts';
import {
  coUnitsBlock,
  factsBlock,
  instructionBlock,
  itemHeader,
  numberText,
  statusBlock,
} from './item-parts.ts';
import { cardBytes, MAX_CARD_BYTES } from './limits.ts';
import { unitActionArea } from './notice.ts';
import { proposalBlock } from './proposal-parts.ts';
import type { ItemView, TimelineEntry } from './types.ts';
import {
  button,
  buttonRow,
  card,
  form,
  hr,
  markdown,
  notation,
  panel,
  submitButton,
  textInput,
} from './ui.ts';

export type DetailCardInput = {
  item: ItemView;
  /** Oldest first, as recorded. */
  timeline: readonly TimelineEntry[];
  /** What this viewer may do (from allowedActions); office actions get buttons here. */
  viewerActions?: readonly ItemAction[];
  /** The viewer's unit works on the item: its buttons, as on the notice (a fresh card for 事项 N). */
  unitAudience?: 'lead' | 'co' | null;
  /** Most entries to show (default 30); fewer when the card would pass 30 KB. */
  maxEntries?: number;
  /** 'YYYY-MM-DD HH:mm', shown as the time the card was made. */
  now?: string | null;
};

export const DETAIL_TEXT_MAX = 3000;
export const ENTRY_TEXT_MAX = 300;
/** Room left for the panel title and JSON punctuation around the entries. */
const SIZE_MARGIN = 1024;

function entryElement(entry: TimelineEntry): CardElement {
  const head = md`**${entry.at}** ${entry.actorName} · ${entry.action}`;
  const body = entry.text ? md`\n${trusted(quote(entry.text, ENTRY_TEXT_MAX))}` : '';
  return markdown(`${head}${body}`);
}

function officeArea(item: ItemView, actions: readonly ItemAction[]): CardElement[] {
  const buttons: Button[] = [];
  if (actions.includes('urge')) buttons.push(button('催办', itemAction('urge', item), { type: 'primary' }));
  if (actions.includes('supervise')) {
    buttons.push(
      button('督办', itemAction('supervise', item), {
        type: 'primary',
        confirm: { title: '确认督办', text: '将向牵头单位发出督办通知，并抄送其分管领导。' },
      }),
    );
    // 加急 goes with 督办: the office, on an item the unit is working on.
    buttons.push(
      button(
        '加急',
        { a: 'urgent', i: item.id },
        {
          type: 'danger',
          confirm: { title: '确认加急', text: '将以飞书加急提醒牵头单位负责人和联络员立即办理。' },
        },
      ),
    );
  }
  const out: CardElement[] = buttons.length > 0 ? [buttonRow(buttons)] : [];
  if (actions.includes('cancel')) {
    out.push(
      form('cancel', [
        textInput(FIELDS.text, '撤销理由（必填）', { required: true }),
        buttonRow([
          submitButton('cancel_submit', '撤销事项', itemAction('cancel', item), {
            type: 'danger',
            confirm: { title: '确认撤销', text: '撤销后该事项不再办理，并通知承办单位。' },
          }),
        ]),
      ]),
    );
  }
  return out;
}

function assemble(input: DetailCardInput, entries: CardElement[], total: number): Card {
  const { item } = input;
  const title =
    entries.length < total
      ? `**办理记录**（最近 ${entries.length} 条，共 ${total} 条）`
      : `**办理记录**（共 ${total} 条）`;
  const timeline = entries.length > 0 ? entries : [notation('暂无办理记录')];
  const elements: CardElement[] = [
    factsBlock(item),
    instructionBlock(item, DETAIL_TEXT_MAX),
    ...attachmentsBlock(item.id, item.attachments),
    ...statusBlock(item, 1000),
    ...coUnitsBlock(item, 200),
    ...proposalBlock(item, { opinions: true }),
    panel(title, timeline, true),
  ];
  const office = officeArea(item, input.viewerActions ?? []);
  if (office.length > 0) elements.push(hr(), ...office);
  // Field names must be unique on a card: the office's forms and the unit's never share one.
  const unit = office.length === 0 && input.unitAudience ? unitActionArea(item, input.unitAudience) : [];
  if (unit.length > 0) elements.push(hr(), ...unit);
  if (input.now) elements.push(notation(md`截至 ${input.now}`));
  return card(itemHeader(item, '事项详情'), `事项详情：${item.title}（${numberText(item)}）`, elements);
}

export function buildDetailCard(input: DetailCardInput): Card {
  const max = input.maxEntries ?? 30;
  const total = input.timeline.length;
  let used = cardBytes(assemble(input, [], total)) + SIZE_MARGIN;
  const entries: CardElement[] = [];
  for (let i = total - 1; i >= 0 && entries.length < max; i -= 1) {
    const entry = input.timeline[i];
    if (!entry) break;
    const element = entryElement(entry);
    const size = cardBytes(element) + 1;
    if (used + size > MAX_CARD_BYTES) break;
    used += size;
    entries.push(element);
  }
  return assemble(input, entries, total);
}
