/**
 * Finds the 承办单位 in an instruction and who leads. A unit counts only when the text assigns it work:
 * "城关镇卫生院" or "对城关镇…开展督查" name a place, not an assignee. Group words such as 各乡镇 or
 * 各相关单位 are never expanded into units: the reader does not guess who they are.
 */

export type Directory = { units: ReadonlyArray<{ name: string; aliases: readonly string[] }> };

type Alias = { alias: string; unit: string };
type Role = 'lead' | 'co' | null;
type Mention = { start: number; end: number; kind: 'known' | 'unknown' | 'group'; unit: string; mark: Role };

export type UnitReading = {
  lead: string | null;
  co: string[];
  unknown: string[];
  /** Offset of the first assignee in the text: where the task clause starts, for the title. */
  firstAt: number | null;
};

/** Names, aliases, and the same without the 县 prefix or the 人民政府 suffix; longest first. */
export function aliasTable(directory: Directory): Alias[] {
  const owners = new Map<string, Set<string>>();
  const add = (alias: string, unit: string): void => {
    if (alias.length < 2) return;
    const set = owners.get(alias) ?? new Set<string>();
    set.add(unit);
    owners.set(alias, set);
  };
  for (const u of directory.units) {
    for (const a of [u.name, ...u.aliases]) {
      add(a, u.name);
      if (a.startsWith('县') && a.length >= 4) add(a.slice(1), u.name);
      if (a.endsWith('人民政府') && a.length >= 6) add(a.slice(0, -4), u.name);
    }
  }
  // An alias two units share is ambiguous; leave it to the office rather than pick one.
  return [...owners]
    .filter(([, units]) => units.size === 1)
    .map(([alias, units]) => ({ alias, unit: [...units][0] ?? '' }))
    .sort((a, b) => b.alias.length - a.alias.length);
}

/** The directory unit named at `i`, if any (longest alias wins); a city or provincial namesake is not ours. */
export function matchAliasAt(text: string, i: number, table: readonly Alias[]): Alias | null {
  for (const a of table) {
    if (!text.startsWith(a.alias, i)) continue;
    if (!a.alias.startsWith('县') && /[省市国]/.test(text[i - 1] ?? '')) return null;
    return a;
  }
  return null;
}

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

function findMentions(text: string, table: readonly Alias[]): Mention[] {
  const out: Mention[] = [];
  const blank = (s: number, e: number): string => '□'.repeat(e - s);
  let masked = text;
  for (let i = 0; i < text.length; ) {
    const a = matchAliasAt(text, i, table);
    if (!a) {
      i += 1;
      continue;
    }
    out.push({ start: i, end: i + a.alias.length, kind: 'known', unit: a.unit, mark: null });
    masked = masked.slice(0, i) + blank(i, i + a.alias.length) + masked.slice(i + a.alias.length);
    i += a.alias.length;
  }
  for (const m of masked.matchAll(GROUP)) {
    out.push({ start: m.index, end: m.index + m[0].length, kind: 'group', unit: m[0], mark: null });
    masked = masked.slice(0, m.index) + blank(0, m[0].length) + masked.slice(m.index + m[0].length);
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
  return { lead, co, unknown, firstAt: assignees[0]?.m.start ?? null };
}
