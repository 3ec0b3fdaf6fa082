/** Text helpers shared by the instruction reader. All keep string length, so offsets stay comparable. */

const CN_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** A number written in Arabic or Chinese numerals ('15', '十五', '二十', '一百二十', '两'); null if not one. */
export function parseNumber(raw: string): number | null {
  if (/^\d+$/.test(raw)) return Number(raw);
  if (!/^[〇零一二两三四五六七八九十百]+$/.test(raw)) return null;
  let total = 0;
  let current = 0;
  for (const ch of raw) {
    if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else {
      current = current * 10 + (CN_DIGITS[ch] ?? 0);
    }
  }
  return total + current;
}

/** Source pattern for a number in either script, for building regular expressions. */
export const NUM = '(?:\\d{1,4}|[〇零一二两三四五六七八九十百]{1,4})';

/** Full-width digits and letters to ASCII (one char for one char). */
export function normalizeWidth(text: string): string {
  return text.replace(/[０-９Ａ-Ｚａ-ｚ]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/**
 * Blanks out 《…》 document titles: a unit or date named inside a title ("《关于做好春节前后…的通知》")
 * is part of the name, not part of the assignment.
 */
export function maskTitles(text: string): string {
  return text.replace(/《[^《》]*》/g, (m) => '□'.repeat(m.length));
}

/** Removes punctuation and spaces, for comparing titles and phrases loosely. */
export function squeeze(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]/gu, '');
}
