/**
 * Minutes and documents that list several matters (一、二、 / （一）（二） / 1. 2. / 议定事项 tables of
 * 牵头单位) become one matter each; the reader reads every matter on its own. A list counts as matters
 * only when at least two of its entries assign work to a unit of the directory, so the steps of one
 * instruction ("请县住建局牵头：1.排查；2.整改") stay one matter.
 */
import type { Source } from '../item.ts';
import { type InstructionReading, type ReadContext, readInstruction } from './reader.ts';
import { readSource } from './source.ts';
import { normalizeWidth, parseNumber } from './text.ts';

export type DocumentBlock = { kind: 'text'; text: string } | { kind: 'table'; rows: string[][] };

export type Matter = { text: string; reading: InstructionReading };

/** `preamble` is what came before the list (the meeting, the document's title); empty for one matter. */
export type MatterSplit = { preamble: string; matters: Matter[] };

type Family = { name: string; marker: RegExp };

/** Top-level list markers at the start of a line; the number is group 1. */
const FAMILIES: Family[] = [
  { name: 'cn', marker: /^([一二三四五六七八九十]{1,3})[、.．]/ },
  { name: 'paren_cn', marker: /^[（(]([一二三四五六七八九十]{1,3})[）)]/ },
  { name: 'arabic', marker: /^(\d{1,2})(?:[、．]|\.(?!\d))/ },
  { name: 'paren_arabic', marker: /^[（(](\d{1,2})[）)]/ },
  { name: 'circled', marker: /^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])/ },
];

/** Lines that close a document (distribution, signature blocks): never part of the last matter. */
const TRAILER = /^(?:抄送|印发|主送|附件[:：]|出席|参加|列席|请假|记录[:：人]|签发)/;

const COLUMN = {
  content: /事项|任务|工作内容|内容|要求/,
  lead: /牵头单位|责任单位|承办单位|主办单位|牵头部门|责任部门/,
  co: /配合单位|协办单位|协同单位|配合部门|参与单位/,
  deadline: /时限|完成时间|期限|截止/,
};

const circledNumber = (ch: string): number => '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳'.indexOf(ch) + 1;

function numberOf(family: Family, raw: string): number | null {
  return family.name === 'circled' ? circledNumber(raw) : parseNumber(raw);
}

/** The entries of one marker family, when its numbers run 1, 2, 3 … without a restart. */
function listOf(lines: string[], family: Family): { start: number; items: string[] } | null {
  const hits: number[] = [];
  let expect = 1;
  for (const [i, line] of lines.entries()) {
    const m = family.marker.exec(line);
    if (!m?.[1]) continue;
    if (numberOf(family, m[1]) !== expect) return null;
    hits.push(i);
    expect += 1;
  }
  if (hits.length < 2) return null;
  const items = hits.map((from, k) => {
    const to = hits[k + 1] ?? lines.length;
    const body: string[] = [];
    for (const line of lines.slice(from, to)) {
      if (TRAILER.test(line)) break;
      body.push(line);
    }
    return body.join('\n');
  });
  return { start: hits[0] ?? 0, items };
}

/** A 牵头单位 table: one matter a row, written as a sentence the reader understands. */
function tableMatters(rows: string[][]): string[] {
  const [header, ...body] = rows;
  if (!header) return [];
  const col = (re: RegExp) => header.findIndex((c) => re.test(c));
  const lead = col(COLUMN.lead);
  if (lead < 0) return [];
  const co = col(COLUMN.co);
  const deadline = col(COLUMN.deadline);
  const content = header.findIndex(
    (c, i) => i !== lead && i !== co && i !== deadline && COLUMN.content.test(c),
  );
  return body.flatMap((row) => {
    const cell = (i: number) => (i >= 0 ? (row[i] ?? '').trim() : '');
    const what = cell(content).replace(/[。；;]+$/, '');
    if (!what || !cell(lead)) return [];
    const parts = [what, `由${cell(lead)}牵头`];
    if (cell(co)) parts.push(`${cell(co)}配合`);
    if (cell(deadline)) parts.push(`${cell(deadline)}${/前$/.test(cell(deadline)) ? '' : '前'}完成`);
    return [`${parts.join('，')}。`];
  });
}

function read(texts: string[], preamble: string, ctx: ReadContext): Matter[] {
  // A matter says little about where it came from; the document's title and opening say it for all.
  const shared: Source = readSource(preamble);
  return texts.map((text) => {
    const reading = readInstruction(text, ctx);
    return { text, reading: shared !== 'other' ? { ...reading, source: shared } : reading };
  });
}

const assigned = (matters: Matter[]): number => matters.filter((m) => m.reading.lead !== null).length;

export function splitMatters(blocks: readonly DocumentBlock[], ctx: ReadContext): MatterSplit {
  const textBlocks = blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
  const lines = normalizeWidth(textBlocks.join('\n'))
    .split(/\n+/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const whole = lines.join('\n');

  let best: MatterSplit | null = null;
  const rows = blocks.flatMap((b) => (b.kind === 'table' ? tableMatters(b.rows) : []));
  if (rows.length >= 2) best = { preamble: whole, matters: read(rows, whole, ctx) };
  for (const family of FAMILIES) {
    const list = listOf(lines, family);
    if (!list) continue;
    const preamble = lines.slice(0, list.start).join('\n');
    const matters = read(list.items, preamble, ctx);
    // The level whose entries assign work wins: sections (一、) over their steps, or 议定事项 inside a section.
    if (assigned(matters) >= 2 && (!best || assigned(matters) > assigned(best.matters)))
      best = { preamble, matters };
  }
  if (best) return best;
  const wholeTexts = whole === '' ? [] : [whole];
  return { preamble: '', matters: read(wholeTexts, '', ctx) };
}
