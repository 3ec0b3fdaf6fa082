import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar/index.ts';
import type { DocumentBlock } from '../../src/domain/instruction/matters.ts';
import { splitMatters } from '../../src/domain/instruction/matters.ts';
import { sampleDirectory } from '../support/directory.ts';

const directory = { units: sampleDirectory().units.map((u) => ({ name: u.name, aliases: u.aliases })) };
const ctx = { directory, issued: '2026-06-15', calendar: createCalendar() };
const split = (blocks: DocumentBlock[]) => splitMatters(blocks, ctx);
const text = (...lines: string[]): DocumentBlock[] => [{ kind: 'text', text: lines.join('\n') }];

describe('splitting minutes into matters', () => {
  it('one matter per （一）（二） entry that assigns work, under a section heading', () => {
    const { matters, preamble } = split(
      text(
        '县政府第8次常务会议纪要',
        '一、会议听取了上半年重点工作汇报。',
        '二、会议议定事项',
        '（一）县财政局牵头，6月30日前完成专项资金清理。',
        '（二）县教育局牵头，8月31日前完成校舍安全排查。',
      ),
    );
    expect(matters.map((m) => m.reading.lead)).toEqual(['县财政局', '县教育局']);
    expect(matters.map((m) => m.reading.deadline)).toEqual(['2026-06-30', '2026-08-31']);
    expect(matters.every((m) => m.reading.source === 'county_meeting')).toBe(true);
    expect(preamble).toContain('常务会议纪要');
  });

  it('the steps of one instruction stay one matter', () => {
    const { matters } = split(
      text(
        '请县住建局牵头，月底前完成城区燃气管道排查：',
        '1. 摸清管网底数；',
        '2. 建立隐患台账；',
        '3. 制定整改方案。',
      ),
    );
    expect(matters).toHaveLength(1);
    expect(matters[0]?.reading.lead).toBe('县住房和城乡建设局');
  });

  it('a 牵头单位 table gives one matter per row', () => {
    const { matters } = split([
      { kind: 'text', text: '专题会议议定事项分工表' },
      {
        kind: 'table',
        rows: [
          ['序号', '工作任务', '牵头单位', '配合单位', '完成时限'],
          ['1', '完成农村公路危桥改造', '县交通运输局', '县财政局', '2026年9月30日'],
          ['2', '完成城区学校周边交通整治', '县教育局', '', '2026年8月31日前'],
        ],
      },
    ]);
    expect(matters.map((m) => [m.reading.lead, m.reading.co, m.reading.deadline])).toEqual([
      ['县交通运输局', ['县财政局'], '2026-09-30'],
      ['县教育局', [], '2026-08-31'],
    ]);
  });

  it('a short message is one matter, read as written', () => {
    const { matters } = split(text('请财政局本月底前报送预算执行情况。'));
    expect(matters).toHaveLength(1);
    expect(matters[0]?.text).toBe('请财政局本月底前报送预算执行情况。');
  });
});
