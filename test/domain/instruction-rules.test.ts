/** The reader's general rules of issue #10.6, each on sentences that differ from the corpus. */
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../bench/parse-accuracy.ts';
import { type Calendar, createCalendar } from '../../src/domain/calendar/index.ts';
import { readInstruction } from '../../src/domain/instruction/index.ts';

const { directory } = loadCorpus();
const national = createCalendar();
const read = (text: string, issued: string, calendar: Calendar = national) =>
  readInstruction(text, { directory, issued, calendar });

describe('a weekday written after the date', () => {
  it('is read in full- and half-width brackets, with a time of day too', () => {
    for (const text of [
      '请发改局于9月18日（星期五）前报送。',
      '请发改局9月18日(周五)前报送。',
      '请发改局于2026年9月18日（礼拜五）下午5点前报送。',
      '请发改局于18日（周五）前报送。',
    ]) {
      const r = read(text, '2026-09-07');
      expect(r.deadline, text).toBe('2026-09-18');
      expect(r.notes, text).toEqual([]);
    }
  });

  it('keeps the date when the weekday contradicts it, and says so on the draft', () => {
    const r = read('请发改局于9月18日（星期四）前报送。', '2026-09-07');
    expect(r.deadline).toBe('2026-09-18');
    expect(r.deadline_basis).toContain('原文注明星期四，但2026-09-18为星期五');
    expect(r.notes).toEqual([expect.stringContaining('所注星期与日期不符')]);
  });
});

describe('a day with no month', () => {
  it('is this month, or the next when the day has passed', () => {
    expect(read('请交通局20号前报送。', '2026-03-09').deadline).toBe('2026-03-20');
    expect(read('请交通局于9日前报送。', '2026-03-09').deadline).toBe('2026-03-09');
    expect(read('请交通局于8日前报送。', '2026-03-09').deadline).toBe('2026-04-08');
    expect(read('请交通局二十号前报送。', '2026-12-28').deadline).toBe('2027-01-20');
  });

  it('is not guessed when that month has no such day, and never read from numbers that are not days', () => {
    expect(read('请交通局31号前报送。', '2026-04-10').deadline).toBeNull();
    expect(read('请交通局核查3号楼渗水问题。', '2026-04-10').deadline).toBeNull();
    expect(read('请交通局每月10号前报送进度。', '2026-04-10').deadline).toBeNull();
  });
});

describe('a year alone', () => {
  it('is the end of that year when the act is due in it', () => {
    expect(read('请住建局2028年全面建成城市燃气管网。', '2026-05-10').deadline).toBe('2028-12-31');
    expect(read('请住建局力争明年竣工。', '2026-05-10').deadline).toBe('2027-12-31');
    expect(read('请住建局2027年底前完工。', '2026-05-10').deadline).toBe('2027-12-31');
    expect(read('请住建局2027年上半年完成招标。', '2026-05-10').deadline).toBe('2027-06-30');
  });

  it('is not a deadline when it labels a thing or lies in the past', () => {
    expect(read('请财政局编制2027年部门预算。', '2026-05-10').deadline).toBeNull();
    expect(read('请财政局核实2025年完成的项目。', '2026-05-10').deadline).toBeNull();
    // Found by the held-out cases: a half-year naming a report's subject.
    expect(read('请财政局于20号前将上半年预算执行分析报县政府办。', '2026-07-06').deadline).toBe(
      '2026-07-20',
    );
    expect(read('请财政局下半年完成清理。', '2026-07-06').deadline).toBe('2026-12-31');
  });

  it('当年 / 年内 / 今年内 are the end of the issue year', () => {
    for (const text of [
      '请住建局当年完成。',
      '请住建局年内完成。',
      '请住建局今年内完成。',
      '请住建局当年开工。',
    ])
      expect(read(text, '2026-05-10').deadline, text).toBe('2026-12-31');
  });
});

