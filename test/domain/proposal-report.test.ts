import { describe, expect, it } from 'vitest';
import type { ProposalReportRow } from '../../src/domain/proposal-report.ts';
import { repliedOnTime, tallyProposals, unitProgress } from '../../src/domain/proposal-report.ts';

const row = (over: Partial<ProposalReportRow>): ProposalReportRow => ({
  itemId: 1,
  year: 2026,
  category: 'npc_suggestion',
  seq: 1,
  title: 't',
  proposers: '',
  keyItem: false,
  state: 'in_progress',
  stage: 'handling',
  leadUnitId: 1,
  leadUnitName: '甲局',
  coUnitIds: [],
  coUnitNames: [],
  opinionUnitIds: [],
  deadline: '2026-06-10',
  repliedOn: null,
  answerCategory: null,
  followupOn: null,
  satisfaction: null,
  redoCount: 0,
  ...over,
});

const units = [
  { id: 1, name: '甲局' },
  { id: 2, name: '乙局' },
];

describe('建议提案 figures', () => {
  it('counts issued items only; replied means checked and sent; on time by the reply date', () => {
    const rows = [
      row({
        itemId: 1,
        stage: 'closed',
        state: 'completed',
        repliedOn: '2026-06-10',
        answerCategory: 'A',
        satisfaction: 'satisfied',
        coUnitIds: [2],
        coUnitNames: ['乙局'],
        opinionUnitIds: [2],
      }),
      row({ itemId: 2, stage: 'replied', state: 'completed', repliedOn: '2026-06-11', answerCategory: 'B' }),
      row({ itemId: 3, stage: 'checking', state: 'submitted', repliedOn: '2026-05-01', answerCategory: 'C' }),
      row({ itemId: 4, leadUnitId: 2, leadUnitName: '乙局', coUnitIds: [1], coUnitNames: ['甲局'] }),
      row({ itemId: 5, state: 'draft', stage: 'draft' }),
      row({ itemId: 6, state: 'cancelled', stage: 'cancelled' }),
    ];
    expect(rows.map(repliedOnTime)).toEqual([true, false, false, false, false, false]);
    const total = tallyProposals(rows);
    expect(total).toMatchObject({
      lead: 4,
      co: 2,
      replied: 2,
      onTime: 1,
      outstanding: 2,
      opinionsSent: 1,
      opinionsOwed: 1,
    });
    expect(total.answers).toEqual({ A: 1, B: 1, C: 0 });
    const [a, b] = unitProgress(rows, units);
    expect(a).toMatchObject({
      unitName: '甲局',
      lead: 3,
      co: 1,
      replied: 2,
      outstanding: 1,
      opinionsOwed: 1,
    });
    expect(b).toMatchObject({
      unitName: '乙局',
      lead: 1,
      co: 1,
      replied: 0,
      outstanding: 1,
      opinionsSent: 1,
    });
  });
});
