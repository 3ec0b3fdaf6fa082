/** Limits Feishu enforces on a 2.0 card that a shape schema cannot express. */
import type { Card, CardElement } from './components.ts';

export const MAX_CARD_BYTES = 30 * 1024;
export const MAX_ELEMENTS = 200;
/** Nesting levels; a column counts as a level of its own, which errs on the safe side. */
export const MAX_DEPTH = 5;
/** Feishu renders at most five tables; its docs advise at most five charts. */
export const MAX_TABLES = 5;
export const MAX_CHARTS = 5;

export const cardBytes = (card: unknown): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

type Walk = {
  problems: string[];
  elements: number;
  ids: Set<string>;
  /** Form and field names: Feishu requires them unique in the whole card. */
  names: Set<string>;
  submits: number;
  tables: number;
  charts: number;
};

const FIELD_TAGS = new Set(['input', 'select_static', 'multi_select_static', 'date_picker']);

function claimName(walk: Walk, name: string | undefined, what: string): void {
  if (!name) {
    walk.problems.push(`${what}缺少 name`);
  } else if (walk.names.has(name)) {
    walk.problems.push(`name 重复：${name}`);
  } else {
    walk.names.add(name);
  }
}

function visit(walk: Walk, elements: readonly CardElement[], depth: number, inForm: boolean): void {
  if (depth > MAX_DEPTH) walk.problems.push(`嵌套超过 ${MAX_DEPTH} 层`);
  for (const element of elements) {
    walk.elements += 1;
    if (element.element_id !== undefined) {
      if (walk.ids.has(element.element_id)) walk.problems.push(`element_id 重复：${element.element_id}`);
      walk.ids.add(element.element_id);
    }
    if (FIELD_TAGS.has(element.tag)) {
      if (!inForm) walk.problems.push(`${element.tag} 必须放在表单内`);
      claimName(walk, 'name' in element ? element.name : undefined, element.tag);
      continue;
    }
    switch (element.tag) {
      case 'form': {
        if (depth !== 1 || inForm) walk.problems.push('表单只能放在卡片根节点');
        claimName(walk, element.name, 'form');
        const before = walk.submits;
        visit(walk, element.elements, depth + 1, true);
        if (walk.submits === before) walk.problems.push(`表单 ${element.name} 没有提交按钮`);
        break;
      }
      case 'button':
        if (inForm) {
          claimName(walk, element.name, '表单内按钮');
          if (element.form_action_type === 'submit') walk.submits += 1;
        } else if (element.form_action_type !== undefined || element.name !== undefined) {
          walk.problems.push('表单外的按钮不能带 form_action_type 或 name');
        }
        break;
      case 'column_set':
        for (const column of element.columns) {
          walk.elements += 1;
          visit(walk, column.elements, depth + 2, inForm);
        }
        break;
      case 'collapsible_panel':
        visit(walk, element.elements, depth + 1, inForm);
        break;
      case 'table':
        walk.tables += 1;
        if (depth !== 1 || inForm) walk.problems.push('表格只能放在卡片根节点');
        break;
      case 'chart':
        walk.charts += 1;
        break;
      default:
        break;
    }
  }
}

/** Problems with `card` (empty when it is fine). `bytes` defaults to the card's JSON size. */
export function checkCardLimits(card: Card, bytes: number = cardBytes(card)): string[] {
  const walk: Walk = {
    problems: [],
    elements: 0,
    ids: new Set(),
    names: new Set(),
    submits: 0,
    tables: 0,
    charts: 0,
  };
  visit(walk, card.body.elements, 1, false);
  if (walk.tables > MAX_TABLES) walk.problems.push(`表格 ${walk.tables} 个，超过 ${MAX_TABLES} 个`);
  if (walk.charts > MAX_CHARTS) walk.problems.push(`图表 ${walk.charts} 个，超过 ${MAX_CHARTS} 个`);
  if (walk.elements > MAX_ELEMENTS) walk.problems.push(`组件数 ${walk.elements} 超过 ${MAX_ELEMENTS}`);
  if (bytes > MAX_CARD_BYTES) walk.problems.push(`卡片大小 ${bytes} 字节，超过 30 KB`);
  return walk.problems;
}
