/**
 * Regenerates src/domain/calendar/cn-festivals.json: the solar dates of 春节 (正月初一), 清明 (the solar
 * term), 端午 (五月初五) and 中秋 (八月十五) for 2004–2100, from chinese-days' lunar tables. The calendar
 * uses them to estimate the likely holidays of years whose 国务院办公厅 notice is not out yet; the
 * years with a notice check the estimate (calendar-estimate.test.ts). Run by hand:
 *   npx tsx scripts/build-festival-dates.ts && npx biome format --write src/domain/calendar/cn-festivals.json
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

type Lunar = {
  getSolarDateFromLunar(date: string): { date: string };
  getSolarTermDate(year: number, month: number, term: string): string;
};

const require = createRequire(import.meta.url);
const lunar = require('chinese-days') as Lunar;
const pkg = require('chinese-days/package.json') as { version: string };

const pad = (d: string) =>
  d
    .split('-')
    .map((p, i) => (i === 0 ? p : p.padStart(2, '0')))
    .join('-')
    .slice(5);

const years: Record<string, Record<string, string>> = {};
for (let y = 2004; y <= 2100; y++) {
  years[String(y)] = {
    春节: pad(lunar.getSolarDateFromLunar(`${y}-01-01`).date),
    清明: pad(lunar.getSolarTermDate(y, 4, 'pure_brightness')),
    端午: pad(lunar.getSolarDateFromLunar(`${y}-05-05`).date),
    中秋: pad(lunar.getSolarDateFromLunar(`${y}-08-15`).date),
  };
}
const target = fileURLToPath(new URL('../src/domain/calendar/cn-festivals.json', import.meta.url));
// One line per year keeps the file reviewable.
const lines = Object.entries(years).map(
  ([y, days]) => `    "${y}": ${JSON.stringify(days).replace(/,/g, ', ')}`,
);
const source = JSON.stringify(`chinese-days@${pkg.version} lunar tables`);
writeFileSync(target, `{\n  "source": ${source},\n  "years": {\n${lines.join(',\n')}\n  }\n}\n`);
console.log(`wrote ${target}`);
