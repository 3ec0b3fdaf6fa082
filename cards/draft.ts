/**
 * 拟办单: what the reader made of a leader's instruction, as a form the office edits and issues
 * (交办) or throws away (作废). Once decided it turns read-only and says what became of it.
 */
import {
  ITEM_KINDS,
  type ItemKind,
  type ItemState,
  KIND_LABELS,
  PRIORITIES,
  PRIORITY_LABELS,
  type Priority,
  SOURCE_LABELS,
  SOURCES,
  type Source,
} from '../src/domain/item.ts';
import { itemAction } from './actions.ts';
import { type AttachmentRef, attachmentsBlock } from './attachments.ts';
import type { Card, CardElement } from './components.ts';
import { md, quote, trusted } from './escape.ts';
import { FIELDS } from './forms.ts';
import { STATE_TEMPLATES, stateTag } from './item-parts.ts';
import type { Outcome, UnitRef } from './types.ts';
import {
  button,
  buttonRow,
  card,
  datePicker,
  form,
  markdown,
  multiSelect,
  notation,
  panel,
  select,
  submitButton,
  textInput,
} from './ui.ts';
import { firstThatFits, type UnitShape, unitNameField, unitNamesField } from './unit-fields.ts';

/** What the reader proposes; null where it could not tell. */
export type DraftProposal = {
  title: string | null;
  leadUnitId: number | null;
  coUnitIds: number[];
  kind: ItemKind | null;
  /** An explicit date read from the instruction, YYYY-MM-DD. */
  deadline: string | null;
  source: Source | null;
  priority: Priority;
};

export type DraftCardInput = {
  /** A 建议提案's own facts (number, deputies or members, 类别), safe markdown; shown above the 原文. */
  proposalFacts?: string | null;
  /** The draft is an item in state `draft`; these are its id and version. */
  id: number;
  version: number;
  state: ItemState;
  /** The instruction as received. */
  instruction: string;
  from: { name: string } | null;
  /** 'YYYY-MM-DD HH:mm' */
  receivedAt: string | null;
  proposal: DraftProposal;
  /** The tenant's units, for the pickers. */
  units: UnitRef[];
  /** The reader's remarks, e.g. a unit name it could not find in the directory. */
  notes?: string[];
  /** Default deadline per kind for the option labels, e.g. { forwarded: '15个工作日' }. */
  kindDeadlines?: Partial<Record<ItemKind, string>>;
  /** The item number once issued. */
  number?: string | null;
  /** Who issued or discarded it, for the read-only variant. */
  outcome?: Outcome | null;
  /** Files that came with the instruction (a document, photos, files named in a merged forward). */
  attachments?: AttachmentRef[];
  /** Set for a matter after the first of several drafted from one document: it may join the previous one. */
  mergeable?: boolean;
};

export const DRAFT_QUOTE_MAX = 1500;
const DRAFT_QUOTE_MIN = 200;

function unresolved(input: DraftCardInput): string[] {
  const p = input.proposal;
  const out: string[] = [];
  if (!p.title) out.push('未能提炼事项标题，请填写');
  if (p.leadUnitId === null) out.push('未识别到牵头单位，请选择');
  if (p.kind === null) out.push('未识别到办理类型，请选择');
  if (p.source === null) out.push('未识别到事项来源，请选择');
  if (p.deadline === null) out.push('未识别到明确的办理时限，不选择日期则按办理类型的默认时限计算');
  return out;
}

function warnings(input: DraftCardInput): CardElement | null {
  const lines = [...unresolved(input), ...(input.notes ?? [])].map(
    (line) => md`- <font color='orange'>${line}</font>`,
  );
  return lines.length > 0 ? markdown(lines.join('\n')) : null;
}

const label = (text: string): CardElement => markdown(text);

function unitFields(
  input: DraftCardInput,
  shape: UnitShape,
  lead: string | null,
  co: string[],
): CardElement[] {
  if (shape === 'name') {
    const ref = (id: string) => input.units.find((u) => String(u.id) === id);
    return [
      ...unitNameField(FIELDS.leadName, '**牵头单位**', (lead && ref(lead)) || null, true),
      ...unitNamesField(
        FIELDS.coNames,
        '**协办单位**',
        co.flatMap((id) => ref(id) ?? []),
      ),
    ];
  }
  const unitChoices = input.units.map((u) => ({ label: u.name, value: String(u.id) }));
  return [
    label('**牵头单位**'),
    select(FIELDS.lead, '请选择牵头单位', unitChoices, { required: true, initial: lead }),
    label('**协办单位**（可多选，可不选）'),
    multiSelect(FIELDS.co, '请选择协办单位', unitChoices, co),
  ];
}