describe('holidays', () => {
  it('X前 is the last working day before the break, from the published notice', () => {
    const cases: Array<[string, string, string]> = [
      ['元旦前', '2025-12-01', '2025-12-31'],
      ['春节前', '2026-01-05', '2026-02-14'], // a make-up Saturday is a working day
      ['清明前', '2026-03-02', '2026-04-03'],
      ['五一前', '2026-04-01', '2026-04-30'],
      ['劳动节前', '2026-04-01', '2026-04-30'],
      ['端午节前', '2026-06-01', '2026-06-18'],
      ['中秋前', '2026-09-01', '2026-09-24'],
      ['国庆前', '2026-09-01', '2026-09-30'],
      ['“十一”前', '2026-09-01', '2026-09-30'],
      ['国庆长假前', '2026-09-01', '2026-09-30'],
      // 2025: 中秋 (10-06) falls inside the 国庆 break, which starts on 10-01.
      ['中秋前', '2025-09-01', '2025-09-30'],
    ];
    for (const [phrase, issued, want] of cases) {
      const r = read(`请住建局${phrase}完成排查。`, issued);
      expect([phrase, r.deadline, r.deadline_provisional]).toEqual([phrase, want, false]);
    }
  });

  it('follows the county calendar: a local day off moves the deadline', () => {
    const local = createCalendar([{ date: '2026-09-30', kind: 'holiday', note: '县庆' }]);
    expect(read('请住建局国庆节前完成。', '2026-09-01', local).deadline).toBe('2026-09-29');
  });

  it('estimates a holiday of a year without a notice, and marks it provisional', () => {
    const r = read('请住建局端午节前完成。', '2026-07-01');
    // 2027: 端午 is 06-09 (a Wednesday); the working day before is 06-08.
    expect(r).toMatchObject({ deadline: '2027-06-08', deadline_provisional: true });
    expect(r.deadline_basis).toContain('放假安排未公布');
    // 2028: 中秋 (10-03) falls on the statutory 国庆 days, so the break starts on 10-01 (a Sunday).
    expect(read('请住建局中秋前完成。', '2027-10-10').deadline).toBe('2028-09-29');
    // 2027: 春节 starts on 除夕 (02-05, a Friday).
    expect(read('请住建局春节前完成。', '2026-12-01').deadline).toBe('2027-02-04');
  });

  it('uses a year the county has published through its overrides', () => {
    const days = ['02-06', '02-07', '02-08', '02-09', '02-10', '02-11', '02-12', '02-13'];
    const county = createCalendar(
      days.map((d) => ({ date: `2027-${d}`, kind: 'holiday' as const, note: '春节' })),
      { publishedYears: [2027] },
    );
    const r = read('请住建局春节前完成。', '2026-12-01', county);
    expect(r).toMatchObject({ deadline: '2027-02-05', deadline_provisional: false });
  });

  it('节后第一个工作日 is the first working day after the break', () => {
    expect(read('请交通局节后第一个工作日报送。', '2026-09-29').deadline).toBe('2026-10-08');
    expect(read('请交通局国庆节后第一个工作日报送。', '2026-10-03').deadline).toBe('2026-10-08');
    expect(read('请交通局春节后上班第一天报送。', '2026-02-10').deadline).toBe('2026-02-24');
    // 2027 has no notice yet: the calendar's estimate puts 国庆 on 1–7 October (calendar/estimate.ts).
    const estimated = read('请交通局国庆假期后第一个工作日报送。', '2026-12-01');
    expect(estimated).toMatchObject({ deadline: '2027-10-08', deadline_provisional: true });
  });

  it('节前 alone is the next holiday only when it dates the act', () => {
    expect(read('请交通局于节前报送。', '2026-04-08').deadline).toBe('2026-04-30');
    expect(read('请交通局开展节前安全检查。', '2026-04-08').deadline).toBeNull();
    expect(read('请交通局做好春节前后运输保障。', '2026-01-08').deadline).toBeNull();
  });
});

describe('为期', () => {
  it('counts the campaign from the issue date, off a day off', () => {
    expect(read('请城关镇开展为期一个月的集中整治。', '2026-06-15').deadline).toBe('2026-07-15');
    expect(read('请城关镇开展集中整治，为期两周。', '2026-09-04').deadline).toBe('2026-09-18');
    // 2026-05-30 is a Saturday.
    expect(read('请城关镇开展集中整治，为期一个月。', '2026-04-30').deadline).toBe('2026-06-01');
  });
});

