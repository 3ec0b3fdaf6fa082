/** Job ids are idempotency keys: the same business keys give one job, different ones never collide. */
import { describe, expect, it } from 'vitest';
import { jobIds } from '../../src/jobs/catalog.ts';

const at = (ms: number) => new Date(Date.UTC(2026, 10, 30, 2, 0, 0) + ms);

describe('refresh-cards job ids', () => {
  it('one job per item and second: a burst of changes to one item collapses into one refresh', () => {
    // Item 7's second runs from 0.221 s to 1.221 s past each wall-clock second (offset 779 ms).
    const burst = new Set(Array.from({ length: 200 }, (_, ms) => jobIds.refreshCards(7, at(ms))));
    expect(burst.size).toBe(1);
    expect(jobIds.refreshCards(7, at(220))).not.toBe(jobIds.refreshCards(7, at(222)));
    expect(jobIds.refreshCards(7, at(0))).not.toBe(jobIds.refreshCards(8, at(0)));
  });

  it("busy items' seconds start at different moments, so their refreshes do not all fall due together", () => {
    // Where each item's id changes within one wall-clock second.
    const boundary = (itemId: number) => {
      for (let ms = 1; ms < 1000; ms++)
        if (jobIds.refreshCards(itemId, at(ms)) !== jobIds.refreshCards(itemId, at(ms - 1))) return ms;
      return 0;
    };
    const starts = new Set(Array.from({ length: 10 }, (_, i) => boundary(i + 1)));
    expect(starts.size).toBe(10);
  });
});
