/** Pieces shared by the cards about one item: colours, header, the facts block. */
import {
  type ItemState,
  KIND_LABELS,
  OPEN_STATES,
  PRIORITY_LABELS,
  SOURCE_LABELS,
  STATE_LABELS,
} from '../src/domain/item.ts';
import type { ItemFacts } from '../src/domain/lifecycle/index.ts';
import type { CardElement, HeaderTemplate, TagColour, TextTag } from './components.ts';
import { md, quote, truncate, trusted } from './escape.ts';
import type { ItemView, UnitRef, WarningColour } from './types.ts';
import { type HeaderInput, markdown, textTag } from './ui.ts';

export const STATE_TEMPLATES: Readonly<Record<ItemState, HeaderTemplate>> = {
  draft: 'indigo',
  issued: 'blue',
  in_progress: 'wathet',
  submitted: 'orange',
  reassigning: 'orange',
  completed: 'green',
  cancelled: 'grey',
  discarded: 'grey',
};

const STATE_TAG_COLOURS: Readonly<Record<ItemState, TagColour>> = {
  draft: 'indigo',
  issued: 'blue',
  in_progress: 'wathet',
  submitted: 'orange',
  reassigning: 'orange',
  completed: 'green',
  cancelled: 'neutral',
  discarded: 'neutral',
};

export const COLOUR_LABELS: Readonly<Record<WarningColour, string>> = {
  green: '正常',
  yellow: '临期',
  red: '逾期',
};

export const stateTag = (state: ItemState): TextTag => textTag(STATE_LABELS[state], STATE_TAG_COLOURS[state]);

/** State, then the warning colour while the item is open, then priority when above normal (≤ 3). */
export function itemTags(item: ItemView): TextTag[] {
  const tags = [stateTag(item.state)];
  if (item.colour && OPEN_STATES.includes(item.state))
    tags.push(textTag(COLOUR_LABELS[item.colour], item.colour));
  if (item.priority !== 'normal') {
    tags.push(textTag(PRIORITY_LABELS[item.priority], item.priority === 'urgent' ? 'red' : 'orange'));
  }
  return tags;
}

export const numberText = (item: Pick<ItemView, 'number'>): string => item.number ?? '（待编号）';

/** '2026-12-15（暂定）', or '未定' when there is no date yet. */
export function deadlineText(item: Pick<ItemView, 'deadline' | 'deadlineProvisional'>): string {
  if (!item.deadline) return '未定';
  return item.deadlineProvisional ? `${item.deadline}（暂定）` : item.deadline;
}

export function itemHeader(item: ItemView, prefix: string): HeaderInput {
  const subtitle = [numberText(item), item.deadline ? `办理时限 ${deadlineText(item)}` : null]
    .filter((part) => part !== null)
    .join(' · ');
  return {
    title: `${prefix}：${item.title}`,
    subtitle,
    template: STATE_TEMPLATES[item.state],
    tags: itemTags(item),
  };
}

const unitNames = (units: readonly { name: string }[]): string => units.map((u) => u.name).join('、');

/** The facts block: number, source, leader, units, deadline with its basis. One markdown element. */
export function factsBlock(item: ItemView): CardElement {
  const lines = [
    md`**事项编号**：${numberText(item)}`,
    md`**事项来源**：${SOURCE_LABELS[item.source]}（${KIND_LABELS[item.kind]}）`,
    md`**交办领导**：${item.assigningLeader?.name ?? '未指定'}`,
    md`**牵头单位**：${item.leadUnit?.name ?? '未确定'}`,
  ];
  if (item.coUnits.length > 0) lines.push(md`**协办单位**：${unitNames(item.coUnits)}`);
  const provisional = item.deadlineProvisional
    ? trusted(" <font color='orange'>暂定时限，节假日安排公布后可能调整</font>")
    : trusted('');
  lines.push(md`**办理时限**：${deadlineText(item)}${provisional}`);
  if (item.deadlineBasis) lines.push(md`**时限依据**：${item.deadlineBasis}`);
  if (item.issuedAt) lines.push(md`**交办时间**：${item.issuedAt}`);
  return markdown(lines.join('\n'));
}

/** The instruction text, quoted and cut to `max` characters. */
export function instructionBlock(item: ItemView, max: number): CardElement {
  const cut = Array.from(item.text).length > max ? trusted('\n（内容较长，全文见事项详情）') : trusted('');
  return markdown(md`**督查内容**\n${trusted(quote(item.text, max))}${cut}`);
}

/** Pending requests and the latest report, when there are any. */
export function statusBlock(item: ItemView, progressMax = 300): CardElement[] {
  const out: CardElement[] = [];
  if (item.latestProgress)
    out.push(markdown(md`**最新进展**\n${trusted(quote(item.latestProgress, progressMax))}`));
  const ext = item.pendingExtension;
  if (ext)
    out.push(
      markdown(
        md`**延期申请（待审批）**：${ext.by}申请延期至 ${ext.date}，理由：${truncate(ext.reason, 300)}`,
      ),
    );
  const co = item.pendingCoordination;
  if (co) out.push(markdown(md`**协调申请（待答复）**：${co.unitName} ${co.by}：${truncate(co.text, 300)}`));
  return out;
}

/** Co-units that never reported on the item (§一.2: the lead unit answers for the whole, so it should know). */
export const silentCoUnits = (item: ItemView): UnitRef[] =>
  (item.coUnitReports ?? []).filter((r) => r.at === null).map((r) => r.unit);

/** 协办单位反馈: each co-unit's latest report, or 尚未反馈 in orange. Nothing for an item without co-units. */
export function coUnitsBlock(item: ItemView, textMax = 100): CardElement[] {
  const reports = item.coUnitReports ?? [];
  if (reports.length === 0) return [];
  const lines = reports.map((r) =>
    r.at === null
      ? md`- ${r.unit.name}：${trusted("<font color='orange'>尚未反馈</font>")}`
      : md`- ${r.unit.name}（${r.at}）：${truncate(r.text ?? '', textMax)}`,
  );
  return [markdown([md`**协办单位反馈**`, ...lines].join('\n'))];
}

/** The lifecycle's view of an item shown on a card (createdBy is unknown here; only drafts need it). */
export function factsOf(item: ItemView): ItemFacts {
  return {
    state: item.state,
    leadUnitId: item.leadUnit?.id ?? null,
    coUnitIds: item.coUnits.map((u) => u.id),
    assigningLeader: item.assigningLeader?.openId ?? null,
    createdBy: '',
    version: item.version,
    deadline: item.deadline,
    pendingExtension: Boolean(item.pendingExtension),
    pendingCoordination: Boolean(item.pendingCoordination),
    ...(item.proposal ? { proposal: item.proposal.facts } : {}),
  };
}
