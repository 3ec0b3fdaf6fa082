/** 帮助: what a person can do with the bot, tailored to their roles when known. */
import type { Role } from '../src/domain/item.ts';
import { commandAction } from './actions.ts';
import type { Card, CardElement } from './components.ts';
import { button, buttonRow, card, hr, markdown, notation } from './ui.ts';

export type HelpCardInput = {
  /** The reader's roles; without them every section is shown. */
  roles?: readonly Role[];
};

const CREATE = [
  '**交办事项**（县领导、督查室）',
  '将领导批示、会议议定事项或工作要求发给我（私聊，或在群聊中 @我），也可直接转发相关消息。',
  '我会识别承办单位、办理时限和事项来源，生成拟办单；督查室核对后交办，并向承办单位发送督查通知单。',
].join('\n');

const HANDLE = [
  '**办理事项**（承办单位负责人、联络员）',
  '在督查通知单上签收、反馈进展、报结，或申请延期、协调、改派。',
  '直接回复督查通知单，即记为该事项的进展反馈（可附文件、图片）；内容表明已办结的，我会请您确认是否作为报结提交。',
].join('\n');

function commands(showBulletin: boolean, showSettings = false, showDelegation = false): string {
  const lines = [
    '**常用指令**',
    '- 我的事项：查看本人及本单位的在办事项',
    '- 逾期：查看已逾期的事项',
    '- 建议提案：查看今年的人大代表建议、政协委员提案及办理阶段',
    '- 事项 编号：查看事项详情和办理记录，如“事项 督〔2026〕17号”或“事项 17”',
    '- 统计：查看办理情况统计',
  ];
  if (showBulletin) lines.push('- 专报：生成督查专报');
  if (showBulletin)
    lines.push('- 建议提案统计：人大建议、政协提案各单位办理情况（督查室可发送建议提案清单 .xlsx 批量导入）');
  if (showSettings) lines.push('- 待办：查看等待督查室交办、审核、审批的事项（每个工作日上午也会提醒）');
  if (showSettings) lines.push('- 设置：查看和修改提醒时间、办理时限等设置');
  if (showDelegation) lines.push('- 委托 @某人 至12月20日：请假、出差期间委托他人代办；取消委托：提前结束');
  lines.push('- 帮助：显示本说明');
  return lines.join('\n');
}

export function buildHelpCard(input: HelpCardInput = {}): Card {
  const roles = input.roles ?? [];
  const all = roles.length === 0;
  const creates = all || roles.includes('office') || roles.includes('leader');
  const handles = all || roles.includes('unit_head') || roles.includes('liaison');
  const elements: CardElement[] = [];
  if (creates) elements.push(markdown(CREATE));
  if (handles) elements.push(markdown(HANDLE));
  const delegates = all || roles.includes('office') || roles.includes('unit_head');
  elements.push(hr(), markdown(commands(creates, all || roles.includes('office'), delegates)));
  elements.push(
    buttonRow([
      button('我的事项', commandAction('mine'), { type: 'primary' }),
      button('逾期事项', commandAction('overdue')),
      button('统计', commandAction('stats')),
      ...(all || roles.includes('office') ? [button('导出台账', commandAction('export'))] : []),
    ]),
    notation('在群聊中使用时请先 @督查督办助手。卡片上的操作以您在督查名录中的身份为准。'),
  );
  return card({ title: '督查督办助手使用说明', template: 'blue' }, '督查督办助手使用说明', elements);
}
