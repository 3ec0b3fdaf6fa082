import { describe, expect, it } from 'vitest';
import { ITEM_STATES, type ItemState } from '../../src/domain/item.ts';
import {
  type Actor,
  allowedActions,
  audienceActor,
  decide,
  ITEM_ACTIONS,
  type ItemAction,
  type ItemFacts,
  type LifecycleCommand,
  TRANSITIONS,
} from '../../src/domain/lifecycle/index.ts';

const actor = (over: Partial<Actor>): Actor => ({
  openId: 'ou_x',
  roles: [],
  unitIds: [],
  leaderOfUnitIds: [],
  ...over,
});
const office = actor({ openId: 'ou_office', roles: ['office'] });
const creator = actor({ openId: 'ou_creator', roles: ['leader'] });
const otherLeader = actor({ openId: 'ou_leader2', roles: ['leader'] });
const lead = actor({ openId: 'ou_lead', roles: ['unit_head'], unitIds: [1] });
const co = actor({ openId: 'ou_co', roles: ['liaison'], unitIds: [2] });
const stranger = actor({ openId: 'ou_other', roles: ['unit_head'], unitIds: [9] });
const leadLeader = actor({ openId: 'ou_lic', roles: ['leader'], leaderOfUnitIds: [1] });
const coLeader = actor({ openId: 'ou_lic2', roles: ['leader'], leaderOfUnitIds: [2] });

const facts = (state: ItemState, over: Partial<ItemFacts> = {}): ItemFacts => ({
  state,
  leadUnitId: 1,
  coUnitIds: [2, 3],
  assigningLeader: 'ou_creator',
  createdBy: 'ou_creator',
  version: 3,
  deadline: '2026-07-01',
  ...over,
});

/** A command with valid input for each action. */
const SAMPLE: Record<ItemAction, LifecycleCommand> = {
  issue: { type: 'issue' },
  discard: { type: 'discard' },
  accept: { type: 'accept' },
  report: { type: 'report', text: '已完成 12 个乡镇物资清点' },
  submit: { type: 'submit', text: '检查已全部完成' },
  request_extension: { type: 'request_extension', date: '2026-07-15', reason: '汛期提前' },
  request_coordination: { type: 'request_coordination', text: '需财政资金支持' },
  decline: { type: 'decline', reason: '不属于本单位职责' },
  approve: { type: 'approve' },
  return: { type: 'return', reason: '未附检查清单' },
  decide_extension: { type: 'decide_extension', approve: true },
  reassign: { type: 'reassign', leadUnitId: 4 },
  answer_coordination: { type: 'answer_coordination', answer: '请财政局予以支持' },
  urge: { type: 'urge' },
  supervise: { type: 'supervise' },
  cancel: { type: 'cancel', reason: '任务已调整' },
  keep_lead: { type: 'keep_lead', reason: '属于本单位职责' },
  send_opinion: { type: 'send_opinion', text: '同意主办单位意见' },
  record_contact: { type: 'record_contact', date: '2026-06-10', method: 'visit' },
  reply: { type: 'reply', category: 'A', summary: '已采纳' },
  rate: { type: 'rate', satisfaction: 'satisfied' },
};

