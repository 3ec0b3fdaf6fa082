import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import table from '../../src/domain/calendar/cn-festivals.json' with { type: 'json' };

const { getSolarDateFromLunar, getSolarTerms } = chineseDays;

describe('the vendored festival table', () => {
  it('matches the lunar and solar-term helpers of chinese-days for every year it covers', () => {
    const years = Object.entries(table.years);
    expect(years.map(([y]) => Number(y))).toEqual(Array.from({ length: 97 }, (_, i) => 2004 + i));
    for (const [year, days] of years) {
      const lunar = (md: string): string => getSolarDateFromLunar(`${year}-${md}`).date.slice(5);
      const qingming = getSolarTerms(`${year}-04-01`, `${year}-04-10`).find((t) => t.name === '清明');
      expect([year, days]).toEqual([
        year,
        {
          春节: lunar('01-01'),
          清明: qingming?.date.slice(5),
          端午: lunar('05-05'),
          中秋: lunar('08-15'),
        },
      ]);
    }
  });

  it('agrees with the published notices where the snapshot has them', () => {
    // 2026 notice: 春节 2-17, 清明 4-5, 端午 6-19, 中秋 9-25 (the festival days inside each break).
    expect(table.years['2026']).toEqual({ 春节: '02-17', 清明: '04-05', 端午: '06-19', 中秋: '09-25' });
  });
});
