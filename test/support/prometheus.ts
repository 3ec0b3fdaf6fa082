/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), written from the format's
 * description rather than from prom-client: every line must be a comment, a HELP or TYPE line, or a
 * sample of a declared family, or the parse fails.
 */
export type Sample = { name: string; labels: Record<string, string>; value: number };
export type Family = { name: string; type: string; help: string; samples: Sample[] };

export type Scrape = {
  families: Map<string, Family>;
  /** A counter's or gauge's value; undefined when the series is absent. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** A histogram's observation count (`_count`); undefined when the series is absent. */
  count(name: string, labels?: Record<string, string>): number | undefined;
};

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+-?\\d+)?$`);
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;
const SUFFIXES: Record<string, readonly string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count'],
};

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const m = LABEL.exec(text);
    if (!m?.[1] || m[2] === undefined) throw new Error(`bad labels in: ${line}`);
    labels[m[1]] = m[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

function parseValue(text: string, line: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  const n = Number(text);
  if (text === '' || Number.isNaN(n)) throw new Error(`bad value in: ${line}`);
  return n;
}

export function parseScrape(text: string): Scrape {
  const families = new Map<string, Family>();
  const familyOf = (sampleName: string): Family | undefined => {
    const direct = families.get(sampleName);
    if (direct) return direct;
    for (const [type, suffixes] of Object.entries(SUFFIXES))
      for (const suffix of suffixes) {
        if (!sampleName.endsWith(suffix)) continue;
        const family = families.get(sampleName.slice(0, -suffix.length));
        if (family?.type === type) return family;
      }
    return undefined;
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const meta = /^#\s+(HELP|TYPE)\s+(\S+)\s?(.*)$/.exec(line);
    if (meta?.[1] && meta[2]) {
      const family = families.get(meta[2]) ?? { name: meta[2], type: 'untyped', help: '', samples: [] };
      if (meta[1] === 'TYPE') family.type = meta[3] ?? 'untyped';
      else family.help = meta[3] ?? '';
      families.set(meta[2], family);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m?.[1] || m[3] === undefined) throw new Error(`not a sample line: ${line}`);
    const family = familyOf(m[1]);
    if (!family) throw new Error(`sample of an undeclared family: ${line}`);
    family.samples.push({ name: m[1], labels: parseLabels(m[2] ?? '', line), value: parseValue(m[3], line) });
  }
  /** The series with exactly these labels (a bucket's `le` aside). */
  const find = (sampleName: string, labels: Record<string, string>) =>
    familyOf(sampleName)?.samples.find(
      (s) =>
        s.name === sampleName &&
        Object.keys(s.labels).filter((k) => k !== 'le').length === Object.keys(labels).length &&
        Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    )?.value;
  return {
    families,
    value: (name, labels = {}) => find(name, labels),
    count: (name, labels = {}) => find(`${name}_count`, labels),
  };
}
