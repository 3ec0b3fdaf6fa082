/**
 * Regenerates src/domain/instruction/festival-dates.json: the solar dates of the lunar festivals and of
 * 清明 (a solar term), from chinese-days' lunar and solar-term helpers. The instruction reader uses them to
 * place 春节前 / 端午前 / 中秋前 in a year whose holiday notice is not out yet. Run by hand:
 *   npx tsx scripts/build-festival-dates.ts
 * The table (not the package) is what the bot reads; test/domain/festival-dates.test.ts checks it against
 * the package.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import chineseDays from 'chinese-days';

// The package is CommonJS: its helpers hang off the default export.
const { getSolarDateFromLunar, getSolarTerms } = chineseDays;

const FIRST = 2020;
const LAST = 2100;

const years: Record<string, Record<string, string>> = {};
for (let y = FIRST; y <= LAST; y += 1) {
  const lunar = (md: string): string => getSolarDateFromLunar(`${y}-${md}`).date.slice(5);
  const qingming = getSolarTerms(`${y}-04-01`, `${y}-04-10`).find((t) => t.name === '清明');
  if (!qingming) throw new Error(`no 清明 in ${y}`);
  years[String(y)] = {
    春节: lunar('01-01'),
    清明节: qingming.date.slice(5),
    端午节: lunar('05-05'),
    中秋节: lunar('08-15'),
  };
}

const target = fileURLToPath(new URL('../src/domain/instruction/festival-dates.json', import.meta.url));
const lines = Object.entries(years).map(([y, d]) => `    "${y}": ${JSON.stringify(d).replace(/,/g, ', ')}`);
const json = `{
  "source": "chinese-days lunar and solar-term helpers (github.com/vsme/chinese-days, MIT); 春节 is 正月初一",
  "first_year": ${FIRST},
  "last_year": ${LAST},
  "years": {
${lines.join(',\n')}
  }
}
`;
writeFileSync(target, json);
console.log(`wrote ${target}: ${FIRST}–${LAST}`);
