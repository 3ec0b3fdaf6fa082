import type { DocumentBlock } from '../../domain/instruction/matters.ts';

export type DocumentKind = 'docx' | 'pdf';

/** The document types whose text the bot reads; named to the sender when they send something else. */
export const READABLE_DOCUMENTS = '.docx（Word）和 .pdf';

export function documentKind(fileName: string): DocumentKind | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName.trim())?.[1]?.toLowerCase();
  return ext === 'docx' || ext === 'pdf' ? ext : null;
}

/** Fewer readable characters than this and a PDF is treated as a scan (no text layer). */
const MIN_TEXT_CHARS = 8;

/**
 * The document's text as paragraphs and tables; null when there is none to read (a scan, a damaged
 * file). Runs in process, with nothing fetched: mammoth reads the .docx zip, pdf.js (unpdf's build
 * without a worker) the PDF's text layer.
 */
export async function readDocument(kind: DocumentKind, bytes: Buffer): Promise<DocumentBlock[] | null> {
  try {
    const blocks = kind === 'docx' ? await readDocx(bytes) : await readPdf(bytes);
    const chars = blocks
      .flatMap((b) => (b.kind === 'text' ? [b.text] : b.rows.flat()))
      .join('')
      .replace(/\s/g, '').length;
    return chars >= MIN_TEXT_CHARS ? blocks : null;
  } catch {
    return null;
  }
}

// The readers are loaded on first use: pdf.js alone is megabytes, and most processes never read a document.
async function readPdf(bytes: Buffer): Promise<DocumentBlock[]> {
  const { getDocumentProxy } = await import('unpdf');
  const doc = await getDocumentProxy(new Uint8Array(bytes));
  const lines: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    let line = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      line += item.str;
      if (item.hasEOL) {
        lines.push(line);
        line = '';
      }
    }
    if (line) lines.push(line);
  }
  await doc.destroy();
  return [{ kind: 'text', text: lines.join('\n') }];
}

/**
 * mammoth's HTML keeps what raw text loses: table rows and cells (牵头单位 tables) and Word's automatic
 * list numbering, which it turns into <ol><li> without the numbers; they are written back as "1." so
 * the matter splitter sees them.
 */
async function readDocx(bytes: Buffer): Promise<DocumentBlock[]> {
  const { default: mammoth } = await import('mammoth');
  const { value: html } = await mammoth.convertToHtml({ buffer: bytes });
  const blocks: DocumentBlock[] = [];
  const lines: string[] = [];
  const flush = () => {
    if (lines.length > 0) blocks.push({ kind: 'text', text: lines.splice(0).join('\n') });
  };
  let table: string[][] | null = null;
  let row: string[] | null = null;
  let cell: string | null = null;
  let text = '';
  const counters: number[] = [];
  const endLine = () => {
    const line = decodeEntities(text).trim();
    text = '';
    if (!line) return;
    if (cell !== null) cell = cell ? `${cell}\n${line}` : line;
    else lines.push(line);
  };
  for (const m of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*>|([^<]+)/g)) {
    const [, closing, tag, chunk] = m;
    if (chunk !== undefined) {
      text += chunk;
      continue;
    }
    if (tag === 'br') text += '\n';
    else if (/^(p|h\d)$/.test(tag ?? '')) endLine();
    else if (tag === 'ol' || tag === 'ul') closing ? counters.pop() : counters.push(tag === 'ol' ? 0 : -1);
    else if (tag === 'li' && !closing) {
      endLine();
      const depth = counters.length - 1;
      const n = counters[depth] ?? -1;
      if (n >= 0) {
        counters[depth] = n + 1;
        text = `${n + 1}. `;
      }
    } else if (tag === 'li') endLine();
    else if (tag === 'table' && !closing) {
      endLine();
      flush();
      table = [];
    } else if (tag === 'table' && table) {
      blocks.push({ kind: 'table', rows: table });
      table = null;
    } else if (tag === 'tr') {
      if (!closing) row = [];
      else if (row && table) table.push(row);
    } else if (tag === 'td' || tag === 'th') {
      if (!closing) cell = '';
      else {
        endLine();
        row?.push(cell ?? '');
        cell = null;
      }
    }
  }
  endLine();
  flush();
  return blocks;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}
