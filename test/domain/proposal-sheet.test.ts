import { describe, expect, it } from 'vitest';
import {
  errorLine,
  readHeader,
  readNumber,
  readSheet,
  readSheetDate,
  takenKey,
} from '../../src/domain/proposal-sheet.ts';

const units = [
  { id: 1, name: '县住房和城乡建设局', aliases: ['住建局', '县住建局'] },
  { id: 2, name: '县财政局', aliases: ['财政局'] },
  { id: 3, name: '县教育局', aliases: [] },
];
const HEADER = [
  '类别',
  '编号',
  '标题',
  '代表（委员）',
  '代表团/界别',
  '分类',
  '主办单位',
  '会办单位',
  '是否重点',
  '办理期限',
  '内容',
];

describe('proposals sheet', () => {
  it('recognises the header with common variants, and only a proposals header', () => {
    const h = readHeader(HEADER);
    expect(h).toMatchObject({
      category: 0,
      number: 1,
      title: 2,
      proposers: 3,
      delegation: 4,
      lead: 6,
      co: 7,
      key: 8,
    });
    expect(readHeader(['序号', '事项', '牵头单位'])).toBeNull();
    expect(readHeader(['类型', '案号', '案由', '承办单位'])).not.toBeNull();
  });

  it('reads numbers and dates as offices write them', () => {
    expect([readNumber('第12号'), readNumber('12'), readNumber('第3号建议'), readNumber('十二')]).toEqual([
      12,
      12,
      3,
      null,
    ]);
    expect(readSheetDate('2026年6月30日')).toBe('2026-06-30');
    expect(readSheetDate('2026/2/30')).toBeNull();
  });

  it('lists every bad row with its reasons and keeps the good ones', () => {
    const header = readHeader(HEADER);
    if (!header) throw new Error('header');
    const row = (n: number, cells: string[]) => ({ row: n, cells });
    const reading = readSheet(
      header,
      [
        row(2, [
          '建议',
          '第1号',
          '加快老旧小区改造',
          '张三、李四',
          '城关代表团',
          '城建',
          '住建局',
          '县财政局、县教育局',
          '是',
          '',
          '内容',
        ]),
        row(3, ['提案', '1', '义务教育均衡', '王五', '教育界', '', '县教育局', '', '否', '2026-09-30', '']),
        row(4, ['建议', '1', '重复的编号', '', '', '', '县财政局', '', '', '', '']),
        row(5, ['建议', '2', '', '', '', '', '县水利局', '', '', '2026-13-01', '']),
        row(6, ['', '', '', '', '', '', '', '', '', '', '']),
        row(7, ['提案', '7', '已导入过的', '', '', '', '县财政局', '', '', '', '']),
      ],
      { units, taken: new Set([takenKey('cppcc_proposal', 7)]), today: '2026-03-01' },
    );
    expect(reading.rows.map((r) => [r.row, r.category, r.seq, r.leadUnitId, r.coUnitIds, r.keyItem])).toEqual(
      [
        [2, 'npc_suggestion', 1, 1, [2, 3], true],
        [3, 'cppcc_proposal', 1, 3, [], false],
      ],
    );
    expect(reading.rows[0]?.proposers).toBe('张三、李四');
    expect(reading.rows[1]?.text).toBe('义务教育均衡');
    expect(reading.errors.map(errorLine)).toEqual([
      '第 4 行：第1号建议与第 2 行编号重复',
      '第 5 行：缺少标题；主办单位“县水利局”不在本县名录中；办理期限“2026-13-01”不是有效日期（如 2026-06-30）',
      '第 7 行：第7号提案已导入过，不再重复导入',
    ]);
  });
});
