import { describe, expect, it } from 'vitest';
import {
  buildDraftCard,
  buildNoticeCard,
  CardActionSchema,
  cardBytes,
  type DraftCardInput,
} from '../../cards/index.ts';
import { chars, makeItem, NASTY, UNITS } from './fixtures.ts';
import { buttonLabels, buttonsOf, expectValid, fieldNames, markdownOf } from './helpers.ts';

const draftInput = (over: Partial<DraftCardInput> = {}): DraftCardInput => ({
  id: 40,
  version: 1,
  state: 'draft',
  instruction: '请住建局牵头，11月30日前完成老旧小区改造摸底。',
  from: { name: '李建国' },
  receivedAt: '2026-11-02 10:12',
  proposal: {
    title: '老旧小区改造摸底',
    leadUnitId: 2,
    coUnitIds: [3],
    kind: 'forwarded',
    deadline: '2026-11-30',
    source: 'leader_instruction',
    priority: 'normal',
  },
  units: UNITS,
  kindDeadlines: {
    office: '10个工作日',
    forwarded: '15个工作日',
    co_handled: '25个工作日',
    npc_cppcc: '3个月',
  },
  ...over,
});

describe('the notice card (督查通知单)', () => {
  it('offers 签收 and 申请改派 on an issued item, nothing else yet', () => {
    const card = expectValid(buildNoticeCard({ item: makeItem({ state: 'issued' }) }));
    expect(buttonLabels(card)).toEqual(['签收', '申请改派', '查看办理记录']);
    expect(card.header?.template).toBe('blue');
    expect(card.header?.title.content).toBe('督查通知单：防汛物资检查');
  });

  it('has no 签收 once accepted, and offers the handling buttons', () => {
    const card = expectValid(buildNoticeCard({ item: makeItem({ state: 'in_progress' }) }));
    expect(buttonLabels(card)).toEqual(['反馈进展', '报结', '申请延期', '申请协调', '查看办理记录']);
    expect(fieldNames(card)).toEqual(['text', 'date']);
    expect(card.header?.template).toBe('wathet');
  });

  it('hides 申请延期 while one is pending, and shows the request', () => {
    const item = makeItem({
      state: 'in_progress',
      pendingExtension: { date: '2026-07-15', reason: '汛期提前', by: '李四' },
    });
    const card = expectValid(buildNoticeCard({ item }));
    expect(buttonLabels(card)).not.toContain('申请延期');
    expect(fieldNames(card)).toEqual(['text']);
    expect(markdownOf(card)).toContain('延期申请（待审批）');
  });

  it('gives co-units only 反馈进展 and 申请协调', () => {
    const card = expectValid(buildNoticeCard({ item: makeItem({ state: 'in_progress' }), audience: 'co' }));
    expect(buttonLabels(card)).toEqual(['反馈进展', '申请协调', '查看办理记录']);
    expect(card.header?.title.content).toContain('协办');
    const issued = expectValid(buildNoticeCard({ item: makeItem({ state: 'issued' }), audience: 'co' }));
    expect(buttonLabels(issued)).not.toContain('签收');
  });

  it('shows no handling buttons once submitted or completed', () => {
    for (const state of ['submitted', 'completed', 'cancelled', 'reassigning'] as const) {
      const card = expectValid(buildNoticeCard({ item: makeItem({ state }) }));
      expect(buttonLabels(card)).toEqual(['查看办理记录']);
    }
    const done = buildNoticeCard({ item: makeItem({ state: 'completed' }) });
    expect(done.header?.template).toBe('green');
    expect(markdownOf(done)).toContain('该事项已办结');
  });

  it('marks a provisional deadline 暂定 and shows its basis', () => {
    const item = makeItem({ deadlineProvisional: true, deadlineBasis: '转办件，15个工作日' });
    const card = expectValid(buildNoticeCard({ item }));
    expect(markdownOf(card)).toContain('2026-07-01（暂定）');
    expect(markdownOf(card)).toContain('转办件，15个工作日');
    expect(card.header?.subtitle?.content).toContain('暂定');
  });

  it('tags the warning colour and priority', () => {
    const card = buildNoticeCard({
      item: makeItem({ state: 'in_progress', colour: 'red', priority: 'urgent' }),
    });
    expect(card.header?.text_tag_list?.map((t) => [t.text.content, t.color])).toEqual([
      ['办理中', 'wathet'],
      ['逾期', 'red'],
      ['紧急', 'red'],
    ]);
  });

  it('carries only {a, i, v} in its buttons', () => {
    const card = buildNoticeCard({ item: makeItem({ state: 'in_progress' }) });
    for (const { value } of buttonsOf(card)) {
      expect(Object.keys(value as object).sort()).toEqual(['a', 'i', 'v']);
      expect(CardActionSchema.safeParse(value).success).toBe(true);
    }
  });

  it('escapes the instruction and truncates it', () => {
    const card = expectValid(buildNoticeCard({ item: makeItem({ text: `${NASTY}${chars('长', 3000)}` }) }));
    const text = markdownOf(card);
    expect(text).not.toContain('<at');
    expect(text).toContain('全文见事项详情');
  });
});

