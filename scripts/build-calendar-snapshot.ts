/**
 * Regenerates src/domain/calendar/cn-holidays.snapshot.json from the installed chinese-days package.
 * Run by hand after a new 国务院办公厅 holiday notice is published and chinese-days has caught up:
 *   npx tsx scripts/build-calendar-snapshot.ts
 * then add the notice to NOTICES below, review the diff against the notice text (calendar-snapshot.test.ts
 * checks every day), and commit. Until then a year is unpublished and deadlines in it are provisional.
 * The snapshot (not the package) is what the bot reads, so a package update never silently changes deadlines.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

type Raw = { holidays: Record<string, string>; workdays: Record<string, string> };
type YearDays = { off: Record<string, string[]>; on: Record<string, string[]> };

// chinese-days names some holidays tersely; use the wording of the notices.
const NAMES: Record<string, string> = {
  清明: '清明节',
  端午: '端午节',
  中秋: '中秋节',
  中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日: '抗战胜利70周年纪念日',
};

const NOTICES: Record<string, { title: string; published: string; url: string }> = {
  '2026': {
    title: '国务院办公厅关于2026年部分节假日安排的通知',
    published: '2025-11-04',
    url: 'https://www.gov.cn/zhengce/content/202511/content_7047090.htm',
  },
};

const require = createRequire(import.meta.url);
const pkgDir = require.resolve('chinese-days/package.json').replace(/package\.json$/, '');
const pkg = JSON.parse(readFileSync(`${pkgDir}package.json`, 'utf8')) as { version: string };
const raw = JSON.parse(readFileSync(`${pkgDir}dist/chinese-days.json`, 'utf8')) as Raw;

const chineseName = (value: string): string => {
  const name = value.split(',')[1] ?? value;
  return NAMES[name] ?? name;
};

const years: Record<string, YearDays> = {};
const put = (kind: 'off' | 'on', date: string, value: string): void => {
  const year = date.slice(0, 4);
  const entry = years[year] ?? { off: {}, on: {} };
  years[year] = entry;
  const name = chineseName(value);
  const list = entry[kind][name] ?? [];
  entry[kind][name] = list;
  list.push(date.slice(5));
};
for (const [date, value] of Object.entries(raw.holidays).sort()) put('off', date, value);
for (const [date, value] of Object.entries(raw.workdays).sort()) put('on', date, value);

const sortedYears = Object.keys(years).sort();
const snapshot = {
  source: `chinese-days@${pkg.version} dist/chinese-days.json (github.com/vsme/chinese-days, MIT), compiled from the 国务院办公厅 annual holiday notices`,
  generated: new Date().toISOString().slice(0, 10),
  first_year: Number(sortedYears[0]),
  last_year: Number(sortedYears[sortedYears.length - 1]),
  notices: NOTICES,
  years: Object.fromEntries(sortedYears.map((y) => [y, years[y]])),
};

const target = fileURLToPath(new URL('../src/domain/calendar/cn-holidays.snapshot.json', import.meta.url));
// One line per holiday keeps the file reviewable against the notice text.
const text = JSON.stringify(snapshot, null, 2).replace(
  /\[\s+("[^\]]*")\s+\]/g,
  (_m, items: string) => `[${items.replace(/\s+/g, ' ')}]`,
);
writeFileSync(target, `${text}\n`);
console.log(`wrote ${target}: ${snapshot.first_year}–${snapshot.last_year}`);
