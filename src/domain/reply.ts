/**
 * Does a unit's chat reply read as a finished result (报结) rather than progress? Only a suggestion:
 * the bot asks the sender to confirm and never submits a result on its own. It errs towards
 * "progress": "已完成3个乡镇" is progress; "已全部完成" and a closing "已办结" are results.
 */
const DONE = [
  /(已全部|已经全部|全部|均已|已圆满|圆满)(完成|办结|整改到位|整改完毕|落实到位|办理完毕)/,
  /(已|已经)?办结/,
  /办理完毕|整改完毕|任务已完成|已按(要求|时限)完成/,
  /已(经)?(完成|整改到位|落实到位|完工|竣工)[。！!；;，,]?$/,
];
const NOT_DONE = [
  /(未|尚未|没有|还没|暂未|不能|无法|难以)(办结|完成|整改|落实)/,
  /完成(了)?\s*\d|完成(了)?(约|近|超过)?\s*[一二三四五六七八九十百]+[个户处项家]/,
  /部分|基本完成|即将|正在|剩余|还有|下一步|计划/,
];

export function readsAsResult(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  return DONE.some((r) => r.test(t)) && !NOT_DONE.some((r) => r.test(t));
}
