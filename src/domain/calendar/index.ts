export { type BeijingTime, beijingDate, beijingInstant, beijingTime, parseClock } from './beijing.ts';
export {
  type Calendar,
  type CalendarOptions,
  type CalendarOverride,
  checkOverrides,
  createCalendar,
  type DayInfo,
  type DayKind,
  type WorkdayResult,
} from './calendar.ts';
export {
  addDays,
  addMonths,
  compareDates,
  diffDays,
  endOfMonth,
  type IsoDate,
  isoWeekday,
  parseDate,
} from './date.ts';
export { SNAPSHOT_SOURCE } from './snapshot.ts';
