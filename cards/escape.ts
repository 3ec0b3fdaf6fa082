/**
 * User text in markdown components. Feishu's markdown renders `<at id=all>`, `<font>`, links and
 * emphasis, so every character with a meaning is written as an HTML entity (`&#60;` …), as the
 * card docs prescribe. The rule in this folder: text from people goes into markdown only through
 * `md` (which escapes every interpolation) or `escapeMarkdown`; plain_text fields take it as is.
 */

// The docs' escape table, plus & (so a typed entity stays literal), | = { } (tables, setext).
// `-` and `+` only mean something at the start of a line (lists, rules), so dates keep theirs.
const SPECIAL = /[&<>*~_[\]()`#\\|!$:/"'={}]/g;
const LINE_START_MARKER = /^([ \t]*)([-+])/gm;

/** Drops control characters except newline and tab, and normalises line ends. */
function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

export function escapeMarkdown(text: string): string {
  return clean(text)
    .replace(SPECIAL, (ch) => `&#${ch.charCodeAt(0)};`)
    .replace(LINE_START_MARKER, (_, indent: string, ch: string) => `${indent}&#${ch.charCodeAt(0)};`);
}

/** Markdown the code wrote itself; `md` passes it through unescaped. */
export class TrustedMarkdown {
  constructor(readonly value: string) {}
}
export const trusted = (markdown: string): TrustedMarkdown => new TrustedMarkdown(markdown);

/**
 * Tagged template: the literal parts are markdown, every `${value}` is escaped unless it is
 * `trusted(...)`. `md\`**牵头单位**：${unit.name}\`` can never let a unit name inject markup.
 */
export function md(
  strings: TemplateStringsArray,
  ...values: ReadonlyArray<string | number | TrustedMarkdown>
): string {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    const piece = value instanceof TrustedMarkdown ? value.value : escapeMarkdown(String(value));
    out += piece + (strings[index + 1] ?? '');
  });
  return out;
}

/** Cuts to `max` characters (code points, so no half emoji), marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars
    .slice(0, Math.max(0, max - 1))
    .join('')
    .trimEnd()}…`;
}

/** One line for plain_text places such as titles and button labels. */
export function oneLine(text: string, max: number): string {
  return truncate(clean(text).replace(/\s+/g, ' ').trim(), max);
}

/** Prefixes each line with `> ` to quote escaped text. */
export function quote(text: string, max: number): string {
  if (text.trim() === '') return '> （无文字内容）';
  const escaped = escapeMarkdown(truncate(text.trim(), max));
  return escaped
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}
