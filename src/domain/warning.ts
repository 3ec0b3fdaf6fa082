import type { Calendar } from './calendar/index.ts';
import type { ItemState } from './item.ts';

export type WarningColour = 'green' | 'yellow' | 'red';
export type WarningThresholds = { yellowWithinWorkdays: number; quietWorkdays: number };

/**
 * §四.3 亮灯, counted in working days: red once the deadline has passed; yellow when few working
 * days are left or the units have been quiet too long; green otherwise. Only open items have a colour.
 */
export function warningColour(
  item: {
    state: ItemState;
    deadline: string | null;
    lastActivityOn: string | null;
    /** Beijing date of the result under review (state submitted). */
    submittedOn?: string | null;
  },
  today: string,
  calendar: Calendar,
  t: WarningThresholds,
): WarningColour | null {
  if (!['issued', 'in_progress', 'submitted', 'reassigning'].includes(item.state)) return null;
  // A result waiting for review is the office's move, not the unit's: judged by when it was
  // submitted (red only if that was late), and never yellow for silence.
  if (item.state === 'submitted' && item.submittedOn)
    return item.deadline && item.submittedOn > item.deadline ? 'red' : 'green';
  if (item.deadline && today > item.deadline) return 'red';
  if (item.state === 'submitted') return 'green';
  if (item.deadline && calendar.workdaysBetween(today, item.deadline) <= t.yellowWithinWorkdays)
    return 'yellow';
  if (item.lastActivityOn && calendar.workdaysBetween(item.lastActivityOn, today) >= t.quietWorkdays)
    return 'yellow';
  return 'green';
}

/** Working days past the deadline (0 when not overdue). */
export function overdueWorkdays(deadline: string | null, today: string, calendar: Calendar): number {
  if (!deadline || today <= deadline) return 0;
  return Math.max(0, calendar.workdaysBetween(deadline, today));
}
