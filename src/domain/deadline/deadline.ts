/**
 * §五 办理时限: default deadlines per kind of item, counted in working days from the 交办 date,
 * unless the instruction names its own date.
 */
import { type Failure, fail, ok, type Result } from '../../lib/result.ts';
import type { Calendar } from '../calendar/calendar.ts';
import { addMonths, type IsoDate, parseDate } from '../calendar/date.ts';
import { type ItemKind, KIND_LABELS, type Source } from '../item.ts';

export type DeadlinePolicy = {
  /** 县政府办公室(含督查室)自办件. The seed text's "2023个工作日" is garbled; 10 is the working assumption. */
  office: number;
  /** 转交一个单位办理. */
  forwarded: number;
  /** 多个单位协办. */
  co_handled: number;
  /** 人大代表建议、政协委员提案: "按有关规定", commonly 3 months from 交办. */
  npc_cppcc: { months: number };
};

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = {
  office: 10,
  forwarded: 15,
  co_handled: 25,
  npc_cppcc: { months: 3 },
};

/**
 * How a deadline was counted, kept with the item: a new calendar (a holiday notice, an override)
 * recounts it the same way, and a change of the tenant's policy never moves an issued item.
 * - `workdays`: the `days`-th working day after `from` (N个工作日内, the §五 defaults);
 * - `on_or_next_workday`: `date`, or the next working day when it is a day off (7日内, 3个月内).
 */
export type DeadlineRule =
  | { count: 'workdays'; from: IsoDate; days: number; label?: string }
  | { count: 'on_or_next_workday'; from: IsoDate; date: IsoDate; label?: string };

export type Deadline = {
  date: IsoDate;
  /** Short Chinese explanation shown on cards, e.g. "转办件，15个工作日（自2026-09-15起算）". */
  basis: string;
  /** True when the date relies on a year whose holiday schedule is not yet published. */
  provisional: boolean;
  /** How it was counted; null for a date the leader or the office fixed. */
  rule: DeadlineRule | null;
};

export type DeadlineInput = {
  issued: IsoDate;
  kind: ItemKind;
  /** A date fixed by the leader or the office: it wins over any rule. */
  explicit?: string | null;
  /** A counted deadline (the reader's, or the rule an issued item was counted by). */
  rule?: DeadlineRule | null;
  policy: DeadlinePolicy;
  calendar: Calendar;
};

const isIso = (v: unknown): v is IsoDate => typeof v === 'string' && parseDate(v).ok;

/** A rule read back from the database; null for anything malformed (the item then counts as fixed). */
export function parseDeadlineRule(value: unknown): DeadlineRule | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const label = typeof v.label === 'string' ? { label: v.label } : {};
  if (v.count === 'workdays' && isIso(v.from) && isCount(v.days, 250))
    return { count: 'workdays', from: v.from, days: v.days, ...label };
  if (v.count === 'on_or_next_workday' && isIso(v.from) && isIso(v.date))
    return { count: 'on_or_next_workday', from: v.from, date: v.date, ...label };
  return null;
}

/** Applies a counting rule with `calendar`; the basis says how. */
export function countDeadline(rule: DeadlineRule, calendar: Calendar): Deadline {
  const label = rule.label ?? '领导指示';
  if (rule.count === 'workdays') {
    const due = calendar.addWorkdays(rule.from, rule.days);
    const note = due.provisional ? '；节假日安排未公布，暂按预计假日推算' : '';
    return {
      date: due.date,
      basis: `${label}，${rule.days}个工作日（自${rule.from}起算${note}）`,
      provisional: due.provisional,
      rule,
    };
  }
  const due = calendar.onOrNextWorkday(rule.date);
  const moved = due.date === rule.date ? '' : `；${rule.date}非工作日，顺延至${due.date}`;
  return {
    date: due.date,
    basis: `${label}（自${rule.from}起算${moved}）`,
    provisional: due.provisional,
    rule,
  };
}

const isCount = (n: unknown, max: number): n is number =>
  Number.isInteger(n) && Number(n) >= 1 && Number(n) <= max;

/** Validates a policy from configuration; the values are working days (months for 建议提案). */
export function checkDeadlinePolicy(
  policy: DeadlinePolicy,
): Result<DeadlinePolicy, Failure<'invalid_policy'>> {
  for (const key of ['office', 'forwarded', 'co_handled'] as const) {
    if (!isCount(policy[key], 250)) return fail('invalid_policy', `${key} 应为 1–250 之间的工作日数`);
  }
  // The regulations: a reply no later than 6 months after 交办.
  if (!isCount(policy.npc_cppcc.months, 6))
    return fail('invalid_policy', 'npc_cppcc.months 应为 1–6 之间的月数');
  return ok(policy);
}

/** Which §五 rule applies: 建议提案 by source, otherwise by how many units handle the item. */
export function suggestKind(input: {
  source: Source | null;
  lead: string | null;
  co: readonly string[];
}): ItemKind {
  if (input.source === 'npc_cppcc') return 'npc_cppcc';
  if (input.co.length > 0) return 'co_handled';
  if (input.lead !== null) return 'forwarded';
  return 'office';
}

export function computeDeadline(input: DeadlineInput): Result<Deadline, Failure<'invalid_date'>> {
  const issued = parseDate(input.issued);
  if (!issued.ok) return issued;
  const { kind, policy, calendar } = input;

  if (input.explicit) {
    const explicit = parseDate(input.explicit);
    if (!explicit.ok) return explicit;
    const info = calendar.dayInfo(explicit.value);
    const note = info.workday ? '' : `（该日为${info.name ?? '休息日'}，非工作日）`;
    return ok({
      date: explicit.value,
      basis: `领导明确时限：${explicit.value}前${note}`,
      provisional: false,
      rule: null,
    });
  }
  if (input.rule) return ok(countDeadline(input.rule, calendar));

  const label = KIND_LABELS[kind];
  if (kind === 'npc_cppcc') {
    const { months } = policy.npc_cppcc;
    const date = addMonths(issued.value, months);
    return ok(
      countDeadline(
        { count: 'on_or_next_workday', from: issued.value, date, label: `${label}，${months}个月` },
        calendar,
      ),
    );
  }
  return ok(countDeadline({ count: 'workdays', from: issued.value, days: policy[kind], label }, calendar));
}
