import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar/index.ts';
import { type PendingWait, waitFacts, waitsToRemind } from '../../src/domain/office-pending.ts';

const calendar = createCalendar();
const limits = { afterWorkdays: 1, adjustDecisionWorkdays: 5 };
const wait = (itemId: number, kind: PendingWait['kind'], since: string): PendingWait => ({
  itemId,
  kind,
  since,
});

describe('督查室待办 waits', () => {
  it('count working days only: a 报结 on the eve of 国庆 has waited 1 working day on 10-09', () => {
    // 2026-10-01..07 is the holiday; Saturday 10-10 is a 补班 working day.
    expect(waitFacts(wait(1, 'review', '2026-09-30'), '2026-10-08', calendar, limits).workdays).toBe(1);
    expect(waitFacts(wait(1, 'review', '2026-09-30'), '2026-10-10', calendar, limits).workdays).toBe(3);
    expect(waitFacts(wait(1, 'review', '2026-10-08'), '2026-10-08', calendar, limits).workdays).toBe(0);
  });

  it('a 申请调整 is late past its decision limit; other waits have no limit to pass', () => {
    expect(waitFacts(wait(1, 'adjust', '2026-11-20'), '2026-11-27', calendar, limits)).toEqual({
      workdays: 5,
      late: false,
    });
    expect(waitFacts(wait(1, 'adjust', '2026-11-20'), '2026-11-30', calendar, limits).late).toBe(true);
    expect(waitFacts(wait(1, 'review', '2026-10-20'), '2026-11-30', calendar, limits).late).toBe(false);
  });

  it('reminds of those past the threshold, late first then longest; none on a day off or when off', () => {
    const waits = [
      wait(1, 'draft', '2026-11-30'),
      wait(2, 'review', '2026-11-25'),
      wait(3, 'adjust', '2026-11-26'),
      wait(4, 'extension', '2026-11-16'),
      wait(5, 'adjust', '2026-11-16'),
    ];
    const listed = waitsToRemind(waits, '2026-12-01', calendar, limits);
    expect(listed.map((w) => [w.itemId, w.workdays, w.late])).toEqual([
      [5, 11, true],
      [4, 11, false],
      [2, 4, false],
      [3, 3, false],
      [1, 1, false],
    ]);
    expect(waitsToRemind(waits, '2026-12-05', calendar, limits)).toEqual([]);
    expect(waitsToRemind(waits, '2026-12-01', calendar, { ...limits, afterWorkdays: 0 })).toEqual([]);
    expect(waitsToRemind(waits, '2026-12-01', calendar, { ...limits, afterWorkdays: 5 })).toHaveLength(2);
  });
});
