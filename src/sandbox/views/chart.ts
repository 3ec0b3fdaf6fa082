import { COLOURS, escapeHtml } from './markdown.ts';

/**
 * A card's `chart` (a VChart spec) drawn as a small inline SVG: bar (vertical or horizontal), line,
 * area and pie. Anything else shows its data as a table, so a chart the bot sends is never lost.
 */

type Row = Record<string, unknown>;
const PALETTE = [COLOURS.blue, COLOURS.orange, COLOURS.green, COLOURS.red, COLOURS.purple, COLOURS.turquoise];
const W = 520;
const H = 220;
const PAD = 34;

const isRecord = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v) || 0);
const field = (spec: Row, key: string): string =>
  typeof spec[key] === 'string' ? (spec[key] as string) : '';

function values(spec: Row): Row[] {
  const data = spec.data;
  const sets = Array.isArray(data) ? data : [data];
  return sets.flatMap((set) =>
    isRecord(set) && Array.isArray(set.values) ? set.values.filter(isRecord) : [],
  );
}

function table(rows: Row[]): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const head = keys.map((k) => `<th>${escapeHtml(k)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${keys.map((k) => `<td>${escapeHtml(String(r[k] ?? ''))}</td>`).join('')}</tr>`)
    .join('');
  return `<table class="ctable"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function pie(rows: Row[], cat: string, val: string): string {
  const total = rows.reduce((s, r) => s + num(r[val]), 0) || 1;
  let angle = -Math.PI / 2;
  const cx = 110;
  const cy = H / 2;
  const r = 90;
  const slices = rows.map((row, i) => {
    const sweep = (num(row[val]) / total) * Math.PI * 2;
    const [x1, y1] = [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
    angle += sweep;
    const [x2, y2] = [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
    const large = sweep > Math.PI ? 1 : 0;
    const colour = PALETTE[i % PALETTE.length];
    const label = `${escapeHtml(String(row[cat] ?? ''))} ${num(row[val])}`;
    return {
      path: `<path d="M${cx},${cy} L${x1.toFixed(1)},${y1.toFixed(1)} A${r},${r} 0 ${large} 1 ${x2.toFixed(1)},${y2.toFixed(1)} Z" fill="${colour}"><title>${label}</title></path>`,
      legend: `<rect x="240" y="${20 + i * 20}" width="10" height="10" fill="${colour}"/><text x="256" y="${29 + i * 20}">${label}</text>`,
    };
  });
  return slices.map((s) => s.path + s.legend).join('');
}

function cartesian(rows: Row[], spec: Row, type: string): string {
  const horizontal = field(spec, 'direction') === 'horizontal';
  const xKey = field(spec, horizontal ? 'yField' : 'xField');
  const yKey = field(spec, horizontal ? 'xField' : 'yField');
  const seriesKey = field(spec, 'seriesField');
  const cats = [...new Set(rows.map((r) => String(r[xKey] ?? '')))];
  const series = seriesKey ? [...new Set(rows.map((r) => String(r[seriesKey] ?? '')))] : [''];
  const max = Math.max(1, ...rows.map((r) => num(r[yKey])));
  const span = (horizontal ? H : W) - PAD * 2;
  const band = span / Math.max(1, cats.length);
  const scale = ((horizontal ? W : H) - PAD * 2) / max;
  const point = (c: number, v: number) =>
    horizontal
      ? [PAD + v * scale, PAD + c * band + band / 2]
      : [PAD + c * band + band / 2, H - PAD - v * scale];
  const out: string[] = [];
  series.forEach((s, si) => {
    const colour = PALETTE[si % PALETTE.length];
    const own = rows.filter((r) => !seriesKey || String(r[seriesKey]) === s);
    const pts = cats.map((c, ci) => {
      const v = num(own.find((r) => String(r[xKey]) === c)?.[yKey]);
      return { ci, v, xy: point(ci, v) };
    });
    if (type === 'bar') {
      const w = (band * 0.7) / series.length;
      for (const p of pts) {
        const off = p.ci * band + band * 0.15 + si * w;
        const len = p.v * scale;
        const rect = horizontal
          ? `x="${PAD}" y="${PAD + off}" width="${len}" height="${w}"`
          : `x="${PAD + off}" y="${H - PAD - len}" width="${w}" height="${len}"`;
        out.push(
          `<rect ${rect} fill="${colour}"><title>${escapeHtml(`${s} ${cats[p.ci]} ${p.v}`)}</title></rect>`,
        );
      }
    } else {
      const line = pts.map((p) => p.xy.map((n) => (n ?? 0).toFixed(1)).join(',')).join(' ');
      out.push(`<polyline points="${line}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    }
    if (seriesKey)
      out.push(
        `<rect x="${W - 110}" y="${8 + si * 16}" width="10" height="10" fill="${colour}"/><text x="${W - 96}" y="${17 + si * 16}">${escapeHtml(s)}</text>`,
      );
  });
  cats.forEach((c, ci) => {
    const [x, y] = point(ci, 0);
    out.push(
      horizontal
        ? `<text x="2" y="${(y ?? 0) + 4}" class="axis">${escapeHtml(c.slice(0, 6))}</text>`
        : `<text x="${(x ?? 0) - 14}" y="${H - PAD + 14}" class="axis">${escapeHtml(c.slice(0, 6))}</text>`,
    );
  });
  return out.join('');
}

export function chartHtml(spec: unknown): string {
  if (!isRecord(spec)) return '';
  const rows = values(spec);
  const type = field(spec, 'type');
  const title = isRecord(spec.title) && typeof spec.title.text === 'string' ? spec.title.text : '';
  const caption = title ? `<div class="chart-title">${escapeHtml(title)}</div>` : '';
  if (rows.length === 0) return `${caption}<div class="muted">（图表无数据）</div>`;
  let body: string;
  if (type === 'pie') body = pie(rows, field(spec, 'categoryField'), field(spec, 'valueField'));
  else if (type === 'bar' || type === 'line' || type === 'area') body = cartesian(rows, spec, type);
  else return caption + table(rows);
  return `${caption}<svg class="chart" viewBox="0 0 ${W} ${H}" role="img">${body}</svg>`;
}
