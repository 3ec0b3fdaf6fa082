import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar/index.ts';
import {
  delegationEndsAt,
  planDelegation,
  readDelegationCommand,
  readDelegationEnd,
  splitDelegation,
} from '../../src/domain/delegation.ts';
import { type Actor, allowedActions, decide, type ItemFacts } from '../../src/domain/lifecycle/index.ts';

const calendar = createCalendar();
const item: ItemFacts = {
  state: 'issued',
  leadUnitId: 1,
  coUnitIds: [2],
  assigningLeader: null,
  createdBy: 'ou_office',
  version: 1,
};
const deputy: Actor = { openId: 'ou_dep', roles: ['unit_head'], unitIds: [9], leaderOfUnitIds: [] };
const standingIn: Actor = { ...deputy, standIns: [{ for: 'ou_head', roles: ['unit_head'], unitIds: [1] }] };

describe('the lifecycle with a lent place (委托)', () => {
  it('lets a deputy do what the delegator may there, naming whom they acted for', () => {
    expect(decide(item, deputy, { type: 'accept' }).ok).toBe(false);
    const done = decide(item, standingIn, { type: 'accept' });
    expect(done.ok && done.value).toMatchObject({ to: 'in_progress', onBehalfOf: 'ou_head' });
    // A lead-unit report before 签收 implies 签收 for the deputy too.
    const report = decide(item, standingIn, { type: 'report', text: '已开展' });
    expect(report.ok && report.value).toMatchObject({ implied: ['accept'], onBehalfOf: 'ou_head' });
    expect(allowedActions(item, standingIn)).toContain('decline');
    // Nothing beyond the place: office actions stay the office's.
    expect(decide(item, standingIn, { type: 'urge' }).ok).toBe(false);
  });

  it("prefers the actor's own place: a member acting in their own unit acts for nobody", () => {
    const own: Actor = { ...standingIn, unitIds: [1] };
    const done = decide(item, own, { type: 'accept' });
    expect(done.ok && done.value.onBehalfOf).toBeNull();
  });
});

describe('who may delegate to whom', () => {
  const head = { openId: 'ou_head', roles: ['unit_head'] as const, headOf: [1] };
  const officer = { openId: 'ou_off', roles: ['office'] as const, headOf: [] };
  const colleague = { openId: 'ou_col', roles: ['office'] as const, unitIds: [] };
  const outsider = { openId: 'ou_out', roles: ['liaison'] as const, unitIds: [7] };

  it('a head to anyone in the directory (flagged when outside the unit); the office to the office only', () => {
    expect(planDelegation(head, outsider, '2026-12-10', '2026-12-01')).toEqual({
      ok: true,
      value: { places: [{ scope: 'unit', unitId: 1 }], outsideUnit: true },
    });
    expect(planDelegation(officer, colleague, '2026-12-10', '2026-12-01')).toMatchObject({
      ok: true,
      value: { places: [{ scope: 'office' }] },
    });
    expect(planDelegation(officer, outsider, '2026-12-10', '2026-12-01')).toMatchObject({ ok: false });
    expect(
      planDelegation({ ...head, headOf: [], roles: ['liaison'] }, outsider, '2026-12-10', '2026-12-01'),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('refuses a stranger, oneself, a past date and a period past 90 days', () => {
    expect(planDelegation(head, null, '2026-12-10', '2026-12-01')).toMatchObject({ ok: false });
    expect(
      planDelegation(head, { ...outsider, openId: 'ou_head' }, '2026-12-10', '2026-12-01'),
    ).toMatchObject({
      ok: false,
    });
    expect(planDelegation(head, outsider, '2026-11-30', '2026-12-01')).toMatchObject({ ok: false });
    expect(planDelegation(head, outsider, '2027-03-10', '2026-12-01')).toMatchObject({ ok: false });
  });

  it('ends at office-hours start of the first working day after the last day named', () => {
    // Friday 2026-12-04 → Monday 12-07 09:00 Beijing; the day before National Day → 10-08 (1–7 October off).
    expect(delegationEndsAt('2026-12-04', calendar, '09:00').toISOString()).toBe('2026-12-07T01:00:00.000Z');
    expect(delegationEndsAt('2026-09-30', calendar, '08:30').toISOString()).toBe('2026-10-08T00:30:00.000Z');
  });
});

describe('委托 in chat', () => {
  it('reads the card, the cancel, and the deputy and period from names the bot knows', () => {
    expect(readDelegationCommand('委托')).toEqual({ kind: 'card' });
    expect(readDelegationCommand('取消委托')).toEqual({ kind: 'cancel' });
    expect(readDelegationCommand('请县住建局牵头')).toBeNull();
    const c = readDelegationCommand('委托 @钱文 至 12月20日 请假');
    expect(c).toEqual({ kind: 'delegate', rest: '@钱文 至 12月20日 请假' });
    expect(splitDelegation('@钱文 至 12月20日 请假', ['钱', '钱文'])).toEqual({
      deputy: '钱文',
      until: '至 12月20日',
      reason: '请假',
    });
    // 委托书已收到 names nobody known: not a delegation.
    expect(splitDelegation('书已收到', ['钱文'])).toBeNull();
  });

  it('reads the end as instructions read deadlines, counted days as working days', () => {
    expect(readDelegationEnd('至12月20日', '2026-12-02', calendar)).toBe('2026-12-20');
    expect(readDelegationEnd('到下周五', '2026-12-02', calendar)).toBe('2026-12-11');
    expect(readDelegationEnd('3个工作日', '2026-12-02', calendar)).toBe('2026-12-07');
    expect(readDelegationEnd('', '2026-12-02', calendar)).toBeNull();
    expect(readDelegationEnd('回来再说', '2026-12-02', calendar)).toBeNull();
  });
});