describe('legal transitions', () => {
  const cases: Array<[string, ItemFacts, Actor, LifecycleCommand, ItemState, string]> = [
    ['office issues a draft', facts('draft'), office, SAMPLE.issue, 'issued', 'issue'],
    ['office discards a draft', facts('draft'), office, SAMPLE.discard, 'discarded', 'discard'],
    [
      'the leader who created it discards a draft',
      facts('draft'),
      creator,
      SAMPLE.discard,
      'discarded',
      'discard',
    ],
    ['lead unit accepts', facts('issued'), lead, SAMPLE.accept, 'in_progress', 'accept'],
    ['lead unit reports', facts('in_progress'), lead, SAMPLE.report, 'in_progress', 'report'],
    ['co-unit reports', facts('in_progress'), co, SAMPLE.report, 'in_progress', 'report'],
    ['lead unit adds to a submitted result', facts('submitted'), lead, SAMPLE.report, 'submitted', 'report'],
    ['lead unit submits', facts('in_progress'), lead, SAMPLE.submit, 'submitted', 'submit'],
    ['office approves', facts('submitted'), office, SAMPLE.approve, 'completed', 'approve'],
    ['office returns', facts('submitted'), office, SAMPLE.return, 'in_progress', 'return'],
    [
      'lead asks for an extension',
      facts('in_progress'),
      lead,
      SAMPLE.request_extension,
      'in_progress',
      'request_extension',
    ],
    [
      'office approves an extension',
      facts('in_progress', { pendingExtension: true }),
      office,
      SAMPLE.decide_extension,
      'in_progress',
      'extension_approved',
    ],
    [
      'office refuses an extension',
      facts('in_progress', { pendingExtension: true }),
      office,
      { type: 'decide_extension', approve: false, comment: '理由不充分' },
      'in_progress',
      'extension_refused',
    ],
    ['lead unit declines', facts('issued'), lead, SAMPLE.decline, 'reassigning', 'decline'],
    ['office reassigns after a decline', facts('reassigning'), office, SAMPLE.reassign, 'issued', 'reassign'],
    [
      'office reassigns an item in progress',
      facts('in_progress'),
      office,
      SAMPLE.reassign,
      'issued',
      'reassign',
    ],
    [
      'co-unit asks for coordination',
      facts('in_progress'),
      co,
      SAMPLE.request_coordination,
      'in_progress',
      'request_coordination',
    ],
    [
      'leader in charge answers',
      facts('in_progress', { pendingCoordination: true }),
      leadLeader,
      SAMPLE.answer_coordination,
      'in_progress',
      'coordination_answered',
    ],
    [
      'leader in charge sends it to a topic meeting',
      facts('in_progress', { pendingCoordination: true }),
      leadLeader,
      { type: 'answer_coordination', toTopicMeeting: true },
      'in_progress',
      'coordination_to_topic_meeting',
    ],
    [
      "the co-unit's leader answers the co-unit's request",
      facts('in_progress', { pendingCoordination: true, coordinationUnitId: 2 }),
      coLeader,
      SAMPLE.answer_coordination,
      'in_progress',
      'coordination_answered',
    ],
    ['office urges', facts('issued'), office, SAMPLE.urge, 'issued', 'urge'],
    ['office supervises', facts('in_progress'), office, SAMPLE.supervise, 'in_progress', 'supervise'],
  ];
  it.each(cases)('%s', (_name, item, who, command, to, event) => {
    const result = decide(item, who, command);
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ from: item.state, to, event }) });
  });

  it.each(['issued', 'in_progress', 'submitted', 'reassigning'] as const)(
    'office cancels from %s',
    (state) => {
      const result = decide(facts(state), office, SAMPLE.cancel);
      expect(result.ok && result.value.to).toBe('cancelled');
    },
  );

  it('a lead unit report before 签收 implies 签收', () => {
    const result = decide(facts('issued'), lead, SAMPLE.report);
    expect(result).toEqual({
      ok: true,
      value: { from: 'issued', to: 'in_progress', event: 'report', implied: ['accept'], onBehalfOf: null },
    });
  });

  it('a lead unit submit before 签收 implies 签收', () => {
    const result = decide(facts('issued'), lead, SAMPLE.submit);
    expect(result.ok && result.value).toMatchObject({ to: 'submitted', implied: ['accept'] });
  });

  it("a co-unit report before 签收 leaves the item waiting for the lead unit's 签收", () => {
    const result = decide(facts('issued'), co, SAMPLE.report);
    expect(result.ok && result.value).toMatchObject({ to: 'issued', implied: [] });
  });

  it('the leader in charge decides extensions when the tenant says so', () => {
    const item = facts('in_progress', { pendingExtension: true });
    expect(
      decide(item, leadLeader, SAMPLE.decide_extension, { extensionApprover: 'leader_in_charge' }).ok,
    ).toBe(true);
    expect(decide(item, office, SAMPLE.decide_extension, { extensionApprover: 'leader_in_charge' }).ok).toBe(
      true,
    );
    const refused = decide(item, leadLeader, SAMPLE.decide_extension);
    expect(refused).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: '只有督查室可以审批延期申请' },
    });
  });
});

