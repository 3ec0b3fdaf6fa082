/**
 * Accuracy of the instruction reader on the hand-labelled corpus.
 *   npx tsx bench/parse-accuracy.ts [--json]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCalendar } from '../src/domain/calendar/index.ts';
import { type InstructionReading, readInstruction } from '../src/domain/instruction/index.ts';
import { squeeze } from '../src/domain/instruction/text.ts';
import type { Directory } from '../src/domain/instruction/units.ts';

export type CorpusCase = {
  id: string;
  issued: string;
  text: string;
  note?: string;
  /** 'holdout': written after the reader was built, to measure it on text it was not tuned on. */
  set?: string;
  expected: {
    title: string;
    lead: string | null;
    co: string[];
    deadline: string | null;
    deadline_basis: string | null;
    source: string;
  };
};
export type Corpus = { directory: Directory; cases: CorpusCase[] };

export const FIELDS = ['title', 'lead', 'co', 'deadline', 'deadline_basis', 'source'] as const;
export type Field = (typeof FIELDS)[number];

export const SCORING_RULES = [
  'title: correct when the title (≤ 30 chars, punctuation ignored) contains the expected core phrase',
  'lead, deadline, source: exact',
  'co: same set of units (order ignored)',
  'deadline_basis: contains the expected fragment, or both null',
];

export function loadCorpus(): Corpus {
  const path = fileURLToPath(new URL('../test/fixtures/instructions/corpus.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as Corpus;
}

export function fieldCorrect(field: Field, got: InstructionReading, want: CorpusCase['expected']): boolean {
  switch (field) {
    case 'title':
      return got.title.length <= 30 && squeeze(got.title).includes(squeeze(want.title));
    case 'co':
      return got.co.length === want.co.length && want.co.every((u) => got.co.includes(u));
    case 'deadline_basis':
      return want.deadline_basis === null
        ? got.deadline_basis === null
        : (got.deadline_basis ?? '').includes(want.deadline_basis);
    default:
      return got[field] === want[field];
  }
}

export type CaseResult = { case: CorpusCase; got: InstructionReading; wrong: Field[] };

export function runCorpus(corpus: Corpus = loadCorpus()): CaseResult[] {
  const calendar = createCalendar();
  return corpus.cases.map((c) => {
    const got = readInstruction(c.text, { directory: corpus.directory, issued: c.issued, calendar });
    return { case: c, got, wrong: FIELDS.filter((f) => !fieldCorrect(f, got, c.expected)) };
  });
}

export function summarize(results: readonly CaseResult[]) {
  const n = results.length;
  const perField = Object.fromEntries(
    FIELDS.map((f) => [f, results.filter((r) => !r.wrong.includes(f)).length / n]),
  );
  const fieldAccuracy =
    results.reduce((sum, r) => sum + FIELDS.length - r.wrong.length, 0) / (n * FIELDS.length);
  return {
    cases: n,
    perField: perField as Record<Field, number>,
    fieldAccuracy,
    wholeWithoutTitle: results.filter((r) => r.wrong.every((f) => f === 'title')).length / n,
    whole: results.filter((r) => r.wrong.length === 0).length / n,
  };
}

function main(): void {
  const results = runCorpus();
  const s = summarize(results);
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(s, null, 2));
    return;
  }
  console.log(`instruction reader on ${s.cases} cases`);
  for (const rule of SCORING_RULES) console.log(`  rule  ${rule}`);
  for (const f of FIELDS) console.log(`  ${f.padEnd(15)} ${pct(s.perField[f])}`);
  console.log(`  all fields      ${pct(s.fieldAccuracy)}  (mean over fields and cases)`);
  console.log(`  whole case, title excluded  ${pct(s.wholeWithoutTitle)}`);
  console.log(`  whole case, all fields      ${pct(s.whole)}`);
  for (const [name, part] of [
    ['development', results.filter((r) => r.case.set !== 'holdout')],
    ['held-out', results.filter((r) => r.case.set === 'holdout')],
  ] as const) {
    if (part.length === 0) continue;
    const p = summarize(part);
    console.log(
      `  ${name} set (${p.cases}): fields ${pct(p.fieldAccuracy)}, whole case ${pct(p.wholeWithoutTitle)} without title, ${pct(p.whole)} with`,
    );
  }
  const failing = results.filter((r) => r.wrong.length > 0);
  if (failing.length > 0) console.log(`\nfailing cases (${failing.length}):`);
  for (const r of failing) {
    console.log(`- ${r.case.id} ${r.case.text}`);
    for (const f of r.wrong) {
      console.log(
        `    ${f}: expected ${JSON.stringify(r.case.expected[f])}, got ${JSON.stringify(r.got[f])}`,
      );
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
