/**
 * A short title for the draft card: the task clause of the instruction, without the leader or meeting
 * preamble, the unit list, the role words and the deadline phrase. When the task clause alone says little
 * ("拿出整治方案"), the topic it refers to is put in front.
 */
import type { Source } from '../item.ts';
import { type AliasTable, aliasTable, type Directory, matchAliasAt } from './aliases.ts';
import { ASSIGNEE_FOLLOW, PROPOSED } from './units.ts';

const MAX = 30;
const SHORT = 10;
const GAP = '\u0000';

const PREAMBLE =
  /批示|阅示|议定|纪要|会议|通知|要求|部署|任务|事项|督办|建议|提案|来电|指示|报告|分解|单$|交办|意见|整改|重点工作|决定/;
const FILLER = new RegExp(
  `^(?:${[
    '请',
    '由',
    '交由',
    '交(?!通)',
    '责成',
    '会议(?:研究决定|要求|明确|强调|议定|决定|同意|指出|认为)?',
    '要求',
    '此事',
    '此件',
    '[此该本](?:建议|提案|议案)',
    '另外?',
    '并且?',
    '同时',
    '要',
    '务必',
    '必须',
    '须',
    '需',
    '应',
    '于(?!是)',
    '在(?![建职岗途编])',
    '将(?!来)',
    '把',
    '我县',
    '确保',
    '抓紧',
    '尽快',
    '迅速',
    '及时',
    '切实',
    '认真',
    '积极',
    '全力',
    '主动',
    '进一步',
    '全面',
    '加快推进',
    '加快',
    '推进',
    '高度重视',
    '按照职责分工',
    '按职责分工',
    '按照职责',
    '按职责',
    '按程序',
    '结合实际',
    '共同',
    '具体',
    '负责',
    '牵头',
    '会同',
    '做好配合',
    '配合',
    '协办',
    '协助',
    '参与',
    '主办',
    '承办',
    '完成',
    '抓好',
    '做好',
    '对(?![接照比标口象])',
    '近期',
    '关于',
    '的',
    '原则同意',
    '原则通过',
    '同意',
    '建议',
    '你局',
    '你们',
    '各自',
    '分别',
    '组织力量',
    '书面',
    '[（(](?:牵头|主办|配合|协办|参与|协助)[)）]',
    '[、和及与]',
    GAP,
  ].join('|')})`,
);
const ENUM = /^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]|第[一二三四五六七八九十\d]+项)\s*/;
const GROUP_HEAD =
  /^(?:各(?:乡镇|乡[（(]镇[)）]|县[（(]市、区[)）]|相关单位|有关单位|相关部门|有关部门|部门|单位)|县直各?(?:部门|单位))/;
const UNKNOWN_HEAD = /^县[\u4e00-\u9fa5]{1,8}?(?:局|委员会|办公室|中心)/;
const PRONOUN_HEAD = /^(?:其|该(?:局|单位|部门|镇|委|办))/;
const DROP = [
  /^(?:按照|根据|贯彻落实|为贯彻|学习贯彻|认真落实|落实|为).*(?:要求|部署|精神|规定|安排)$/,
  /^(?:会议)?(?:听取|审议)/,
  /期间$/,
  /^(?:牵头|配合|协办|主办|承办|责任|协助)(?:单位|部门)/,
  /^(?:完成|办理)?时限/,
  /^[—–-]/,
  /^每[月周季年日旬]/,
];
// "市政府第36次常务会议要求全面排查…": who asked is the source, not the task.
const HEARSAY_HEAD = /^[^，。]{0,24}?(?:会议|通知|文件|督查|来电)[^，。]{0,4}?(?:要求|部署|明确|强调|指出)/;
const REPORT = /^(?:报|报送|上报|反馈|回复|答复|报告|提交|报我)/;
const HEARSAY = /(?:要求|强调|指出|明确|部署)$/;
const TOPIC = /关于(.{2,24}?)的(?:决策部署|部署要求|部署|通知|意见|决定|要求|汇报|建议|提案|请示)/;
// "关于X，请…": the matter named up front is the title.
const ABOUT_HEAD = /^关于(.{4,40}?)[，,。；]/;

type Segment = { text: string; start: number; end: number; sentence: number };

// After these words the next unit is being assigned work ("会同城关镇现场查看"), so it is not the topic.
const INTRO = /^(?:请|由|交由|交(?!通)|责成|会同|配合|协助|联合|要求|[、和及与])/;