function draftForm(input: DraftCardInput, shape: UnitShape): CardElement {
  const p = input.proposal;
  const known = new Set(input.units.map((u) => u.id));
  const kindChoices = ITEM_KINDS.map((k) => {
    const days = input.kindDeadlines?.[k];
    return { label: days ? `${KIND_LABELS[k]}（${days}）` : KIND_LABELS[k], value: k };
  });
  const lead = p.leadUnitId !== null && known.has(p.leadUnitId) ? String(p.leadUnitId) : null;
  const co = p.coUnitIds.filter((id) => known.has(id) && id !== p.leadUnitId).map(String);
  const value = itemAction('issue', input);
  return form('draft', [
    label('**事项标题**'),
    textInput(FIELDS.title, '请填写事项标题（100 字以内）', {
      required: true,
      maxLength: 100,
      ...(p.title && { defaultValue: p.title }),
    }),
    ...unitFields(input, shape, lead, co),
    label('**办理类型**'),
    select(FIELDS.kind, '请选择办理类型', kindChoices, { required: true, initial: p.kind }),
    label('**办理时限**（不选择则按办理类型的默认时限计算）'),
    datePicker(FIELDS.deadline, '请选择办理时限', { initial: p.deadline }),
    label('**事项来源**'),
    select(
      FIELDS.source,
      '请选择事项来源',
      SOURCES.map((s) => ({ label: SOURCE_LABELS[s], value: s })),
      { required: true, initial: p.source },
    ),
    label('**紧急程度**'),
    select(
      FIELDS.priority,
      '请选择紧急程度',
      PRIORITIES.map((s) => ({ label: PRIORITY_LABELS[s], value: s })),
      { required: true, initial: p.priority },
    ),
    submitButton('draft_issue', '交办', value, {
      type: 'primary_filled',
      confirm: { title: '确认交办', text: '交办后将编号，并向承办单位发送督查通知单。' },
    }),
  ]);
}

function readOnlySummary(input: DraftCardInput): CardElement {
  const p = input.proposal;
  const name = (id: number): string => input.units.find((u) => u.id === id)?.name ?? `单位${id}`;
  const lines = [
    md`**事项标题**：${p.title ?? '未填写'}`,
    md`**牵头单位**：${p.leadUnitId === null ? '未确定' : name(p.leadUnitId)}`,
  ];
  if (p.coUnitIds.length > 0) lines.push(md`**协办单位**：${p.coUnitIds.map(name).join('、')}`);
  lines.push(md`**办理类型**：${p.kind ? KIND_LABELS[p.kind] : '未确定'}`);
  if (p.deadline) lines.push(md`**办理时限**：${p.deadline}`);
  lines.push(md`**事项来源**：${p.source ? SOURCE_LABELS[p.source] : '未确定'}`);
  lines.push(md`**紧急程度**：${PRIORITY_LABELS[p.priority]}`);
  return markdown(lines.join('\n'));
}

function outcomeLine(input: DraftCardInput): CardElement {
  const o = input.outcome;
  const what =
    input.state === 'discarded' ? '该拟办事项已作废' : md`该事项已交办（${input.number ?? '待编号'}）`;
  if (!o) return markdown(`**${what}**`);
  const reason = o.text ? md`，说明：${o.text}` : '';
  return markdown(md`**${trusted(what)}**\n${o.by} 于 ${o.at} ${o.label}${trusted(reason)}`);
}

/**
 * The unit pickers list the whole directory twice (lead, co-units), which dominates the size. When
 * the card would pass 30 KB the quoted original shrinks to make room (about 130 units with
 * 12-character names still fit); beyond that the pickers become name fields (unit-fields.ts), which
 * fit any directory.
 */
export function buildDraftCard(input: DraftCardInput): Card {
  return firstThatFits(
    () => draftCard(input, DRAFT_QUOTE_MAX, 'pick'),
    () => draftCard(input, DRAFT_QUOTE_MIN, 'pick'),
    () => draftCard(input, DRAFT_QUOTE_MAX, 'name'),
    () => draftCard(input, DRAFT_QUOTE_MIN, 'name'),
  );
}

function draftCard(input: DraftCardInput, quoteMax: number, shape: UnitShape): Card {
  const title = input.proposal.title ?? '待定标题';
  const subtitle = [input.from ? `来自 ${input.from.name}` : null, input.receivedAt]
    .filter(Boolean)
    .join(' · ');
  const header = {
    title: `拟办单：${title}`,
    subtitle,
    template: STATE_TEMPLATES[input.state],
    tags: [stateTag(input.state)],
  };
  const cut =
    Array.from(input.instruction.trim()).length > quoteMax ? trusted('\n（原文较长，仅显示开头部分）') : '';
  const original = markdown(md`**原文**\n${trusted(quote(input.instruction, quoteMax))}${cut}`);
  const files = attachmentsBlock(input.id, input.attachments);
  const facts = input.proposalFacts ? [markdown(input.proposalFacts)] : [];
  if (input.state !== 'draft') {
    const elements = [
      outcomeLine(input),
      ...facts,
      readOnlySummary(input),
      panel('**原文**', [original]),
      ...files,
    ];
    return card(header, `拟办单：${title}`, elements);
  }
  const elements: CardElement[] = [...facts, original, ...files];
  const warn = warnings(input);
  if (warn) elements.push(warn);
  if (input.units.length === 0) {
    elements.push(notation('单位名录为空，无法选择承办单位。请先导入单位名录。'));
  } else {
    elements.push(draftForm(input, shape));
  }
  const discard = button('作废', itemAction('discard', input), {
    type: 'danger',
    confirm: { title: '确认作废', text: '作废后该拟办事项不再交办。' },
  });
  const merge = button(
    '并入上一事项',
    { a: 'merge_draft', i: input.id, v: input.version },
    { confirm: { title: '确认合并', text: '本事项的内容将并入同一文件的上一事项，本拟办单随即作废。' } },
  );
  elements.push(buttonRow(input.mergeable ? [merge, discard] : [discard]));
  return card(header, `拟办单：${title}`, elements);
}
