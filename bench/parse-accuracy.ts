/**
 * Accuracy of the instruction reader on the hand-labelled corpus, split into the cases seen while its rules
 * were written (corpus.json, and held-out cases whose failures were looked at) and the held-out cases only
 * ever run (corpus.heldout.json, "seen": false).
 *   npx tsx bench/parse-accuracy.ts [--json] [--part seen|heldout]
 * --part prints the failing cases of that part only: write rules with `--part seen` so the held-out
 * failures stay unread.
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
  /** Held-out cases only: false until a failure of the case has been looked at while fixing a rule. */
  seen?: boolean;
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

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../test/fixtures/instructions/${name}`, import.meta.url)), 'utf8');

/** Both files; the held-out cases keep their `seen` mark, the others are seen by definition. */
export function loadCorpus(): Corpus {
  const main = JSON.parse(fixture('corpus.json')) as Corpus;
  const heldOut = JSON.parse(fixture('corpus.heldout.json')) as { cases: CorpusCase[] };
  return {
    directory: main.directory,
    cases: [
      ...main.cases.map((c) => ({ ...c, seen: true })),
      ...heldOut.cases.map((c) => ({ ...c, seen: c.seen ?? false })),
    ],
  };
}

export const isHeldOut = (r: CaseResult): boolean => r.case.seen === false;

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

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function printPart(name: string, part: readonly CaseResult[]): void {
  if (part.length === 0) return;
  const p = summarize(part);
  console.log(`\n${name} (${p.cases} cases)`);
  for (const f of FIELDS) console.log(`  ${f.padEnd(15)} ${pct(p.perField[f])}`);
  console.log(`  all fields      ${pct(p.fieldAccuracy)}  (mean over fields and cases)`);
  console.log(`  whole case, title excluded  ${pct(p.wholeWithoutTitle)}`);
  console.log(`  whole case, all fields      ${pct(p.whole)}`);
}

function printFailures(results: readonly CaseResult[]): void {
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

function main(): void {
  const results = runCorpus();
  const seen = results.filter((r) => !isHeldOut(r));
  const heldOut = results.filter(isHeldOut);
  const only = process.argv[process.argv.indexOf('--part') + 1];
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ seen: summarize(seen), heldOut: summarize(heldOut) }, null, 2));
    return;
  }
  console.log(`instruction reader on ${results.length} cases`);
  for (const rule of SCORING_RULES) console.log(`  rule  ${rule}`);
  if (only !== 'heldout') printPart('seen while writing the rules', seen);
  if (only !== 'seen') printPart('held out: only run, never tuned to', heldOut);
  printFailures(only === 'seen' ? seen : only === 'heldout' ? heldOut : results);
  console.log(`\nspeed: ${timeReads(results.length * 20).toFixed(0)} µs per instruction (mean of 20 passes)`);
}

/** Mean time of one read over `n` reads of the corpus, in microseconds. */
function timeReads(n: number): number {
  const { directory, cases } = loadCorpus();
  const calendar = createCalendar();
  const started = performance.now();
  for (let i = 0; i < n; i += 1) {
    const c = cases[i % cases.length];
    if (c) readInstruction(c.text, { directory, issued: c.issued, calendar });
  }
  return ((performance.now() - started) * 1000) / n;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
