/** A year's list of 建议/提案 as the NPC and CPPCC offices send it, built with exceljs. */
import ExcelJS from 'exceljs';

export const SHEET_HEADER = [
  '类别',
  '编号',
  '标题',
  '代表/委员',
  '代表团/界别',
  '分类',
  '主办单位',
  '会办单位',
  '重点',
  '办理期限',
  '内容',
];

const LEADS = ['县住房和城乡建设局', '县教育局', '县交通运输局', '县卫生健康局', '县财政局'];

/** Row i (0-based) of a clean list: 30 建议 then 20 提案, numbered from 1 in each. */
export function sheetRow(i: number): string[] {
  const suggestion = i < 30;
  const seq = suggestion ? i + 1 : i - 29;
  const lead = LEADS[i % LEADS.length] ?? '县财政局';
  const co = i % 3 === 0 ? (lead === '县财政局' ? '县发展和改革局' : '县财政局、县发展和改革局') : '';
  return [
    suggestion ? '建议' : '提案',
    suggestion ? `第${seq}号` : String(seq),
    `关于第${i + 1}项民生事项的${suggestion ? '建议' : '提案'}`,
    suggestion ? `代表${i + 1}、代表${i + 2}` : `委员${i + 1}`,
    suggestion ? '城关代表团' : '经济界',
    i % 2 === 0 ? '城乡建设' : '社会事业',
    lead,
    co,
    i % 10 === 0 ? '是' : '否',
    i === 7 ? '2026-05-29' : '',
    `建议内容第${i + 1}项：加快推进有关工作。`,
  ];
}

export async function proposalWorkbook(rows: readonly string[][], opts: { title?: string } = {}) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('建议提案');
  if (opts.title) sheet.addRow([opts.title]);
  sheet.addRow(SHEET_HEADER);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** 50 rows, 3 of them bad: row 10 names an unknown unit, row 20 repeats 第5号建议, row 30 has no title. */
export function fiftyWithThreeBad(): { rows: string[][]; badRows: number[] } {
  const rows = Array.from({ length: 50 }, (_, i) => sheetRow(i));
  const at = (sheetRowNumber: number) => rows[sheetRowNumber - 2] ?? [];
  at(10)[6] = '县水利局';
  at(20)[1] = '第5号';
  at(30)[2] = '';
  return { rows, badRows: [10, 20, 30] };
}