describe('several dates', () => {
  it('takes the date the work reaches the county government, the office or the leader', () => {
    const targets = ['报县政府办', '报县委办', '报县政府督查室', '报送县政府', '报我', '报李县长'];
    for (const to of targets) {
      const r = read(`请教育局6月5日前召开论证会，6月19日前形成方案${to}。`, '2026-05-20');
      expect([to, r.deadline]).toEqual([to, '2026-06-19']);
      expect(r.notes).toEqual(['另有时限：6月5日前召开论证会（2026-06-05）']);
    }
  });

  it('also when the report comes before a later completion date', () => {
    const r = read('请城关镇6月5日前将整改方案报县政府督查室，8月底前全面完成整改。', '2026-05-20');
    expect(r.deadline).toBe('2026-06-05');
    expect(r.deadline_basis).toContain('以报送县政府');
  });

  it('takes the earliest when no date reaches the county government', () => {
    const r = read('请教育局6月5日前召开论证会，6月19日前将方案报县人大常委会。', '2026-05-20');
    expect(r.deadline).toBe('2026-06-05');
    expect(r.deadline_basis).toContain('取最早');
  });
});

describe('a plan revised by the unit that proposed it', () => {
  it('resolves 其 / 该局 to the proposer', () => {
    const a = read('会议原则同意县交通局提出的公交站点调整方案，由其修改完善后报县政府。', '2026-05-20');
    expect([a.lead, a.co]).toEqual(['县交通运输局', []]);
    const b = read('会议同意县卫健局提出的意见，请该局会同县财政局抓紧落实。', '2026-05-20');
    expect([b.lead, b.co]).toEqual(['县卫生健康局', ['县财政局']]);
  });

  it('gives a revision with no subject of its own to the proposer', () => {
    const r = read('会议原则同意县教育局关于学区划分的意见，会后修改完善后印发。', '2026-05-20');
    expect(r.lead).toBe('县教育局');
    const named = read('会议原则同意县教育局关于学区划分的意见，县财政局负责修改完善后印发。', '2026-05-20');
    expect(named.lead).toBe('县财政局');
  });

  it('does not take a place as the antecedent, and 该局 only stands for a 局', () => {
    const r = read('会议通过县自然资源局提交的城关镇片区规划，由其按程序报批。', '2026-05-20');
    expect(r.lead).toBe('县自然资源局');
    const town = read('会议同意城关镇提出的改造方案，请该镇抓紧实施。', '2026-05-20');
    expect(town.lead).toBe('城关镇人民政府');
  });

  it('keeps the proposer as a co-unit when another unit is named to lead', () => {
    const r = read('会议原则同意县住建局提出的方案，会后修改完善，由县财政局牵头组织实施。', '2026-05-20');
    expect([r.lead, r.co]).toEqual(['县财政局', ['县住房和城乡建设局']]);
  });
});

describe('units named by pre-reform names and namesakes', () => {
  it('reads pre-reform aliases as today’s units', () => {
    const r = read('请县国土资源局牵头，县卫计局、县安监局、县环保局配合。', '2026-05-20');
    expect([r.lead, r.co]).toEqual(['县自然资源局', ['县卫生健康局', '县应急管理局', '生态环境分局']]);
  });

  it('never reads a city, district or province namesake as ours', () => {
    for (const text of [
      '市委宣传部要求，请县教育局牵头落实。',
      '区委宣传部要求，请县教育局牵头落实。',
      '市住房和城乡建设局要求，请县教育局牵头落实。',
      '省应急管理厅、市应急管理局要求，请县教育局牵头落实。',
    ]) {
      const r = read(text, '2026-05-20');
      expect([r.lead, r.co], text).toEqual(['县教育局', []]);
    }
  });

  it('takes the longest name: 县委宣传部 is one unit, not 宣传部 inside an unknown 县委…', () => {
    const r = read('请县委宣传部牵头，城关镇配合。', '2026-05-20');
    expect([r.lead, r.co, r.unknown_units]).toEqual(['县委宣传部', ['城关镇人民政府'], []]);
  });
});