function stripHead(seg: string, table: AliasTable): string {
  let s = seg.trim();
  let afterIntro = false;
  for (let guard = 0; guard < 40; guard += 1) {
    const before = s;
    const filler = FILLER.exec(s)?.[0];
    if (filler) afterIntro = INTRO.test(filler) || (afterIntro && filler === GAP);
    s = s.replace(ENUM, '').replace(FILLER, '').replace(GROUP_HEAD, '').replace(HEARSAY_HEAD, '');
    const unit = matchAliasAt(s, 0, table);
    const unitLen =
      unit?.alias.length ?? UNKNOWN_HEAD.exec(s)?.[0].length ?? PRONOUN_HEAD.exec(s)?.[0].length ?? 0;
    // "县住建局提出的停车场建设方案": the plan is the topic, its author is not.
    const authored = unitLen > 0 ? (PROPOSED.exec(s.slice(unitLen))?.[0].length ?? 0) : 0;
    if (unitLen > 0 && (authored > 0 || afterIntro || ASSIGNEE_FOLLOW.test(s.slice(unitLen)))) {
      s = s.slice(unitLen + authored);
      afterIntro = false;
    }
    s = s.trim();
    if (s === before) break;
  }
  return s.split(GAP).join('');
}

function cutPreamble(text: string, table: AliasTable): number {
  let offset = 0;
  for (let round = 0; round < 2; round += 1) {
    const rest = text.slice(offset);
    const colon = rest.search(/[：:]/);
    if (colon < 0 || colon > 45) break;
    const head = rest.slice(0, colon);
    const unitsOnly = stripHead(head, table) === '';
    if (!PREAMBLE.test(head) && !unitsOnly) break;
    offset += colon + 1;
  }
  return offset;
}

function segments(text: string, offset: number): Segment[] {
  const out: Segment[] = [];
  let sentence = 0;
  let start = offset;
  for (let i = offset; i <= text.length; i += 1) {
    const ch = text[i] ?? '。';
    const endsSentence = /[。！？!?\n；;]/.test(ch);
    if (endsSentence || /[，,：:]/.test(ch)) {
      if (i > start) out.push({ text: text.slice(start, i), start, end: i, sentence });
      start = i + 1;
      if (endsSentence) sentence += 1;
    }
  }
  return out;
}

const clip = (s: string): string => (s.length > MAX ? `${s.slice(0, MAX - 1)}…` : s);

export type TitleInput = {
  directory: Directory;
  source: Source;
  /** Offsets of deadline phrases, left out of the title. */
  phrases: ReadonlyArray<{ start: number; end: number }>;
  firstAssigneeAt: number | null;
};

export function readTitle(raw: string, input: TitleInput): string {
  if (raw.trim() === '') return '';
  let text = raw;
  for (const p of input.phrases)
    text = text.slice(0, p.start) + GAP.repeat(p.end - p.start) + text.slice(p.end);
  const table = aliasTable(input.directory);

  if (input.source === 'npc_cppcc') {
    const m = /关于(.{2,40}?)的(?:建议|提案|议案)/.exec(text);
    if (m?.[1]) return clip(m[1]);
  }

  const offset = cutPreamble(text, table);
  const about = ABOUT_HEAD.exec(text.slice(offset).trim().replace(ENUM, ''))?.[1];
  if (about) return clip(about.split(GAP).join(''));

  const cleaned = segments(text, offset)
    .filter((s) => !DROP.some((re) => re.test(s.text.trim())))
    .map((s) => ({ ...s, text: stripHead(s.text, table) }))
    .filter((s) => s.text.length >= 2 && !DROP.some((re) => re.test(s.text)))
    .filter(
      (s) => !(REPORT.test(s.text) && s.text.length <= 8) && !(HEARSAY.test(s.text) && s.text.length <= 14),
    );

  // The task clause starts at the first unit given work; without one, at the first clause.
  const from = input.firstAssigneeAt ?? offset;
  const found = cleaned.findIndex((s) => s.end > from);
  const taskIndex = Math.max(found, 0);
  const task = cleaned[taskIndex];
  const context = found > 0 ? cleaned[taskIndex - 1] : undefined;
  const topic = TOPIC.exec(text)?.[1]?.split(GAP).join('');

  let title = task?.text ?? '';
  if (task && title.length < SHORT) {
    const prefix = context?.text ?? topic;
    if (prefix && !title.includes(prefix)) {
      title = `${prefix}，${title}`;
    } else {
      for (const next of cleaned.slice(taskIndex + 1)) {
        if (next.sentence !== task.sentence || title.length >= SHORT) break;
        if (title.length + next.text.length + 1 > MAX) break;
        title = `${title}，${next.text}`;
      }
    }
  }
  if (title.length < 4) {
    const first = text.slice(offset).split(/[。！？!?\n；;]/)[0] ?? '';
    const plain = first
      .replace(/^(?:请|此件请|此事请)/, '')
      .split(GAP)
      .join('')
      .trim();
    if (plain.length > title.length) title = plain;
  }
  // Never empty for a non-empty text: a bare preamble ("李县长批示：请") is its own title.
  return clip(title.replace(/[，,、\s]+$/, '') || raw.trim());
}
