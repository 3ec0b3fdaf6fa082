/**
 * 消息未能送达 (issue #12): one card to the office per problem — whom the bot could not reach, why
 * (Feishu's error in Chinese), what to do, and where the message went instead. Repeated failures for
 * the same recipient and error update the count on this card; a later delivery closes it.
 */
import type { Card, CardElement, HeaderTemplate } from './components.ts';
import { md, truncate, trusted } from './escape.ts';
import { button, buttonRow, card, hr, markdown, notation } from './ui.ts';

export type ProblemCardInput = {
  problemId: number;
  channel: 'message' | 'urgent';
  /** The recipient as the directory names it (unit group, person with unit, the office's group…). */
  recipient: string;
  code: string;
  reason: string;
  fix: string;
  failures: number;
  /** 'YYYY-MM-DD HH:mm' (Beijing). */
  firstAt: string;
  lastAt: string;
  /** The item of the latest failure, when it was about one. */
  lastItem: { number: string | null; title: string } | null;
  /** What the route did with the latest failure. */
  route: string | null;
  status: 'open' | 'resolved' | 'handled';
  closedAt: string | null;
  handledBy: string | null;
};

const TEMPLATES: Readonly<Record<ProblemCardInput['status'], HeaderTemplate>> = {
  open: 'red',
  resolved: 'green',
  handled: 'grey',
};

function title(input: ProblemCardInput): string {
  const what = input.channel === 'urgent' ? '加急' : '消息';
  if (input.status === 'resolved') return `${what}投递已恢复`;
  if (input.status === 'handled') return `${what}投递问题已处理`;
  return `${what}未能送达`;
}

function closing(input: ProblemCardInput): CardElement[] {
  const when = input.closedAt ?? '';
  if (input.status === 'resolved')
    return [markdown(md`<font color='green'>${when} 已成功发送给该对象，此问题已自动关闭。</font>`)];
  if (input.status === 'handled')
    return [notation(md`${input.handledBy ?? '督查室'}已于 ${when} 标记为已处理。`)];
  return [
    buttonRow([button('标记为已处理', { a: 'problem_done', p: input.problemId }, { type: 'primary' })]),
    notation('同一对象、同一原因的失败只报一次，次数在本卡片上更新；之后发送成功即自动关闭。'),
  ];
}

export function buildProblemCard(input: ProblemCardInput): Card {
  const item = input.lastItem
    ? md`\n**最近一条**：${input.lastItem.number ?? '（待编号）'} ${truncate(input.lastItem.title, 40)}`
    : '';
  const route = input.route ? md`\n**已改发**：${input.route}` : '';
  const elements: CardElement[] = [
    markdown(
      md`**接收对象**：${input.recipient}\n**原因**：${input.reason}（错误码 ${input.code}）\n**处理办法**：${input.fix}`,
    ),
    markdown(
      md`**未送达**：${input.failures} 次（首次 ${input.firstAt}，最近 ${input.lastAt}）${trusted(item)}${trusted(route)}`,
    ),
    hr(),
    ...closing(input),
  ];
  const heading = title(input);
  return card(
    { title: heading, subtitle: input.recipient, template: TEMPLATES[input.status] },
    `${heading}：${input.recipient}`,
    elements,
  );
}

export type UndeliveredSummary = {
  /** Failed messages on problems still open. */
  messages: number;
  /** Recipients those problems are about. */
  recipients: number;
  /** 加急 not made, on problems still open. */
  urgentFailures: number;
};

/** The line for the office's digest and the daily card; null when nothing is undelivered. */
export function undeliveredLine(s: UndeliveredSummary): string | null {
  if (s.messages === 0 && s.urgentFailures === 0) return null;
  const parts: string[] = [];
  if (s.messages > 0) parts.push(md`仍有 **${s.messages}** 条消息未送达（涉及 ${s.recipients} 个接收对象）`);
  if (s.urgentFailures > 0) parts.push(md`${s.urgentFailures} 次加急未能发出`);
  return `**投递异常**：${parts.join('；')}。处理办法见“消息未能送达”卡片。`;
}

export type DailyUndeliveredInput = {
  date: string;
  summary: UndeliveredSummary;
  /** The open problems, most failures first: recipient, reason, count. */
  problems: ReadonlyArray<{ recipient: string; reason: string; failures: number }>;
};

/** Lines listed; the rest are counted. */
export const DAILY_MAX_PROBLEMS = 20;

/** 每日投递情况: the office's daily count of what is still undelivered, when its digest is off. */
export function buildDailyUndeliveredCard(input: DailyUndeliveredInput): Card {
  const line = undeliveredLine(input.summary) ?? '目前没有未送达的消息。';
  const shown = input.problems.slice(0, DAILY_MAX_PROBLEMS);
  const list = shown.map((p) => md`- ${p.recipient}：${p.reason}（${p.failures} 次）`);
  if (input.problems.length > shown.length)
    list.push(md`- 另有 ${input.problems.length - shown.length} 个问题未列出`);
  const elements: CardElement[] = [markdown(line)];
  if (list.length > 0) elements.push(markdown(list.join('\n')));
  elements.push(notation('处理后在对应卡片上点“标记为已处理”；向该对象再次发送成功后问题也会自动关闭。'));
  return card(
    { title: '每日投递情况', subtitle: input.date, template: 'orange' },
    `每日投递情况：${input.summary.messages}条消息未送达`,
    elements,
  );
}