describe('refusals', () => {
  const refusal = (item: ItemFacts, who: Actor, command: LifecycleCommand) => {
    const result = decide(item, who, command);
    if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
    return result.error;
  };

  it('wrong role: a unit cannot approve', () => {
    expect(refusal(facts('submitted'), lead, SAMPLE.approve)).toEqual({
      code: 'FORBIDDEN',
      message: '只有督查室可以办结事项',
    });
  });

  it('wrong unit: another unit cannot accept', () => {
    expect(refusal(facts('issued'), stranger, SAMPLE.accept)).toEqual({
      code: 'FORBIDDEN',
      message: '只有牵头单位可以签收事项',
    });
    expect(refusal(facts('in_progress'), stranger, SAMPLE.report).code).toBe('FORBIDDEN');
  });

  it('a co-unit cannot submit, accept or decline', () => {
    expect(refusal(facts('in_progress'), co, SAMPLE.submit)).toEqual({
      code: 'FORBIDDEN',
      message: '只有牵头单位可以报结',
    });
    expect(refusal(facts('issued'), co, SAMPLE.accept).code).toBe('FORBIDDEN');
    expect(refusal(facts('issued'), co, SAMPLE.decline).code).toBe('FORBIDDEN');
  });

  it('accepting twice is refused', () => {
    expect(refusal(facts('in_progress'), lead, SAMPLE.accept)).toEqual({
      code: 'ILLEGAL_TRANSITION',
      message: '该事项已签收，无需重复签收',
    });
  });

  it('wrong state: nothing happens to a completed item', () => {
    expect(refusal(facts('completed'), lead, SAMPLE.accept)).toEqual({
      code: 'ILLEGAL_TRANSITION',
      message: '该事项已办结，不能再签收',
    });
    for (const action of ITEM_ACTIONS) {
      expect(refusal(facts('completed'), office, SAMPLE[action]).code).toBe('ILLEGAL_TRANSITION');
    }
  });

  it('the office cannot approve before a result is submitted', () => {
    expect(refusal(facts('in_progress'), office, SAMPLE.approve).message).toBe('该事项尚未报结，不能办结');
  });

  it('only the office or the leader who made it may discard a draft', () => {
    expect(refusal(facts('draft'), otherLeader, SAMPLE.discard).code).toBe('FORBIDDEN');
    expect(refusal(facts('draft'), lead, SAMPLE.issue).code).toBe('FORBIDDEN');
    expect(refusal(facts('issued'), office, SAMPLE.discard).code).toBe('ILLEGAL_TRANSITION');
  });

  it('a stale card cannot approve a result it did not show', () => {
    expect(refusal(facts('submitted'), office, { ...SAMPLE.approve, version: 2 }).code).toBe('STALE');
    expect(decide(facts('submitted'), office, { ...SAMPLE.approve, version: 3 }).ok).toBe(true);
    // Additive actions still work from an older card.
    expect(decide(facts('in_progress'), lead, { ...SAMPLE.report, version: 1 }).ok).toBe(true);
  });

  it('pending requests', () => {
    expect(
      refusal(facts('in_progress', { pendingExtension: true }), lead, SAMPLE.request_extension).code,
    ).toBe('CONFLICT');
    expect(refusal(facts('in_progress'), office, SAMPLE.decide_extension)).toEqual({
      code: 'ILLEGAL_TRANSITION',
      message: '该事项没有待审批的延期申请',
    });
    expect(
      refusal(facts('in_progress', { pendingCoordination: true }), co, SAMPLE.request_coordination).code,
    ).toBe('CONFLICT');
    expect(refusal(facts('in_progress'), leadLeader, SAMPLE.answer_coordination).code).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(
      refusal(facts('in_progress', { pendingCoordination: true }), coLeader, SAMPLE.answer_coordination).code,
    ).toBe('FORBIDDEN');
  });

  it.each<[string, ItemFacts, Actor, LifecycleCommand, string]>([
    [
      'return without a reason',
      facts('submitted'),
      office,
      { type: 'return', reason: '  ' },
      '请填写退回重办的理由',
    ],
    [
      'decline without a reason',
      facts('issued'),
      lead,
      { type: 'decline', reason: '' },
      '请填写申请改派的理由',
    ],
    ['empty report', facts('in_progress'), lead, { type: 'report', text: '' }, '请填写办理进展'],
    [
      'extension not after the deadline',
      facts('in_progress'),
      lead,
      { type: 'request_extension', date: '2026-06-30', reason: '汛期' },
      '延期后的时限应晚于现办理时限（2026-07-01）',
    ],
    [
      'extension with a non-date',
      facts('in_progress'),
      lead,
      { type: 'request_extension', date: '2026-02-30', reason: '汛期' },
      '请选择延期后的办理时限',
    ],
    [
      'refusal without a reason',
      facts('in_progress', { pendingExtension: true }),
      office,
      { type: 'decide_extension', approve: false },
      '请填写不同意延期的理由',
    ],
    [
      'reassign to the same unit',
      facts('reassigning'),
      office,
      { type: 'reassign', leadUnitId: 1 },
      '新的牵头单位与原牵头单位相同，请重新选择',
    ],
    [
      'issue without a lead unit',
      facts('draft', { leadUnitId: null }),
      office,
      SAMPLE.issue,
      '请先选择牵头单位',
    ],
    [
      'cancel without a reason',
      facts('in_progress'),
      office,
      { type: 'cancel', reason: '' },
      '请填写撤销理由',
    ],
    [
      'an over-long reason',
      facts('submitted'),
      office,
      { type: 'return', reason: '长'.repeat(1001) },
      '内容过长，最多 1000 字',
    ],
  ])('invalid input: %s', (_name, item, who, command, message) => {
    expect(refusal(item, who, command)).toEqual({ code: 'INVALID_INPUT', message });
  });

  it('never throws, for any state, actor and action', () => {
    const everyone = [office, creator, otherLeader, lead, co, stranger, leadLeader, coLeader];
    for (const state of ITEM_STATES) {
      for (const who of everyone) {
        for (const action of ITEM_ACTIONS) {
          const result = decide(
            facts(state, { pendingExtension: true, pendingCoordination: true }),
            who,
            SAMPLE[action],
          );
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) expect(result.error.message).toMatch(/[\u4e00-\u9fff]/);
        }
      }
    }
  });
});

