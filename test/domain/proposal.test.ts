import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar/index.ts';
import { computeDeadline, DEFAULT_DEADLINE_POLICY } from '../../src/domain/deadline/index.ts';
import type { Actor, ItemFacts, ProposalFacts } from '../../src/domain/lifecycle/index.ts';
import { decide } from '../../src/domain/lifecycle/index.ts';
import {
  adjustLastDay,
  followupDue,
  latestReplyDate,
  opinionReminder,
  opinionsDueOn,
  parseAnswerCategory,
  parseCategory,
  proposalFullNumber,
  proposalNumber,
  stageFor,
} from '../../src/domain/proposal.ts';
import { TenantSettingsSchema } from '../../src/domain/settings.ts';

const calendar = createCalendar();
const limits = { opinionMonths: 1, adjustWorkdays: 5 };
const actor = (over: Partial<Actor>): Actor => ({
  openId: 'ou_x',
  roles: [],
  unitIds: [],
  leaderOfUnitIds: [],
  ...over,
});
const office = actor({ roles: ['office'] });
const lead = actor({ roles: ['unit_head'], unitIds: [1] });
const co = actor({ roles: ['liaison'], unitIds: [2] });
const ready: ProposalFacts = { contacted: true, adjustOpen: true, replyFileId: 7, rated: false };
const facts = (state: ItemFacts['state'], proposal: Partial<ProposalFacts> | null = {}): ItemFacts => ({
  state,
  leadUnitId: 1,
  coUnitIds: [2],
  assigningLeader: null,
  createdBy: 'ou_office',
  version: 4,
  ...(proposal ? { proposal: { ...ready, ...proposal } } : {}),
});
const reply = { type: 'reply', category: 'B', summary: '列入计划', followupOn: '2027-03-31' } as const;

describe('numbers and words', () => {
  it('formats 第N号建议 / 第N号提案 and reads categories and A/B/C', () => {
    expect(proposalNumber('npc_suggestion', 12)).toBe('第12号建议');
    expect(proposalFullNumber(2027, 'cppcc_proposal', 3)).toBe('2027年第3号提案');
    expect(parseCategory('人大代表建议')).toBe('npc_suggestion');
    expect(parseCategory('政协提案')).toBe('cppcc_proposal');
    expect(parseCategory('其他')).toBeNull();
    expect(parseAnswerCategory('Ｂ类')).toBe('B');
    expect(parseAnswerCategory('a')).toBe('A');
    expect(parseAnswerCategory('D')).toBeNull();
  });

  it('puts the stage after the state and the last rating', () => {
    expect(stageFor('reassigning', null)).toBe('adjusting');
    expect(stageFor('submitted', null)).toBe('checking');
    expect(stageFor('completed', null)).toBe('replied');
    expect(stageFor('completed', 'basically')).toBe('closed');
    expect(stageFor('completed', 'unsatisfied')).toBe('replied');
    expect(stageFor('in_progress', 'unsatisfied')).toBe('handling');
  });
});

describe('time limits across the 2026 and 2027 holidays', () => {
  it('申请调整 within 5 working days of 交办: 国庆 (10-01..07) is skipped, its 调休 Saturday counts', () => {
    expect(adjustLastDay('2026-09-28', limits, calendar)).toBe('2026-10-10');
    expect(adjustLastDay('2026-09-08', limits, calendar)).toBe('2026-09-15');
  });

  it('会办意见 in 1 month, moved off a holiday to the next working day', () => {
    expect(opinionsDueOn('2026-09-03', limits, calendar)).toBe('2026-10-08');
    expect(opinionsDueOn('2026-09-28', limits, calendar)).toBe('2026-10-28');
  });

  it('the reply in 3 months; one falling in 春节 2027 moves past it (provisional until published)', () => {
    const r = computeDeadline({
      issued: '2026-11-05',
      kind: 'npc_cppcc',
      policy: DEFAULT_DEADLINE_POLICY,
      calendar,
    });
    expect(r.ok && r.value).toMatchObject({ date: '2027-02-15', provisional: true });
  });

  it('the reply limit is at most 6 months as a setting', () => {
    expect(
      TenantSettingsSchema.safeParse({
        deadlines: { office: 10, forwarded: 15, co_handled: 25, npc_cppcc: { months: 6 } },
      }).success,
    ).toBe(true);
    expect(
      TenantSettingsSchema.safeParse({
        deadlines: { office: 10, forwarded: 15, co_handled: 25, npc_cppcc: { months: 7 } },
      }).success,
    ).toBe(false);
    expect(TenantSettingsSchema.parse({}).proposals).toEqual({
      opinionMonths: 1,
      adjustWorkdays: 5,
      adjustDecisionWorkdays: 5,
    });
  });

  it('the outer limit for a reply is 6 months, off a day off', () => {
    expect(latestReplyDate('2026-09-28', calendar)).toBe('2027-03-29');
  });

  it('会办 reminders on working days only: before, on and after the due day', () => {
    expect(opinionReminder('2026-10-22', '2026-10-28', [3, 1], calendar)).toBeNull();
    expect(opinionReminder('2026-10-23', '2026-10-28', [3, 1], calendar)).toBe('before');
    expect(opinionReminder('2026-10-24', '2026-10-28', [3, 1], calendar)).toBeNull();
    expect(opinionReminder('2026-10-28', '2026-10-28', [3, 1], calendar)).toBe('due');
    expect(opinionReminder('2026-10-29', '2026-10-28', [3, 1], calendar)).toBe('overdue');
    // A follow-up day in 国庆 is checked on the first working day after it.
    expect(followupDue('2026-10-05', '2026-10-03', calendar)).toBe(false);
    expect(followupDue('2026-10-08', '2026-10-03', calendar)).toBe(true);
  });
});

