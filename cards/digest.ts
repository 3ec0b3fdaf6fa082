/**
 * 每日督办提醒 (减负): one card with everything a recipient would otherwise get as separate reminders
 * and urges that day, most pressing first.
 */
import { commandAction } from './actions.ts';
import type { Card, CardElement, HeaderTemplate } from './components.ts';
import { md, truncate, trusted } from './escape.ts';
import type { ItemView } from './types.ts';
import { button, buttonRow, card, hr, markdown, notation } from './ui.ts';

export const DIGEST_KINDS = ['overdue_urge', 'due_day', 'remind', 'accept_urge'] as const;
export type DigestKind = (typeof DIGEST_KINDS)[number];

export type DigestLine = {
  item: Pick<ItemView, 'id' | 'number' | 'title' | 'deadline' | 'version' | 'state'> & {
    leadUnitName?: string | null;
  };
  kind: DigestKind;
  workdaysLeft?: number | null;
  overdueWorkdays?: number | null;
};

export type DigestCardInput = {
  /** The Beijing day of the digest, YYYY-MM-DD. */
  date: string;
  recipientName?: string | null;
  lines: readonly DigestLine[];
  /** For the office: the count of what is still undelivered (undeliveredLine), shown above the buttons. */
  undelivered?: string | null;
};

/** Lines shown; the rest are counted (a card stays readable and far under 30 KB). */
export const DIGEST_MAX_LINES = 50;

const SECTIONS: Readonly<Record<DigestKind, string>> = {
  overdue_urge: '已逾期',
  due_day: '今日到期',
  remind: '即将到期',
  accept_urge: '待签收',
};

function status(line: DigestLine): string {
  switch (line.kind) {
    case 'overdue_urge':
      return `<font color='red'>已逾期${line.overdueWorkdays ?? 0}个工作日</font>`;
    case 'due_day':
      return "<font color='orange'>今日到期</font>";
    case 'remind':
      return `还剩${line.workdaysLeft ?? 0}个工作日`;
    case 'accept_urge':
      return "<font color='orange'>尚未签收</font>";
  }
}

const urgency = (l: DigestLine): number =>
  l.kind === 'overdue_urge' ? -(l.overdueWorkdays ?? 0) : l.kind === 'remind' ? (l.workdaysLeft ?? 0) : 0;

function lineText(line: DigestLine): string {
  const { item } = line;
  const unit = item.leadUnitName ? md`（${item.leadUnitName}）` : '';
  const deadline = item.deadline ? md`，时限 ${item.deadline}` : '';
  return md`- ${item.number ?? '（待编号）'} ${truncate(item.title, 40)}${trusted(unit)}${trusted(deadline)}，${trusted(status(line))}`;
}

export function buildDigestCard(input: DigestCardInput): Card {
  const total = input.lines.length;
  const sorted = DIGEST_KINDS.flatMap((kind) =>
    input.lines
      .filter((l) => l.kind === kind)
      .sort((a, b) => urgency(a) - urgency(b) || a.item.id - b.item.id),
  );
  const shown = sorted.slice(0, DIGEST_MAX_LINES);
  const greeting = input.recipientName ? md`${input.recipientName}，您好！` : '';
  const elements: CardElement[] = [
    markdown(md`${trusted(greeting)}今日有 **${total}** 项督查事项需要关注，相关提醒已合并为本条消息：`),
  ];
  for (const kind of DIGEST_KINDS) {
    const lines = shown.filter((l) => l.kind === kind);
    if (lines.length === 0) continue;
    const count = input.lines.filter((l) => l.kind === kind).length;
    elements.push(markdown([md`**${SECTIONS[kind]}（${count}项）**`, ...lines.map(lineText)].join('\n')));
  }
  if (total > shown.length) {
    elements.push(notation(md`另有 ${total - shown.length} 项未列出，发送“我的事项”可查看全部。`));
  }
  if (input.undelivered) elements.push(markdown(input.undelivered));
  elements.push(
    hr(),
    buttonRow([
      button('我的事项', commandAction('mine'), { type: 'primary' }),
      button('逾期事项', commandAction('overdue')),
    ]),
    notation('直接回复相关事项的督查通知单即可反馈进展。每日提醒仅在工作日办公时间发送。'),
  );
  const template: HeaderTemplate = input.lines.some((l) => l.kind === 'overdue_urge')
    ? 'red'
    : input.lines.some((l) => l.kind === 'due_day' || l.kind === 'accept_urge')
      ? 'orange'
      : 'yellow';
  return card(
    { title: `每日督办提醒（${total}项）`, subtitle: input.date, template },
    `每日督办提醒：${total}项事项需要关注`,
    elements,
  );
}