describe('the draft card (拟办单)', () => {
  it('is an editable form with 交办 and 作废', () => {
    const card = expectValid(buildDraftCard(draftInput()));
    expect(fieldNames(card)).toEqual(['title', 'lead', 'co', 'kind', 'deadline', 'source', 'priority']);
    expect(buttonsOf(card).map((b) => [b.label, b.submit])).toEqual([
      ['交办', true],
      ['作废', false],
    ]);
    expect(markdownOf(card)).toContain('11月30日前');
  });

  it('says what the reader could not tell', () => {
    const input = draftInput({
      proposal: {
        title: null,
        leadUnitId: null,
        coUnitIds: [],
        kind: null,
        deadline: null,
        source: null,
        priority: 'normal',
      },
      notes: ['“县水务公司”不在单位名录中'],
    });
    const text = markdownOf(expectValid(buildDraftCard(input)));
    for (const hint of ['未识别到牵头单位，请选择', '未识别到事项来源，请选择', '未识别到办理类型，请选择']) {
      expect(text).toContain(hint);
    }
    expect(text).toContain('不在单位名录中');
  });

  it('turns read-only once issued or discarded', () => {
    const issued = expectValid(
      buildDraftCard(
        draftInput({
          state: 'issued',
          number: '督〔2026〕41号',
          outcome: { label: '交办', by: '周敏', at: '2026-11-02 11:00' },
        }),
      ),
    );
    expect(buttonLabels(issued)).toEqual([]);
    expect(fieldNames(issued)).toEqual([]);
    expect(markdownOf(issued)).toContain('督〔2026〕41号');
    const discarded = expectValid(buildDraftCard(draftInput({ state: 'discarded' })));
    expect(markdownOf(discarded)).toContain('已作废');
    expect(discarded.header?.template).toBe('grey');
  });

  it('fits a county directory of 120 units by shortening the quoted original', () => {
    const units = Array.from({ length: 120 }, (_, i) => ({ id: i + 1, name: `县乡村振兴发展服务中心${i}` }));
    const card = expectValid(buildDraftCard(draftInput({ units, instruction: chars('批', 5000) })));
    expect(cardBytes(card)).toBeLessThan(30 * 1024);
    expect(markdownOf(card)).toContain('原文较长，仅显示开头部分');
    const small = buildDraftCard(draftInput({ instruction: chars('批', 1000) }));
    expect(markdownOf(small)).toContain(chars('批', 1000));
  });

  it('asks for unit names instead of listing 300 units, prefilled with what was read', () => {
    const units = Array.from({ length: 300 }, (_, i) => ({
      id: i + 1,
      name: `县乡村振兴发展服务中心第${i}分中心`,
    }));
    const proposal = { leadUnitId: 3, coUnitIds: [5, 8] };
    const base = draftInput({ units, instruction: chars('批', 1500) });
    const card = expectValid(buildDraftCard({ ...base, proposal: { ...base.proposal, ...proposal } }));
    expect(fieldNames(card)).toEqual(expect.arrayContaining(['lead_name', 'co_names']));
    expect(fieldNames(card)).not.toContain('lead');
    const shown = JSON.stringify(card);
    expect(shown).toContain('"default_value":"县乡村振兴发展服务中心第2分中心"');
    expect(shown).toContain(
      '"default_value":"县乡村振兴发展服务中心第4分中心、县乡村振兴发展服务中心第7分中心"',
    );
    // The quoted original keeps its full length: the pickers were what did not fit.
    expect(markdownOf(card)).toContain(chars('批', 1500));
  });
});