describe('the 建议提案 steps on the shared state machine', () => {
  it('refuses a reply before contact, without a 答复函, and a plain 报结', () => {
    const noContact = decide(facts('in_progress', { contacted: false }), lead, reply);
    expect(!noContact.ok && noContact.error.message).toContain('沟通');
    const noFile = decide(facts('in_progress', { replyFileId: null }), lead, reply);
    expect(!noFile.ok && noFile.error.message).toContain('答复函');
    const submit = decide(facts('in_progress'), lead, { type: 'submit', text: '已办' });
    expect(!submit.ok && submit.error.message).toContain('提交答复');
    expect(decide(facts('in_progress'), lead, reply)).toMatchObject({ ok: true, value: { to: 'submitted' } });
  });

  it('B needs its follow-up date; 不满意 needs a 重办 date and goes back to 办理中', () => {
    const noDate = decide(facts('in_progress'), lead, { type: 'reply', category: 'B', summary: '列入计划' });
    expect(!noDate.ok && noDate.error.message).toContain('跟踪落实日期');
    const redo = decide(facts('completed'), office, {
      type: 'rate',
      satisfaction: 'unsatisfied',
      date: '2027-01-20',
    });
    expect(redo).toMatchObject({ ok: true, value: { to: 'in_progress', event: 'rate' } });
    const noRedoDate = decide(facts('completed'), office, { type: 'rate', satisfaction: 'unsatisfied' });
    expect(noRedoDate.ok).toBe(false);
    expect(decide(facts('completed'), office, { type: 'rate', satisfaction: 'satisfied' })).toMatchObject({
      ok: true,
      value: { to: 'completed' },
    });
    expect(
      decide(facts('completed', { rated: true }), office, { type: 'rate', satisfaction: 'satisfied' }).ok,
    ).toBe(false);
  });

  it('keeps the wrong person out: co-units only send opinions, only the office rates or refuses an adjustment', () => {
    expect(decide(facts('in_progress'), co, reply).ok).toBe(false);
    expect(decide(facts('in_progress'), co, { type: 'send_opinion', text: '同意' }).ok).toBe(true);
    expect(decide(facts('in_progress'), lead, { type: 'send_opinion', text: '同意' }).ok).toBe(false);
    expect(decide(facts('completed'), lead, { type: 'rate', satisfaction: 'satisfied' }).ok).toBe(false);
    expect(decide(facts('reassigning'), lead, { type: 'keep_lead', reason: '不同意' }).ok).toBe(false);
    expect(decide(facts('reassigning'), office, { type: 'keep_lead', reason: '请继续办理' })).toMatchObject({
      ok: true,
      value: { to: 'issued' },
    });
  });

  it('申请调整 only within its working days; proposal steps only on a 建议提案', () => {
    const late = decide(facts('issued', { adjustOpen: false }), lead, {
      type: 'decline',
      reason: '非本单位职责',
    });
    expect(!late.ok && late.error.message).toContain('申请调整的时限');
    expect(decide(facts('issued'), lead, { type: 'decline', reason: '非本单位职责' }).ok).toBe(true);
    const other = decide(facts('in_progress', null), co, { type: 'send_opinion', text: '同意' });
    expect(!other.ok && other.error.message).toContain('仅适用于建议提案');
  });
});
