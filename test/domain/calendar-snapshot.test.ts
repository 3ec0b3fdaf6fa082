import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { addDays, createCalendar, isoWeekday, SNAPSHOT_SOURCE } from '../../src/domain/calendar/index.ts';

// Compared with the package's data file rather than its functions: those format dates with local getters and
// shift by a day in zones west of UTC (see reference/runtime-probe.md §5).
const require = createRequire(import.meta.url);
const raw = JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};

describe('vendored holiday snapshot', () => {
  const cal = createCalendar();

  it('covers 2004–2026 and records its source', () => {
    expect(SNAPSHOT_SOURCE).toMatchObject({ firstYear: 2004, lastYear: 2026 });
    expect(SNAPSHOT_SOURCE.source).toContain('chinese-days@1.5.7');
  });

  it('agrees with chinese-days on every day of the covered years', () => {
    const wrong: string[] = [];
    for (let d = '2004-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
      const expected = d in raw.workdays ? true : d in raw.holidays ? false : isoWeekday(d) <= 5;
      if (cal.isWorkday(d) !== expected) wrong.push(d);
    }
    expect(wrong).toEqual([]);
  });

  it('matches the 2026 notice (国办 2025-11-04) day by day', () => {
    const off = [
      ['2026-01-01', '2026-01-03'],
      ['2026-02-15', '2026-02-23'],
      ['2026-04-04', '2026-04-06'],
      ['2026-05-01', '2026-05-05'],
      ['2026-06-19', '2026-06-21'],
      ['2026-09-25', '2026-09-27'],
      ['2026-10-01', '2026-10-07'],
    ] as const;
    for (const [from, to] of off) {
      for (let d: string = from; d <= to; d = addDays(d, 1)) expect(cal.isWorkday(d), d).toBe(false);
    }
    for (const d of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) {
      expect(cal.isWorkday(d), d).toBe(true);
    }
  });
});
