/** The written 专报 as a .docx file, for tenants that do not allow Feishu documents. */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { WrittenBulletin, WrittenTable } from '../../../cards/written-bulletin.ts';

/** The fonts of official documents: 小标宋 title, 黑体 headings, 仿宋 body (三号 = 16 pt). */
const TITLE_FONT = { eastAsia: '方正小标宋简体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
const HEADING_FONT = { eastAsia: '黑体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
const BODY_FONT = { eastAsia: '仿宋_GB2312', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };

const cell = (text: string, bold: boolean): TableCell =>
  new TableCell({
    children: [new Paragraph({ children: [new TextRun({ text, bold, size: 24, font: BODY_FONT })] })],
  });

const table = (t: WrittenTable): Table =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [t.header, ...t.rows].map(
      (row, r) => new TableRow({ tableHeader: r === 0, children: row.map((text) => cell(text, r === 0)) }),
    ),
  });

export async function docxFile(w: WrittenBulletin): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: w.title, font: TITLE_FONT, size: 44 })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: w.subtitle, font: BODY_FONT, size: 28 })],
    }),
  ];
  for (const s of w.sections) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_2,
        children: [new TextRun({ text: s.heading, font: HEADING_FONT, size: 32 })],
      }),
      ...s.paragraphs.map(
        (text) => new Paragraph({ children: [new TextRun({ text, font: BODY_FONT, size: 32 })] }),
      ),
    );
    if (s.table) children.push(table(s.table));
  }
  children.push(new Paragraph({ children: [new TextRun({ text: w.footer, font: BODY_FONT, size: 24 })] }));
  const doc = new Document({ creator: '督查督办助手', title: w.title, sections: [{ children }] });
  return Packer.toBuffer(doc);
}
