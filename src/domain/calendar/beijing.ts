/**
 * Beijing wall-clock time of an instant. Asia/Shanghai has been UTC+8 without DST since 1991,
 * so a fixed offset is exact and keeps the result independent of the host's TZ setting.
 */
import { type Failure, fail, ok, type Result } from '../../lib/result.ts';
import { assertDate, dateParts, type IsoDate, isoWeekday } from './date.ts';

const OFFSET_MS = 8 * 3_600_000;
const CLOCK = /^([01]?\d|2[0-3]):([0-5]\d)$/;

export type BeijingTime = {
  date: IsoDate;
  hour: number;
  minute: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
};

export function beijingDate(instant: Date): IsoDate {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

export function beijingTime(instant: Date): BeijingTime {
  const shifted = new Date(instant.getTime() + OFFSET_MS);
  const date = shifted.toISOString().slice(0, 10);
  return { date, hour: shifted.getUTCHours(), minute: shifted.getUTCMinutes(), weekday: isoWeekday(date) };
}

/** Validates an 'HH:MM' wall-clock time (e.g. a configured reminder hour). */
export function parseClock(input: string): Result<{ hour: number; minute: number }, Failure<'invalid_time'>> {
  const m = CLOCK.exec(input.trim());
  if (!m) return fail('invalid_time', `时间格式应为 HH:MM：${input}`);
  return ok({ hour: Number(m[1]), minute: Number(m[2]) });
}

/** The instant at which Beijing clocks show `date` `clock` (e.g. '2026-10-08', '09:00'). */
export function beijingInstant(date: IsoDate, clock: string): Date {
  const c = parseClock(clock);
  if (!c.ok) throw new RangeError(c.error.message);
  const { year, month, day } = dateParts(assertDate(date));
  return new Date(Date.UTC(year, month - 1, day, c.value.hour, c.value.minute) - OFFSET_MS);
}
