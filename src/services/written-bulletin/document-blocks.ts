/**
 * The written 专报 as docx blocks for the nested-insert API: temporary ids, children by id, and
 * tables whose every cell holds one text block. Inserts are batched under Feishu's limit of blocks
 * per call; a long table is split into tables of TABLE_ROWS rows, each with its header.
 */
import type { WrittenBulletin, WrittenTable } from '../../../cards/written-bulletin.ts';
import type { DocBlock } from '../../lark/docs.ts';

export type BlockBatch = { children: string[]; descendants: DocBlock[] };

/** Feishu takes up to 1,000 descendants per call; a margin below it. */
const MAX_BLOCKS = 900;
const TABLE_ROWS = 40;
const TEXT = 2;
const HEADING2 = 4;
const TABLE = 31;
const TABLE_CELL = 32;

type Piece = { root: string; blocks: DocBlock[] };

const runs = (content: string, bold = false) => ({
  elements: [{ text_run: { content, ...(bold ? { text_element_style: { bold: true } } : {}) } }],
});

export function documentBlocks(w: WrittenBulletin): BlockBatch[] {
  let next = 0;
  const id = () => `b${++next}`;
  const textPiece = (content: string, bold = false): Piece => {
    const root = id();
    return { root, blocks: [{ block_id: root, block_type: TEXT, text: runs(content, bold) }] };
  };
  const headingPiece = (content: string): Piece => {
    const root = id();
    return { root, blocks: [{ block_id: root, block_type: HEADING2, heading2: runs(content) }] };
  };
  const tablePieces = (table: WrittenTable): Piece[] => {
    const parts: Piece[] = [];
    for (let start = 0; start < Math.max(1, table.rows.length); start += TABLE_ROWS) {
      const rows = [table.header, ...table.rows.slice(start, start + TABLE_ROWS)];
      const root = id();
      const blocks: DocBlock[] = [];
      const cells: string[] = [];
      rows.forEach((row, r) => {
        for (const content of row) {
          const cell = id();
          const text = id();
          cells.push(cell);
          blocks.push(
            { block_id: cell, block_type: TABLE_CELL, table_cell: {}, children: [text] },
            { block_id: text, block_type: TEXT, text: runs(content, r === 0) },
          );
        }
      });
      const property = { row_size: rows.length, column_size: table.header.length, header_row: true };
      parts.push({
        root,
        blocks: [{ block_id: root, block_type: TABLE, table: { property }, children: cells }, ...blocks],
      });
    }
    return parts;
  };

  const pieces: Piece[] = [textPiece(w.subtitle)];
  for (const s of w.sections) {
    pieces.push(headingPiece(s.heading), ...s.paragraphs.map((p) => textPiece(p)));
    if (s.table) pieces.push(...tablePieces(s.table));
  }
  pieces.push(textPiece(w.footer));

  const batches: BlockBatch[] = [];
  let current: BlockBatch = { children: [], descendants: [] };
  for (const piece of pieces) {
    if (current.descendants.length + piece.blocks.length > MAX_BLOCKS && current.children.length > 0) {
      batches.push(current);
      current = { children: [], descendants: [] };
    }
    current.children.push(piece.root);
    current.descendants.push(...piece.blocks);
  }
  if (current.children.length > 0) batches.push(current);
  return batches;
}
