/**
 * Finds the 承办单位 in an instruction and who leads. A unit counts only when the text assigns it work:
 * "城关镇卫生院" or "对城关镇…开展督查" name a place, not an assignee. Group words such as 各乡镇 or
 * 各相关单位 are never expanded into units: the reader does not guess who they are.
 */

import { type AliasTable, aliasTable, type Directory, matchAt } from './aliases.ts';

export type { Directory } from './aliases.ts';

type Role = 'lead' | 'co' | null;
type Mention = {
  start: number;
  end: number;
  kind: 'known' | 'unknown' | 'group';
  unit: string;
  mark: Role;
  /** For 其/该局: where the unit it stands for is named. */
  ref?: number;
};

export type UnitReading = {
  lead: string | null;
  co: string[];
  unknown: string[];
  /** Offset of the first assignee in the text: where the task clause starts, for the title. */
  firstAt: number | null;
};

const GROUP =
  /各(?:乡镇|乡[（(]镇[)）]|县[（(]市、区[)）]|相关单位|有关单位|相关部门|有关部门|成员单位|部门|单位)|县直各?(?:部门|单位)|(?:有关|相关)(?:部门|单位)/g;
const UNKNOWN =
  /(?<![全我本该各])县(?!委|政府|人大|政协|纪委|直|域|城|级|里|内|外)([\u4e00-\u9fa5]{1,8}?)(?:局|委员会|委|办公室|办|中心|院|队|所|站)/g;
const MARK = /^[（(](牵头|主办|配合|协办|参与|协助)[)）]/;
const LIST_GAP = /^(?:、|和|及|与|以及)$/;

/** Words after a unit that show it is the subject of a task (it does something), not a place. */
export const ASSIGNEE_FOLLOW =
  /^(?:[，。；;,:：、\s]|$|[（(](?:牵头|主办|配合|协办|参与|协助)[)）]|要|应|须|需|务必|必须|负责|牵头|主办|承办|协办|配合|会同|联合|共同|分别|抓紧|抓好|做好|加快|组织|开展|完成|落实|立即|马上|尽快|迅速|及时|切实|认真|积极|全力|主动|具体|按|依|于|在|对|将|把|结合|针对|进一步|继续|持续|加强|强化|统筹|研究|制定|编制|给予|保障|安排|提供|为|作为|核实|核查|拿出|督促|指导|协调|协助|参与|办理|阅|研|说明|予以|提出(?:意见|解决|方案))/;
const EXCLUDE_BEFORE =
  /(?:报|报送|抄送|抄报|提交|回复|反馈|向|对|在|赴|到|调研|深入|反映|关于|的|给|同意|听取)$/;
const INTRO_BEFORE =
  /(?:请|由|交由|交|责成|要求|安排|明确|通知|单位[:：]|部门[:：]|会同|联合|协同|配合|协助)$/;
const LEAD_BEFORE = /(?:(?:牵头|主办|承办|主责)(?:单位|部门)[:：为是]?|配合|协助)$/;
const CO_BEFORE = /(?:(?:配合|协办|协助|参与)(?:单位|部门)[:：为是]?|会同|联合|协同)$/;
const LEAD_AFTER = /^(?:要|应|须)?(?:具体|共同|主要)?(?:牵头|主办|承办|负总责|负责|会同|为牵头单位)/;
const CO_AFTER =
  /^(?:要|应|须)?(?:按职责分工|按照职责分工|按职责|按照职责)?(?:做好|积极|全力|共同|主动|予以)?(?:配合|协办|协助|参与|协同)/;

const PROPOSER_BEFORE = /(?:同意|通过|听取了?|审议了?)$/;
export const PROPOSED = /^(?:(?:提出|提交|报送|上报|编制|起草|拟定|制定)的|关于)/;
const REVISE = /修改完善|完善后|进一步完善|补充完善/g;

/**
 * Back-references to a unit named earlier ("由其修改完善", "请该局会同…"): 其 as a pronoun, not in 其他,
 * 其中, 尤其, 及其.
 */
const PRONOUN = /(?<![及与极尤])(?:其(?![他中余次实后它])|该(?:局|单位|部门|镇|委|办)(?!长))/g;

/**
 * What 其/该局 can stand for: a unit that acted in the text (proposed, reported, was given work), not one
 * named as a place ("城关镇片区"); 该局 and 该镇 also name the kind of unit.
 */
function canBeAntecedent(text: string, unit: Mention, pronoun: string): boolean {
  const kind = /^该([局镇委办])$/.exec(pronoun)?.[1];
  if (kind && !text.slice(unit.start, unit.end).endsWith(kind)) return false;
  const after = text.slice(unit.end, unit.end + 12);
  return PROPOSED.test(after) || ASSIGNEE_FOLLOW.test(after);
}