describe('allowedActions', () => {
  it('agrees with decide for valid input', () => {
    const everyone = [office, creator, lead, co, stranger, leadLeader];
    for (const state of ITEM_STATES) {
      for (const who of everyone) {
        const item = facts(state, {
          pendingExtension: state === 'submitted',
          pendingCoordination: state === 'issued',
        });
        const allowed = allowedActions(item, who);
        for (const action of ITEM_ACTIONS) {
          expect(decide(item, who, SAMPLE[action]).ok, `${state} ${who.openId} ${action}`).toBe(
            allowed.includes(action),
          );
        }
      }
    }
  });

  it('lists what the lead unit may do on an issued item', () => {
    expect(allowedActions(facts('issued'), lead)).toEqual([
      'accept',
      'report',
      'submit',
      'request_extension',
      'request_coordination',
      'decline',
    ]);
  });

  it('has no 签收 once accepted, and nothing once completed', () => {
    expect(allowedActions(facts('in_progress'), lead)).not.toContain('accept');
    expect(allowedActions(facts('in_progress'), co)).toEqual(['report', 'request_coordination']);
    expect(allowedActions(facts('completed'), office)).toEqual([]);
  });

  it('gives a shared card stand-in viewers', () => {
    const item = facts('submitted');
    expect(allowedActions(item, audienceActor(item, 'office'))).toEqual(['approve', 'return', 'cancel']);
    expect(allowedActions(item, audienceActor(item, 'lead_unit'))).toEqual(['report']);
  });

  it('the table covers every action', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ITEM_ACTIONS].sort());
  });
});
