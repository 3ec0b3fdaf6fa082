import { describe, expect, it } from 'vitest';
import { isHeldOut, loadCorpus, runCorpus, summarize } from '../../bench/parse-accuracy.ts';
import { createCalendar } from '../../src/domain/calendar/index.ts';
import { readInstruction, readSource } from '../../src/domain/instruction/index.ts';

const { directory } = loadCorpus();
const calendar = createCalendar();
const read = (text: string, issued = '2026-09-15') => readInstruction(text, { directory, issued, calendar });

describe('corpus', () => {
  const results = runCorpus();

  it('has enough cases, each with an issue date', () => {
    expect(results.length).toBeGreaterThanOrEqual(80);
    expect(results.every((r) => /^2026-\d{2}-\d{2}$/.test(r.case.issued))).toBe(true);
  });

  it('keeps field accuracy above the regression floor', () => {
    const all = summarize(results);
    expect(all.fieldAccuracy).toBeGreaterThanOrEqual(0.95);
    for (const value of Object.values(all.perField)) expect(value).toBeGreaterThanOrEqual(0.9);
    const heldOut = summarize(results.filter(isHeldOut));
    expect(heldOut.fieldAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('titles are never empty and at most 30 characters', () => {
    for (const r of results) {
      expect(r.got.title.length, r.case.id).toBeGreaterThan(0);
      expect(r.got.title.length, r.case.id).toBeLessThanOrEqual(30);
    }
  });
});

describe('units', () => {
  it('reads 牵头 / 配合 phrasing', () => {
    const r = read('由县住建局牵头，县自然资源局、交通局配合，开展城区道路整治。');
    expect(r.lead).toBe('县住房和城乡建设局');
    expect(r.co).toEqual(['县自然资源局', '县交通运输局']);
  });

  it('reads 会同', () => {
    const r = read('县发改局会同财政局抓紧编制项目资金需求清单。');
    expect([r.lead, r.co]).toEqual(['县发展和改革局', ['县财政局']]);
  });

  it('reads (牵头) marks in either bracket width', () => {
    expect(read('责任单位：县教育局（牵头）、县卫健局').lead).toBe('县教育局');
    const r = read('责任单位：县卫健局、县教育局(牵头)');
    expect([r.lead, r.co]).toEqual(['县教育局', ['县卫生健康局']]);
  });

  it('takes the first of several unmarked units as lead', () => {
    const r = read('请发改局、财政局、教育局按职责分工抓好落实。');
    expect([r.lead, r.co]).toEqual(['县发展和改革局', ['县财政局', '县教育局']]);
  });

  it('resolves aliases, longest match first', () => {
    expect(read('请县自然资源和规划局牵头办理。').lead).toBe('县自然资源局');
    expect(read('请教体局牵头办理。').lead).toBe('县教育局');
    expect(read('请交通运输局阅处。').lead).toBe('县交通运输局');
    expect(read('请县住房和城乡建设局牵头办理。').lead).toBe('县住房和城乡建设局');
    const nested = {
      units: [
        { name: '县城管局', aliases: ['城管局'] },
        { name: '县城管局执法大队', aliases: ['执法大队'] },
      ],
    };
    const r = readInstruction('请县城管局执法大队牵头，城管局配合。', {
      directory: nested,
      issued: '2026-09-15',
      calendar,
    });
    expect([r.lead, r.co]).toEqual(['县城管局执法大队', ['县城管局']]);
  });

  it('does not resolve 各相关单位 / 各乡镇 / 有关部门', () => {
    const r = read('请财政局牵头，各相关单位、各乡镇配合，会同有关部门做好预算编制。');
    expect([r.lead, r.co, r.unknown_units]).toEqual(['县财政局', [], []]);
    expect(read('各有关部门要按照职责分工做好安全保障。')).toMatchObject({ lead: null, co: [] });
  });

  it('leaves the lead empty when it is not in the directory, and names it', () => {
    const r = read('县公安局牵头，县交通局配合，开展电动车专项整治。');
    expect(r).toMatchObject({ lead: null, co: ['县交通运输局'], unknown_units: ['县公安局'] });
  });

  it('tells a place from an assignee', () => {
    const r = read('请卫健局核实网民反映的城关镇卫生院排队问题。');
    expect([r.lead, r.co]).toEqual(['县卫生健康局', []]);
    expect(read('请住建局对城关镇辖区内的危房逐户排查。').co).toEqual([]);
    expect(read('请城关镇办理，县财政局给予资金支持。').lead).toBe('城关镇人民政府');
  });

  it('ignores units and dates inside 《》 titles', () => {
    const r = read('《关于城关镇春节前后保供稳价的通知》已印发，请发改局落实。', '2026-01-05');
    expect([r.lead, r.co, r.deadline]).toEqual(['县发展和改革局', [], null]);
  });
});

describe('deadlines', () => {
  it('counts working days, Arabic or Chinese numerals, full width too', () => {
    expect(read('请交通局十五个工作日内报送。').deadline).toBe('2026-10-12');
    expect(read('请交通局１５个工作日内报送。').deadline).toBe('2026-10-12');
    expect(read('请教育局10个工作日内报送。', '2026-02-10').deadline).toBe('2026-03-02');
  });

  it('reads stated dates and rolls a passed date into next year', () => {
    expect(read('请财政局11月30日前报送。').deadline).toBe('2026-11-30');
    expect(read('请财政局1月15日前报送。', '2026-12-10').deadline).toBe('2027-01-15');
    expect(read('请财政局2027年6月30日前完成。').deadline).toBe('2027-06-30');
    expect(read('请财政局本月底前报送。').deadline).toBe('2026-09-30');
    expect(read('请财政局年底前完成。').deadline).toBe('2026-12-31');
    expect(read('请财政局上半年完成。', '2026-01-12').deadline).toBe('2026-06-30');
    expect(read('请财政局二季度末前完成。', '2026-04-12').deadline).toBe('2026-06-30');
    expect(read('请财政局本周内报送。', '2026-09-15').deadline).toBe('2026-09-18');
  });

  it('keeps a stated date on a day off but says so', () => {
    const r = read('请交通局10月1日前完成。');
    expect(r.deadline).toBe('2026-10-01');
    expect(r.deadline_basis).toContain('国庆节，非工作日');
  });

  it('moves counted calendar days off a holiday', () => {
    const r = read('请交通局7天内报送。', '2026-09-25');
    expect(r.deadline).toBe('2026-10-08');
    expect(r.deadline_basis).toContain('顺延至2026-10-08');
  });

  it('reads 立即 as the next working day, and only without a date', () => {
    expect(read('请交通局立即组织排查。', '2026-09-30')).toMatchObject({ deadline: '2026-10-08' });
    expect(read('请交通局立即组织排查，10月20日前报结果。', '2026-09-30').deadline).toBe('2026-10-20');
  });

  it('reads 长期 / 持续 as a long-term item without a date', () => {
    expect(read('请卫健局持续做好传染病防控。')).toMatchObject({
      deadline: null,
      deadline_basis: '长期事项',
    });
    expect(read('请住建局解决长期存在的积水问题。').deadline_basis).toBeNull();
  });

  it('takes the earliest of conflicting deadlines and says so', () => {
    const r = read('请住建局10个工作日内完成排查，9月30日前完成方案。', '2026-08-20');
    expect(r.deadline).toBe('2026-09-03');
    expect(r.deadline_basis).toContain('另有时限“9月30日前”，取最早');
  });

  it('returns null without a deadline phrase, and ignores periodic and signature dates', () => {
    expect(read('请住建局尽快研究处理。')).toMatchObject({ deadline: null, deadline_basis: null });
    expect(read('请住建局每月5日前报送进展。').deadline).toBeNull();
    expect(read('请住建局研处。——张志强 5月18日').deadline).toBeNull();
  });

  it('does not guess a day the month does not have', () => {
    expect(read('请住建局2月30日前完成。', '2026-01-05')).toMatchObject({
      deadline: null,
      deadline_basis: null,
    });
    expect(read('请住建局下月31日前完成。', '2026-10-05').deadline).toBeNull();
  });

  it('resolves 春节前 / 国庆节前 from the holiday schedule', () => {
    expect(read('请住建局春节前完成欠薪排查。', '2026-01-20').deadline).toBe('2026-02-14');
    expect(read('请住建局国庆节前完成。', '2026-09-01').deadline).toBe('2026-09-30');
    const unpublished = read('请住建局春节前完成。', '2026-12-01');
    expect(unpublished).toMatchObject({ deadline: '2027-02-04', deadline_provisional: true });
    expect(unpublished.deadline_basis).toContain('未公布');
  });

  it('flags a counted deadline that reaches an unpublished year', () => {
    expect(read('请住建局15个工作日内完成。', '2026-12-20').deadline_provisional).toBe(true);
    expect(read('请住建局15个工作日内完成。').deadline_provisional).toBe(false);
  });
});

describe('source', () => {
  it('orders the rules from the most specific channel', () => {
    expect(readSource('县人大代表王明提出的建议，交住建局办理。')).toBe('npc_cppcc');
    expect(readSource('县政府工作报告任务：新建学校一所。')).toBe('work_report');
    expect(readSource('县政府第12次常务会议议定：…')).toBe('county_meeting');
    expect(readSource('市政府第36次常务会议要求…')).toBe('superior_decision');
    expect(readSource('李县长批示：按照省政府部署，请住建局落实。')).toBe('leader_instruction');
    expect(readSource('贯彻落实党中央、国务院决策部署。')).toBe('central_policy');
    expect(readSource('县市场监管局开展检查。')).toBe('other');
    expect(readSource('请住建局研究处理。')).toBe('leader_instruction');
    expect(readSource('各相关单位做好安全保障工作。')).toBe('other');
  });
});

describe('title', () => {
  it('strips the preamble, units and deadline', () => {
    const r = read(
      '李建国县长批示：请县住建局牵头，会同县自然资源局，于11月30日前完成老旧小区改造项目摸底，报县政府督查室。',
    );
    expect(r.title).toBe('老旧小区改造项目摸底');
  });

  it('is empty only for empty text', () => {
    expect(read('   ')).toMatchObject({ title: '', lead: null, co: [], deadline: null, source: 'other' });
    expect(read('请住建局阅办。').title.length).toBeGreaterThan(0);
    expect(read('李建国县长批示：请').title).toBe('李建国县长批示：请');
  });
});
