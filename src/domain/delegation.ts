/**
 * 委托 (delegation): a unit head, or a member of the office, names a deputy for a period (请假, 出差).
 * Pure rules: who may name whom, when it ends, and how the chat command reads.
 */
import type { Failure, Result } from '../lib/result.ts';
import { fail, ok } from '../lib/result.ts';
import type { Calendar, IsoDate } from './calendar/index.ts';
import { addDays, beijingInstant } from './calendar/index.ts';
import { readInstruction } from './instruction/index.ts';
import type { Role } from './item.ts';

/** A leave or a trip, not a standing transfer of duties: that is a directory change. */
export const MAX_DELEGATION_DAYS = 90;
export const REASONS = ['请假', '出差', '休假', '学习培训', '其他'] as const;

export type Delegator = { openId: string; roles: readonly Role[]; headOf: readonly number[] };
export type Deputy = { openId: string; roles: readonly Role[]; unitIds: readonly number[] };
export type Place = { scope: 'unit'; unitId: number } | { scope: 'office' };
export type DelegationPlan = {
  places: Place[];
  /** A head's deputy from outside the unit: allowed (heads know who can cover), and said so to the office. */
  outsideUnit: boolean;
};

type Refusal = Failure<'FORBIDDEN' | 'INVALID_INPUT'>;

/**
 * What the delegation covers. A head lends their place as head of each unit they head, to anyone in
 * the directory; an office member lends theirs to another office member only (the office's work stays
 * with the office). Nobody else delegates: liaisons and leaders are not places the procedure hands on.
 */
export function planDelegation(
  delegator: Delegator,
  deputy: Deputy | null,
  endsOn: IsoDate,
  today: IsoDate,
): Result<DelegationPlan, Refusal> {
  const heads = delegator.headOf.length > 0;
  const office = delegator.roles.includes('office');
  if (!heads && !office) return fail('FORBIDDEN', '只有单位负责人或督查室工作人员可以委托他人代办');
  if (!deputy || deputy.roles.length === 0)
    return fail('INVALID_INPUT', '被委托人不在督查督办名录中，请先请督查室将其加入名录');
  if (deputy.openId === delegator.openId) return fail('INVALID_INPUT', '不能委托给自己');
  if (endsOn < today) return fail('INVALID_INPUT', `委托截止日期（${endsOn}）已过，请重新填写`);
  if (endsOn > addDays(today, MAX_DELEGATION_DAYS))
    return fail('INVALID_INPUT', `委托期限最长 ${MAX_DELEGATION_DAYS} 天；长期调整请修改名录`);
  const places: Place[] = delegator.headOf.map((unitId) => ({ scope: 'unit', unitId }));
  if (office && deputy.roles.includes('office')) places.push({ scope: 'office' });
  if (places.length === 0) return fail('FORBIDDEN', '督查室工作人员只能委托督查室其他工作人员代办');
  return ok({ places, outsideUnit: heads && !delegator.headOf.some((u) => deputy.unitIds.includes(u)) });
}

/**
 * When the delegation stops: the start of office hours on the first working day after the last day
 * named, so a weekend or a holiday after it stays covered and the delegator's first morning back is theirs.
 */
export function delegationEndsAt(endsOn: IsoDate, calendar: Calendar, officeStart: string): Date {
  return beijingInstant(calendar.nextWorkday(endsOn), officeStart);
}

export type DelegationCommand = { kind: 'card' } | { kind: 'cancel' } | { kind: 'delegate'; rest: string };

const CANCEL = /^(?:取消|结束|撤销|终止)委托$/;
const REASON = new RegExp(`(${REASONS.join('|')})`);

/** 委托 (the card), 取消委托, or 委托 … (the rest names the deputy and the end). Null when not about delegation. */
export function readDelegationCommand(text: string): DelegationCommand | null {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t === '委托' || t === '委托代办') return { kind: 'card' };
  if (CANCEL.test(t.replace(/\s/g, ''))) return { kind: 'cancel' };
  const m = /^委托(?:给)?\s*(\S.*)$/.exec(t);
  return m?.[1] ? { kind: 'delegate', rest: m[1] } : null;
}

export type DelegationWords = { deputy: string; until: string; reason: string };

/**
 * Splits 委托's rest into the deputy and the period: the deputy is the longest of `names` (the people
 * @-mentioned, else the directory's names) the rest starts with; null when it names nobody known
 * (委托书已收到 is not a delegation).
 */
export function splitDelegation(rest: string, names: readonly string[]): DelegationWords | null {
  const text = rest.replace(/^@/, '');
  const deputy = names
    .filter((n) => n !== '' && text.startsWith(n))
    .reduce<string | null>((a, b) => (a === null || b.length > a.length ? b : a), null);
  if (deputy === null) return null;
  const tail = text
    .slice(deputy.length)
    .replace(/^\s*(?:代办|代为办理)?\s*/, '')
    .trim();
  const reason = REASON.exec(tail)?.[1] ?? '';
  return { deputy, until: tail.replace(REASON, '').trim(), reason };
}

/**
 * The last day of the period, read as instructions read deadlines (12月20日, 下周五, 3个工作日, 节后第一个
 * 工作日 …), with or without 前 or 内: counted days are working days. Null when no date can be read.
 */
export function readDelegationEnd(until: string, today: IsoDate, calendar: Calendar): IsoDate | null {
  const phrase = until
    .replace(/^(?:至|到|直到|截至)\s*/, '')
    .replace(/[。！!，,]+$/, '')
    .trim();
  if (phrase === '') return null;
  for (const text of [phrase, `${phrase}前`, `${phrase}内`]) {
    const r = readInstruction(text, { directory: { units: [] }, issued: today, calendar });
    if (r.deadline) return r.deadline;
  }
  return null;
}