function findMentions(text: string, table: AliasTable): Mention[] {
  const out: Mention[] = [];
  let masked = text;
  const blank = (s: number, e: number): void => {
    masked = masked.slice(0, s) + '□'.repeat(e - s) + masked.slice(e);
  };
  for (let i = 0; i < text.length; ) {
    const a = matchAt(text, i, table);
    if (!a) {
      i += 1;
      continue;
    }
    // A namesake of another level (市委宣传部) is skipped whole.
    if (a.unit) out.push({ start: i, end: i + a.alias.length, kind: 'known', unit: a.unit, mark: null });
    blank(i, i + a.alias.length);
    i += a.alias.length;
  }
  const named = [...out];
  for (const m of masked.matchAll(PRONOUN)) {
    const antecedent = named.filter((n) => n.end <= m.index && canBeAntecedent(text, n, m[0])).at(-1);
    if (!antecedent) continue;
    const end = m.index + m[0].length;
    out.push({
      start: m.index,
      end,
      kind: 'known',
      unit: antecedent.unit,
      mark: null,
      ref: antecedent.start,
    });
    blank(m.index, end);
  }
  for (const m of masked.matchAll(GROUP)) {
    out.push({ start: m.index, end: m.index + m[0].length, kind: 'group', unit: m[0], mark: null });
    blank(m.index, m.index + m[0].length);
  }
  for (const m of masked.matchAll(UNKNOWN)) {
    if (/[的和与及在对将把等要为是了各]/.test(m[1] ?? '')) continue;
    out.push({ start: m.index, end: m.index + m[0].length, kind: 'unknown', unit: m[0], mark: null });
  }
  out.sort((a, b) => a.start - b.start);
  for (const m of out) {
    const mark = MARK.exec(text.slice(m.end));
    if (!mark) continue;
    m.mark = mark[1] === '牵头' || mark[1] === '主办' ? 'lead' : 'co';
    m.end += mark[0].length;
  }
  return out;
}

/**
 * 会议原则同意X提出的方案，会后修改完善后…: a revision with no subject of its own is the proposer's. X is
 * the unit approved (同意/通过/听取) as the author of a plan, when a later clause revises it without
 * naming anyone before the verb.
 */
function findProposer(text: string, mentions: readonly Mention[]): Mention | null {
  for (const m of mentions) {
    if (m.kind !== 'known' || m.ref !== undefined) continue;
    const before = text.slice(Math.max(0, m.start - 6), m.start);
    if (!PROPOSER_BEFORE.test(before) || !PROPOSED.test(text.slice(m.end))) continue;
    for (const r of text.slice(m.end).matchAll(REVISE)) {
      const at = m.end + r.index;
      const clauseStart = text.slice(0, at).search(/[，,。；;：:][^，,。；;：:]*$/) + 1;
      if (!mentions.some((o) => o.start >= clauseStart && o.start < at)) return m;
    }
  }
  return null;
}

/** Mentions joined by 、/和/及 form one list; a role word before or after the list applies to all of it. */
function groupLists(text: string, mentions: readonly Mention[]): Mention[][] {
  const lists: Mention[][] = [];
  for (const m of mentions) {
    const last = lists[lists.length - 1];
    const prev = last?.[last.length - 1];
    if (last && prev && LIST_GAP.test(text.slice(prev.end, m.start))) last.push(m);
    else lists.push([m]);
  }
  return lists;
}

export function readUnits(text: string, directory: Directory): UnitReading {
  const mentions = findMentions(text, aliasTable(directory));
  const assignees: Array<{ m: Mention; role: Role }> = [];
  for (const list of groupLists(text, mentions)) {
    const first = list[0];
    const last = list[list.length - 1];
    if (!first || !last) continue;
    const before = text.slice(Math.max(0, first.start - 8), first.start).trim();
    const after = text.slice(last.end, last.end + 12);
    if (EXCLUDE_BEFORE.test(before)) continue;
    const assigned = list.length > 1 || INTRO_BEFORE.test(before) || ASSIGNEE_FOLLOW.test(after);
    if (!assigned) continue;
    const role: Role = LEAD_BEFORE.test(before)
      ? 'lead'
      : CO_BEFORE.test(before)
        ? 'co'
        : LEAD_AFTER.test(after)
          ? 'lead'
          : CO_AFTER.test(after)
            ? 'co'
            : null;
    for (const m of list) if (m.kind !== 'group') assignees.push({ m, role: m.mark ?? role });
  }
  const proposer = findProposer(text, mentions);
  if (proposer && !assignees.some((a) => a.m.unit === proposer.unit)) {
    const role: Role = assignees.some((a) => a.role === 'lead') ? 'co' : 'lead';
    assignees.unshift({ m: proposer, role });
  }
  const leader = assignees.find((a) => a.role === 'lead') ?? assignees.find((a) => a.role === null);
  const lead = leader?.m.kind === 'known' ? leader.m.unit : null;
  const co: string[] = [];
  const unknown: string[] = [];
  for (const { m } of assignees) {
    if (m.kind === 'unknown') {
      if (!unknown.includes(m.unit)) unknown.push(m.unit);
    } else if (m.unit !== lead && !co.includes(m.unit)) {
      co.push(m.unit);
    }
  }
  // A task given through 其/该局 is about what its antecedent's clause names ("X提出的方案").
  const first = assignees[0]?.m;
  return { lead, co, unknown, firstAt: first ? (first.ref ?? first.start) : null };
}
