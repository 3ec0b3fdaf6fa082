import { describe, expect, it } from 'vitest';
import { buildDetailCard, buildNoticeCard } from '../../cards/index.ts';
import { buildRatingCard } from '../../cards/proposal-parts.ts';
import type { ProposalView } from '../../cards/types.ts';
import { makeItem, NASTY, UNITS } from './fixtures.ts';
import { buttonLabels, expectValid, fieldNames, markdownOf } from './helpers.ts';

const proposal = (over: Partial<ProposalView> = {}): ProposalView => ({
  year: 2026,
  category: 'npc_suggestion',
  seq: 12,
  proposers: '王敏、李强',
  delegation: '城关镇代表团',
  topic: '城乡建设',
  keyItem: true,
  stage: 'handling',
  opinionsDueOn: '2026-10-28',
  opinions: [
    { unit: UNITS[2] ?? { id: 3, name: '县财政局' }, text: null, at: null, by: null, fileName: null },
  ],
  contact: null,
  answer: null,
  satisfaction: null,
  redoCount: 0,
  adjustReason: null,
  facts: { contacted: false, adjustOpen: true, replyFileId: null, rated: false },
  ...over,
});
const item = (p: Partial<ProposalView> = {}, state: 'issued' | 'in_progress' | 'completed' = 'in_progress') =>
  makeItem({
    state,
    kind: 'npc_cppcc',
    source: 'npc_cppcc',
    coUnits: [UNITS[2] ?? { id: 3, name: '县财政局' }],
    proposal: proposal(p),
  });

describe('建议提案 on the notice card', () => {
  it('the 主办 unit sees the number, the silent co-unit, and only the contact form before contact; no 报结', () => {
    const card = expectValid(buildNoticeCard({ item: item() }));
    const text = markdownOf(card);
    expect(text).toContain('2026年第12号建议（重点）');
    expect(text).toContain('王敏、李强（城关镇代表团）');
    expect(text).toContain('尚未提交');
    expect(buttonLabels(card)).toContain('记录沟通情况');
    expect(buttonLabels(card)).not.toContain('提交答复');
    expect(buttonLabels(card)).not.toContain('报结');
  });

  it('offers 提交答复 with category, follow-up date and summary once contacted and the letter is in', () => {
    const card = expectValid(
      buildNoticeCard({
        item: item({
          facts: { contacted: true, adjustOpen: true, replyFileId: 9, rated: false },
          contact: { on: '2026-09-29', method: 'visit', note: NASTY },
          opinions: [
            {
              unit: { id: 3, name: '县财政局' },
              text: NASTY,
              at: '2026-10-02 09:00',
              by: '冯军',
              fileName: 'a.docx',
            },
          ],
        }),
      }),
    );
    expect(buttonLabels(card)).toContain('提交答复');
    expect(fieldNames(card)).toEqual(expect.arrayContaining(['answer', 'followup', 'reply_summary']));
    expect(markdownOf(card)).toContain('登门走访');
  });

  it('a co-unit gets the opinion form, not the opinions of others', () => {
    const card = expectValid(buildNoticeCard({ item: item(), audience: 'co' }));
    expect(buttonLabels(card)).toContain('提交会办意见');
    expect(markdownOf(card)).not.toContain('**会办意见**');
    expect(markdownOf(card)).toContain('2026-10-28');
  });

  it('offers 申请调整 rather than 申请改派 before 签收', () => {
    const card = expectValid(buildNoticeCard({ item: item({}, 'issued') }));
    expect(buttonLabels(card)).toContain('申请调整');
  });
});

describe('the detail and rating cards', () => {
  it('the detail card shows the reply and satisfaction; the rating card asks for it once', () => {
    const replied = item(
      {
        stage: 'replied',
        answer: { category: 'B', fileName: '答复函.docx', summary: '列入计划', followupOn: '2027-03-31' },
      },
      'completed',
    );
    const detail = expectValid(buildDetailCard({ item: replied, timeline: [] }));
    expect(markdownOf(detail)).toContain('B类（正在解决或列入计划解决）');
    expect(markdownOf(detail)).toContain('2027-03-31');
    const rating = expectValid(buildRatingCard(replied));
    expect(buttonLabels(rating)).toEqual(['记录满意度']);
    expect(fieldNames(rating)).toEqual(['satisfaction', 'date', 'text']);
    const done = expectValid(buildRatingCard(replied, '已记录满意度：满意。'));
    expect(buttonLabels(done)).toEqual([]);
  });
});
