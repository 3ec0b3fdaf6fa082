/**
 * Years without a published notice: the likely holidays (estimate.ts) are days off, so nothing is
 * sent and no working day counted on 元旦, 春节, 清明, 劳动节, 端午, 中秋 or 国庆 of such a year. The rule is
 * checked against the published years it did not see.
 */
import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday } from '../../src/domain/calendar/date.ts';
import { likelyHolidays } from '../../src/domain/calendar/estimate.ts';
import { createCalendar } from '../../src/domain/calendar/index.ts';
import { SNAPSHOT_DAYS } from '../../src/domain/calendar/snapshot.ts';

/** Weekdays off in the published schedules, and those the estimate names, for `from`–`to`. */
function compare(from: number, to: number) {
  let actual = 0;
  let predicted = 0;
  let both = 0;
  const missed: string[] = [];
  for (let y = from; y <= to; y++) {
    const estimate = likelyHolidays(y);
    for (let d = `${y}-01-01`; d.startsWith(String(y)); d = addDays(d, 1)) {
      if (isoWeekday(d) >= 6) continue;
      const s = SNAPSHOT_DAYS.get(d);
      const off = s !== undefined && !s.workday;
      const guessed = estimate.has(d);
      if (off) actual++;
      if (guessed) predicted++;
      if (off && guessed) both++;
      if (off && !guessed) missed.push(`${d} ${s?.name}`);
    }
  }
  return { recall: both / actual, precision: both / predicted, missed };
}

describe('the likely holidays of an unpublished year', () => {
  it('cover every weekday off of 2020–2026 and name few working days', () => {
    const r = compare(2020, 2026);
    expect(r.missed).toEqual([]);
    expect(r.precision).toBeGreaterThan(0.95);
  });

  it('miss only the one-off 2015 victory holiday over 2015–2026', () => {
    expect(compare(2015, 2026).missed).toEqual([
      '2015-09-03 抗战胜利70周年纪念日',
      '2015-09-04 抗战胜利70周年纪念日',
    ]);
  });

  it('in 2027: 元旦, 春节 from 除夕 to 初七, 清明, 劳动节, 端午, 中秋 and 国庆 are days off, provisional', () => {
    const cal = createCalendar();
    const off = [
      '2027-01-01', // 元旦, Friday
      '2027-02-05', // 除夕
      '2027-02-08',
      '2027-02-12', // 初七
      '2027-04-05', // 清明, Monday
      '2027-05-03',
      '2027-05-05',
      '2027-06-09', // 端午, Wednesday
      '2027-09-15', // 中秋, Wednesday
      '2027-10-01',
      '2027-10-07',
    ];
    for (const d of off) expect(cal.dayInfo(d), d).toMatchObject({ workday: false, published: false });
    expect(cal.dayInfo('2027-02-08').name).toBe('春节（预计）');
    for (const d of ['2027-02-04', '2027-02-15', '2027-05-06', '2027-10-08'])
      expect(cal.dayInfo(d), d).toMatchObject({ workday: true, published: false });
    // The office's override still wins, and a published year ignores the estimate.
    expect(createCalendar([{ date: '2027-02-08', kind: 'workday' }]).isWorkday('2027-02-08')).toBe(true);
    expect(createCalendar([], { publishedYears: [2027] }).isWorkday('2027-02-08')).toBe(true);
  });
});
