/**
 * Inline SVG line charts for the HTML report: no libraries, no external assets, so the report is
 * one file that opens anywhere (and can be attached to an issue or a members' vote).
 */
import { escapeHtml } from '../domain/html.ts';

export interface Series {
  name: string;
  color: string;
  values: number[];
  /** A shaded band (e.g. Monte Carlo 5th-95th percentiles), same length as values. */
  band?: { lo: number[]; hi: number[] };
}

export interface LineChartSpec {
  title: string;
  /** Unit shown under the title, e.g. "million members". */
  unit: string;
  /** One label per point; `tickEvery` picks which are drawn on the x axis. */
  xLabels: string[];
  tickWhen: (label: string, index: number) => boolean;
  series: Series[];
  format: (v: number) => string;
  /** Start the y axis at zero (default true). */
  fromZero?: boolean;
}

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

/** 1, 2 or 5 times a power of ten, so that the axis has about `count` ticks. */
export function niceStep(range: number, count: number): number {
  if (!(range > 0)) return 1;
  const raw = range / count;
  const pow = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / pow;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * pow;
}

const W = 760;
const H = 300;
const M = { left: 64, right: 16, top: 44, bottom: 58 };

export function lineChart(spec: LineChartSpec): string {
  const n = spec.xLabels.length;
  const all: number[] = [];
  for (const s of spec.series) {
    for (const v of s.values) if (Number.isFinite(v)) all.push(v);
    if (s.band) for (const v of [...s.band.lo, ...s.band.hi]) if (Number.isFinite(v)) all.push(v);
  }
  let lo = all.length ? Math.min(...all) : 0;
  let hi = all.length ? Math.max(...all) : 1;
  if (spec.fromZero !== false) lo = Math.min(0, lo);
  if (hi === lo) hi = lo + 1;
  const step = niceStep(hi - lo, 5);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (i: number): number => M.left + (n <= 1 ? pw / 2 : (i * pw) / (n - 1));
  const y = (v: number): number => M.top + ph - ((v - lo) / (hi - lo)) * ph;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(spec.title)}">`);
  parts.push(`<text x="${M.left}" y="18" class="t">${escapeHtml(spec.title)}</text>`);
  parts.push(`<text x="${M.left}" y="34" class="u">${escapeHtml(spec.unit)}</text>`);
  for (let v = lo; v <= hi + step / 2; v += step) {
    const yy = y(v).toFixed(1);
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}" class="g"/>`);
    parts.push(`<text x="${M.left - 6}" y="${yy}" class="yl">${escapeHtml(spec.format(v))}</text>`);
  }
  for (let i = 0; i < n; i++) {
    if (!spec.tickWhen(spec.xLabels[i]!, i)) continue;
    const xx = x(i).toFixed(1);
    parts.push(`<line x1="${xx}" x2="${xx}" y1="${M.top + ph}" y2="${M.top + ph + 5}" class="a"/>`);
    parts.push(`<text x="${xx}" y="${M.top + ph + 18}" class="xl">${escapeHtml(spec.xLabels[i]!)}</text>`);
  }
  parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + ph}" y2="${M.top + ph}" class="a"/>`);
  for (const s of spec.series) {
    if (s.band) {
      const upper = s.band.hi.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
      const lower = s.band.lo.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).reverse();
      parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${s.color}" fill-opacity="0.18" stroke="none"/>`);
    }
    const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"><title>${escapeHtml(s.name)}</title></polyline>`);
    if (n <= 20) for (let i = 0; i < n; i++) parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(s.values[i]!).toFixed(1)}" r="3" fill="${s.color}"/>`);
  }
  // Legend under the axis, wrapping by width.
  let lx = M.left;
  let ly = H - 12;
  for (const s of spec.series) {
    const w = 24 + s.name.length * 6.6;
    if (lx + w > W - M.right) { lx = M.left; ly += 14; }
    parts.push(`<rect x="${lx}" y="${ly - 8}" width="14" height="4" fill="${s.color}"/><text x="${lx + 18}" y="${ly - 3}" class="lg">${escapeHtml(s.name)}</text>`);
    lx += w;
  }
  parts.push('</svg>');
  return parts.join('');
}

/** Horizontal stacked bars (one per row), e.g. the age mix of each scenario at the end. */
export function stackedBars(spec: { title: string; unit: string; categories: string[]; rows: Array<{ name: string; values: number[] }> }): string {
  const rowH = 26;
  const left = 190;
  const h = 60 + spec.rows.length * rowH + 24;
  const pw = W - left - M.right;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="${escapeHtml(spec.title)}">`);
  parts.push(`<text x="${M.left}" y="18" class="t">${escapeHtml(spec.title)}</text>`);
  parts.push(`<text x="${M.left}" y="34" class="u">${escapeHtml(spec.unit)}</text>`);
  spec.rows.forEach((r, i) => {
    const total = r.values.reduce((s, v) => s + v, 0) || 1;
    const yy = 48 + i * rowH;
    parts.push(`<text x="${left - 8}" y="${yy + 14}" class="yl">${escapeHtml(r.name)}</text>`);
    let xx = left;
    r.values.forEach((v, k) => {
      const w = (v / total) * pw;
      parts.push(`<rect x="${xx.toFixed(1)}" y="${yy}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${PALETTE[k % PALETTE.length]}"><title>${escapeHtml(`${spec.categories[k]}: ${((v / total) * 100).toFixed(1)}%`)}</title></rect>`);
      if (w > 34) parts.push(`<text x="${(xx + w / 2).toFixed(1)}" y="${yy + 14}" class="bl">${Math.round((v / total) * 100)}%</text>`);
      xx += w;
    });
  });
  let lx = left;
  const ly = h - 10;
  spec.categories.forEach((c, k) => {
    parts.push(`<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${PALETTE[k % PALETTE.length]}"/><text x="${lx + 14}" y="${ly}" class="lg">${escapeHtml(c)}</text>`);
    lx += 24 + c.length * 7;
  });
  parts.push('</svg>');
  return parts.join('');
}
