import { addDays } from './calendar/date.ts';
import type { Calendar } from './calendar/index.ts';
import { beijingTime, isoWeekday } from './calendar/index.ts';

export type BulletinSchedule = { weekday: number; time: string };

/**
 * Is this week's 督查专报 due now? On the configured weekday at the configured time (Beijing); when that
 * day is not a working day, on the next working day of the same week, so it never goes out on a holiday.
 */
export function bulletinDue(now: Date, schedule: BulletinSchedule, calendar: Calendar): boolean {
  const t = beijingTime(now);
  if (!calendar.isWorkday(t.date)) return false;
  const [hh, mm] = schedule.time.split(':').map(Number);
  if (t.hour * 60 + t.minute < (hh ?? 0) * 60 + (mm ?? 0)) return false;
  const weekday = isoWeekday(t.date);
  if (weekday < schedule.weekday) return false;
  // Due today if today is the scheduled day, or every day from the scheduled day until today was off.
  for (let d = schedule.weekday; d < weekday; d++) {
    if (calendar.isWorkday(addDays(t.date, d - weekday))) return false;
  }
  return true;
}
