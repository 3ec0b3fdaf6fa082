/**
 * §二 督查内容: which channel an instruction came through. The first rule that matches wins; the order puts
 * the most specific channel first, so a 批示 on a provincial document is still a 批示, and a county meeting
 * that implements a central policy is still a county meeting decision.
 */
import type { Source } from '../item.ts';

const NPC_CPPCC = /人大代表|代表建议|政协委员|委员提案|建议提案|提案|议案|审议意见/;
const WORK_REPORT = /政府工作报告/;
const MEETING =
  /(?:第[0-9一二三四五六七八九十百]+次)?(?:常务会议|全体会议|县长办公会议?|专题会议?|调度会议?|推进会议?|联席会议|办公会议)|会议纪要|议定事项|会议议定|会议决定|会议研究/g;
const SUPERIOR_BODY = /省|市(?!场)|国务院|中央/;
const LEADER_STRONG = /批示|阅示|阅处|阅办|研处|已阅|批办|圈阅/;
const CENTRAL =
  /党中央|中共中央|国务院|习近平总书记|中央(?:关于|决策|部署|精神|要求|生态环境保护督察|环保督察|巡视|八项规定|经济工作会议|全会)/;
const SUPERIOR =
  /省委|省政府|省人民政府|市委|市政府|市人民政府|全省|全市|省级|市级|(?<![城都超集夜股县])市(?!场)[\u4e00-\u9fa5]{1,6}(?:局|委员会|办公室)|省[\u4e00-\u9fa5]{1,6}(?:厅|局|委员会)/;
const LEADER_WEAK = /请(?!示|假|柬)|(?:县长|书记|主任)[^。，；]{0,10}(?:要求|指出|强调|交办)/;

/** A county meeting: a meeting word not preceded by a provincial, municipal or central body. */
function isCountyMeeting(text: string): boolean {
  for (const m of text.matchAll(MEETING)) {
    const before = text.slice(Math.max(0, m.index - 8), m.index);
    const own = before.match(/[^，。；：:]*$/)?.[0] ?? '';
    if (!SUPERIOR_BODY.test(own)) return true;
  }
  return false;
}

export function readSource(text: string): Source {
  if (NPC_CPPCC.test(text)) return 'npc_cppcc';
  if (WORK_REPORT.test(text)) return 'work_report';
  if (isCountyMeeting(text)) return 'county_meeting';
  if (LEADER_STRONG.test(text)) return 'leader_instruction';
  if (CENTRAL.test(text)) return 'central_policy';
  if (SUPERIOR.test(text)) return 'superior_decision';
  if (LEADER_WEAK.test(text)) return 'leader_instruction';
  return 'other';
}
