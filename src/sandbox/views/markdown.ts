/**
 * Feishu card markdown → safe HTML, for the subset cards use: **bold**, *italic*, ~~strike~~,
 * [links](https://…), <font color>, <text_tag color>, <at id>, <br>, lists, quotes and headings.
 * Everything else is text: entities (`&#60;`, which cards use to escape people's words) are decoded
 * first and then HTML-escaped, so nothing a person typed can become markup here either.
 */

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Feishu's colour names (fonts, tags, header templates) as CSS colours. */
export const COLOURS: Record<string, string> = {
  red: '#d83931',
  carmine: '#c51f5d',
  orange: '#de7802',
  yellow: '#dc9b04',
  lime: '#7aa00a',
  green: '#2ea121',
  turquoise: '#0b9d8b',
  wathet: '#1e95d4',
  blue: '#245bdb',
  indigo: '#4954e6',
  purple: '#7f3bf5',
  violet: '#b23eb6',
  grey: '#646a73',
  neutral: '#646a73',
  default: '#1f2329',
};

const colour = (name: string) => COLOURS[name.replace(/-\d+$/, '')] ?? COLOURS.default;

type Names = (openId: string) => string;

const INLINE =
  /<font\s+color=['"]?([\w-]+)['"]?\s*>|<\/font>|<text_tag\s+color=['"]?([\w-]+)['"]?\s*>|<\/text_tag>|<at\s+(?:id|user_id|ids|email)=['"]?([^'">\s]+)['"]?\s*>(?:[^<]*)<\/at>|<br\s*\/?>|\*\*|~~|\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)|(?<![*\w])\*(?![*\s])([^*\n]+?)\*(?!\*)/g;

/** One line of markdown to HTML; open tags are closed at the end of the line. */
export function inlineMarkdown(line: string, names: Names): string {
  let html = '';
  let last = 0;
  const open: string[] = [];
  const toggle = (tag: string) => {
    const at = open.lastIndexOf(tag);
    if (at >= 0) {
      html += open
        .splice(at)
        .reverse()
        .map((t) => `</${t}>`)
        .join('');
    } else {
      open.push(tag);
      html += `<${tag}>`;
    }
  };
  for (const m of line.matchAll(INLINE)) {
    html += escapeHtml(decodeEntities(line.slice(last, m.index)));
    last = m.index + m[0].length;
    const token = m[0];
    if (m[1] !== undefined) html += `<span style="color:${colour(m[1])}">`;
    else if (token === '</font>' || token === '</text_tag>') html += '</span>';
    else if (m[2] !== undefined)
      html += `<span class="tag" style="color:${colour(m[2])};border-color:${colour(m[2])}">`;
    else if (m[3] !== undefined)
      html += `<span class="at">@${escapeHtml(m[3] === 'all' ? '所有人' : names(m[3]))}</span>`;
    else if (token.startsWith('<br')) html += '<br>';
    else if (token === '**') toggle('strong');
    else if (token === '~~') toggle('s');
    else if (m[4] !== undefined && m[5] !== undefined)
      html += `<a href="${escapeHtml(m[5])}" target="_blank" rel="noopener">${escapeHtml(decodeEntities(m[4]))}</a>`;
    else if (m[6] !== undefined) html += `<em>${escapeHtml(decodeEntities(m[6]))}</em>`;
  }
  html += escapeHtml(decodeEntities(line.slice(last)));
  return (
    html +
    open
      .reverse()
      .map((t) => `</${t}>`)
      .join('')
  );
}

/** A markdown block: paragraphs, `- ` and `1. ` lists, `> ` quotes, `#` headings, `---` rules. */
export function markdownToHtml(content: string, names: Names): string {
  const out: string[] = [];
  let list: 'ul' | 'ol' | null = null;
  const closeList = () => {
    if (list) out.push(`</${list}>`);
    list = null;
  };
  for (const raw of content.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+\.\s+(.*)$/.exec(line);
    const kind = bullet ? 'ul' : numbered ? 'ol' : null;
    if (kind !== list) closeList();
    if (kind) {
      if (!list) out.push(`<${kind}>`);
      list = kind;
      out.push(`<li>${inlineMarkdown((bullet ?? numbered)?.[1] ?? '', names)}</li>`);
    } else if (/^\s*(-{3,}|<hr\s*\/?>)\s*$/.test(line)) out.push('<hr>');
    else if (line.startsWith('>'))
      out.push(`<blockquote>${inlineMarkdown(line.replace(/^>\s?/, ''), names)}</blockquote>`);
    else if (/^#{1,6}\s/.test(line))
      out.push(`<div class="md-h">${inlineMarkdown(line.replace(/^#+\s/, ''), names)}</div>`);
    else if (line.trim() === '') out.push('<div class="md-gap"></div>');
    else out.push(`<div>${inlineMarkdown(line, names)}</div>`);
  }
  closeList();
  return out.join('');
}
