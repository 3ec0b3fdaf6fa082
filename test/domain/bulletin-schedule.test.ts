import { describe, expect, it } from 'vitest';
import { bulletinDue } from '../../src/domain/bulletin-schedule.ts';
import { beijingInstant, createCalendar } from '../../src/domain/calendar/index.ts';

const calendar = createCalendar();
const friday1600 = { weekday: 5, time: '16:00' };
const at = (iso: string) => new Date(iso);

describe('bulletinDue (Beijing time)', () => {
  it('on the scheduled weekday from the scheduled time', () => {
    // 2026-11-27 is a Friday; 16:00 Beijing is 08:00 UTC.
    expect(bulletinDue(at('2026-11-27T07:59:00Z'), friday1600, calendar)).toBe(false);
    expect(bulletinDue(at('2026-11-27T08:00:00Z'), friday1600, calendar)).toBe(true);
    expect(bulletinDue(at('2026-11-26T09:00:00Z'), friday1600, calendar)).toBe(false);
  });

  it('never on a holiday: a Thursday schedule in National Day week moves to the next working day', () => {
    // 2026-10-01 (Thu) to 10-07 are holidays; 10-08 (Thu) and 10-09 (Fri) are working days.
    const thursday = { weekday: 4, time: '10:00' };
    expect(bulletinDue(at('2026-10-01T03:00:00Z'), thursday, calendar)).toBe(false);
    expect(bulletinDue(at('2026-10-02T03:00:00Z'), thursday, calendar)).toBe(false);
    expect(bulletinDue(at('2026-10-08T03:00:00Z'), thursday, calendar)).toBe(true);
  });

  it('a Friday schedule whose Friday is off waits for a working day later that week, and never repeats', () => {
    // 2026-10-02 (Fri) is a holiday; no working day follows in that week (10-03, 10-04 are off).
    expect(bulletinDue(at('2026-10-02T08:00:00Z'), friday1600, calendar)).toBe(false);
    expect(bulletinDue(at('2026-10-03T08:00:00Z'), friday1600, calendar)).toBe(false);
    // 2026-10-10 (Sat) is a make-up working day after a working Friday (10-09): not due again.
    expect(bulletinDue(at('2026-10-10T08:00:00Z'), friday1600, calendar)).toBe(false);
  });
});

describe('the weekly bulletin in a year without a published notice', () => {
  it('does not go out on the likely 国庆 (Friday 2027-10-01) nor in that week', () => {
    const cal = createCalendar();
    const fri = { weekday: 5, time: '16:00' };
    expect(bulletinDue(beijingInstant('2027-10-01', '16:30'), fri, cal)).toBe(false);
    expect(bulletinDue(beijingInstant('2027-10-08', '16:30'), fri, cal)).toBe(true);
  });
});
