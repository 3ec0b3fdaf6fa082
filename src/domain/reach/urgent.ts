/**
 * When the bot may 加急 by itself (issue #12). Pure: the tenant's rules and calendar and `now` in.
 * The office's own 加急 button is a person's choice and is not held to these.
 */
import type { Calendar } from '../calendar/index.ts';
import { beijingDate, beijingInstant } from '../calendar/index.ts';
import type { TenantSettings, UrgentStep } from '../settings.ts';

/** On a working day, between the office hours' start and end (Beijing). */
export function inOfficeHours(
  now: Date,
  hours: TenantSettings['followup']['officeHours'],
  calendar: Calendar,
): boolean {
  const today = beijingDate(now);
  if (!calendar.isWorkday(today)) return false;
  return now >= beijingInstant(today, hours.start) && now < beijingInstant(today, hours.end);
}

/** Whether this step's message is to be 加急 automatically, by the tenant's settings. */
export function urgesStep(settings: TenantSettings, step: UrgentStep): boolean {
  return settings.urgent.auto && settings.urgent.steps.includes(step);
}
