/**
 * 我的事项 / 逾期 / 在办 / 待审核 lists: one page of items, each with 查看 (the detail card), and
 * 上一页 / 下一页. The card takes the whole list and shows one page, so it stays small however many.
 */
import { type ItemState, STATE_LABELS } from '../src/domain/item.ts';
import { itemAction, type ListKind, pageAction } from './actions.ts';
import type { Button, Card, CardElement, ColumnSet } from './components.ts';
import { md, trusted } from './escape.ts';
import { coloured, itemLabel } from './figure-parts.ts';
import { COLOUR_LABELS } from './item-parts.ts';
import type { WarningColour } from './types.ts';
import { button, buttonRow, card, markdown, notation } from './ui.ts';

export type ItemListEntry = {
  id: number;
  version: number;
  number: string | null;
  title: string;
  state: ItemState;
  leadUnitName?: string | null;
  deadline?: string | null;
  colour?: WarningColour | null;
  /** Working days past the deadline, when overdue. */
  overdueWorkdays?: number | null;
  /** Shown instead of the state's label (a 建议提案's stage). */
  stateLabel?: string | null;
  /** 督查室待办: what the item waits for, how long, and whether past its limit; replaces the status. */
  waiting?: { label: string; workdays: number; late: boolean } | null;
};

export type ItemListCardInput = {
  kind: ListKind;
  items: readonly ItemListEntry[];
  /** 1-based; clamped to the pages there are. */
  page: number;
  pageSize?: number;
  /** Overrides the title for the kind. */
  title?: string | null;
  /** 'YYYY-MM-DD HH:mm' */
  now?: string | null;
  /** A line above the list (safe markdown), e.g. counts by stage. */
  summary?: string | null;
};

export const LIST_PAGE_SIZE = 10;

const TITLES: Readonly<Record<ListKind, string>> = {
  mine: '我的事项',
  overdue: '逾期事项',
  open: '在办事项',
  review: '待审核事项',
  proposals: '建议提案',
  pending: '督查室待办',
};

const EMPTY: Readonly<Record<ListKind, string>> = {
  mine: '您和您所在单位当前没有在办的督查事项。',
  overdue: '当前没有逾期的督查事项。',
  open: '当前没有在办的督查事项。',
  review: '当前没有待审核的报结事项。',
  proposals: '今年没有您可查看的人大代表建议、政协委员提案。',
  pending: '当前没有等待督查室或领导处理的事项。',
};

const COLOURS: Readonly<Record<WarningColour, 'green' | 'orange' | 'red'>> = {
  green: 'green',
  yellow: 'orange',
  red: 'red',
};

function statusText(e: ItemListEntry): string {
  if (e.waiting) {
    const waited = e.waiting.workdays > 0 ? `已等待 ${e.waiting.workdays} 个工作日` : '不足 1 个工作日';
    return e.waiting.late
      ? md`${e.waiting.label} · ${coloured('red', `${waited}，已超时限`)}`
      : md`${e.waiting.label} · ${waited}`;
  }
  if (e.overdueWorkdays && e.overdueWorkdays > 0) {
    return md`${coloured('red', `已逾期 ${e.overdueWorkdays} 个工作日`)}`;
  }
  const state = e.stateLabel ?? STATE_LABELS[e.state];
  if (!e.colour) return state;
  return md`${state} · ${coloured(COLOURS[e.colour], COLOUR_LABELS[e.colour])}`;
}

function entry(e: ItemListEntry): ColumnSet {
  const facts = [
    e.leadUnitName ? md`牵头单位：${e.leadUnitName}` : null,
    e.deadline ? md`办理时限：${e.deadline}` : null,
    statusText(e),
  ].filter((part): part is string => part !== null);
  return {
    tag: 'column_set',
    flex_mode: 'none',
    horizontal_spacing: 'small',
    columns: [
      {
        tag: 'column',
        width: 'weighted',
        weight: 4,
        vertical_align: 'center',
        elements: [markdown(md`**${trusted(itemLabel(e))}**\n${trusted(facts.join(' · '))}`)],
      },
      {
        tag: 'column',
        width: 'auto',
        vertical_align: 'center',
        elements: [button('查看', itemAction('detail', e), { type: 'primary_text' })],
      },
    ],
  };
}

function template(kind: ListKind, items: readonly ItemListEntry[]): 'red' | 'orange' | 'blue' {
  if (kind === 'overdue' || items.some((e) => e.waiting?.late)) return 'red';
  return kind === 'pending' && items.length > 0 ? 'orange' : 'blue';
}

export function buildItemListCard(input: ItemListCardInput): Card {
  const size = Math.max(1, input.pageSize ?? LIST_PAGE_SIZE);
  const total = input.items.length;
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, Math.trunc(input.page) || 1), pages);
  const shown = input.items.slice((page - 1) * size, page * size);
  const title = input.title ?? TITLES[input.kind];
  const elements: CardElement[] = input.summary ? [markdown(input.summary)] : [];
  if (total === 0) {
    elements.push(markdown(EMPTY[input.kind]));
  } else {
    elements.push(...shown.map(entry));
    const paging: Button[] = [];
    if (page > 1) paging.push(button('上一页', pageAction(input.kind, page - 1)));
    if (page < pages) paging.push(button('下一页', pageAction(input.kind, page + 1), { type: 'primary' }));
    if (paging.length > 0) elements.push(buttonRow(paging));
    const asOf = trusted(input.now ? md`；截至 ${input.now}` : '');
    elements.push(notation(md`第 ${page}/${pages} 页，共 ${total} 项${asOf}`));
  }
  return card(
    {
      title,
      subtitle: total > 0 ? `共 ${total} 项` : null,
      template: template(input.kind, input.items),
    },
    `${title}：共 ${total} 项`,
    elements,
  );
}
