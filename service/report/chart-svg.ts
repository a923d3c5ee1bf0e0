/**
 * One series' chart as an SVG document: actuals (gaps drawn as gaps), the forecast line, and its
 * 80 % and 95 % bands. Pure string building; `chart-png.ts` rasterises it for email clients, which
 * do not show SVG. Sized for a 640 px email column.
 */
import { monthIndex, monthFromIndex } from '../../common/month.js';
import type { ActualPoint } from './report-model.js';
import type { ForecastPoint } from '../../forecasting/types.js';
import { compactNumber } from './format.js';

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 250;

export const COLORS = {
  actual: '#1f3a5f',
  forecast: '#c2571a',
  band80: '#f0b48a',
  band95: '#fbe3d1',
  grid: '#e3e7ec',
  axis: '#5b6675',
} as const;

const PAD = { left: 56, right: 16, top: 30, bottom: 30 };
const FONT = 'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"';

export interface ChartInput {
  readonly title: string;
  readonly unit: string;
  readonly actuals: readonly ActualPoint[];
  readonly forecast: readonly ForecastPoint[];
}

export function chartSvg(input: ChartInput): string {
  const months = [...input.actuals.map((a) => a.month), ...input.forecast.map((p) => p.month)];
  if (months.length === 0) return emptyChart(input.title);
  const i0 = Math.min(...months.map(monthIndex));
  const i1 = Math.max(...months.map(monthIndex));
  const values = [...input.actuals.map((a) => a.value), ...input.forecast.flatMap((p) => [p.lo95, p.hi95])].filter(
    Number.isFinite,
  );
  const ticks = niceTicks(Math.min(0, ...values), Math.max(...values, 1));
  const yMin = ticks[0]!;
  const yMax = ticks[ticks.length - 1]!;
  const plotW = CHART_WIDTH - PAD.left - PAD.right;
  const plotH = CHART_HEIGHT - PAD.top - PAD.bottom;
  // Half a month of room at each end, so the first and last points are not cut by the frame.
  const x = (m: string) => PAD.left + ((monthIndex(m) - i0 + 0.5) / (i1 - i0 + 1)) * plotW;
  const y = (v: number) => PAD.top + plotH - ((v - yMin) / (yMax - yMin)) * plotH;
  const parts: string[] = [];
  parts.push(`<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`);
  for (const t of ticks) {
    parts.push(
      `<line x1="${PAD.left}" x2="${CHART_WIDTH - PAD.right}" y1="${f(y(t))}" y2="${f(y(t))}" stroke="${COLORS.grid}"
        stroke-width="1"/>`,
    );
    parts.push(
      `<text x="${PAD.left - 6}" y="${f(y(t) + 4)}" text-anchor="end" font-size="11"
        fill="${COLORS.axis}" ${FONT}>${esc(compactNumber(t))}</text>`,
    );
  }
  // Label each January, and the first month unless a January follows too closely for both to fit.
  const labelFirst = (13 - Number(monthFromIndex(i0).slice(5))) % 12 >= 4;
  for (let i = i0; i <= i1; i++) {
    const m = monthFromIndex(i);
    if (!m.endsWith('-01') && !(i === i0 && labelFirst)) continue;
    parts.push(
      `<line x1="${f(x(m))}" x2="${f(x(m))}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH + 4}"
        stroke="${COLORS.axis}"/>`,
    );
    parts.push(
      `<text x="${f(x(m))}" y="${PAD.top + plotH + 17}" text-anchor="middle" font-size="11"
        fill="${COLORS.axis}" ${FONT}>${esc(m.endsWith('-01') ? m.slice(0, 4) : m)}</text>`,
    );
  }
  if (input.forecast.length > 0) {
    parts.push(band(input.forecast, x, y, 'lo95', 'hi95', COLORS.band95));
    parts.push(band(input.forecast, x, y, 'lo80', 'hi80', COLORS.band80));
    const last = input.actuals[input.actuals.length - 1];
    // Join the forecast to the last actual when they are adjacent months, so the eye follows on.
    const joined =
      last && monthIndex(input.forecast[0]!.month) - monthIndex(last.month) === 1
        ? [last, ...input.forecast.map((p) => ({ month: p.month, value: p.point }))]
        : input.forecast.map((p) => ({ month: p.month, value: p.point }));
    parts.push(
      `<polyline points="${joined.map((p) => `${f(x(p.month))},${f(y(p.value))}`).join(' ')}" fill="none"
        stroke="${COLORS.forecast}" stroke-width="2" stroke-dasharray="6 4"/>`,
    );
  }
  for (const run of contiguousRuns(input.actuals)) {
    if (run.length > 1)
      parts.push(
        `<polyline points="${run.map((p) => `${f(x(p.month))},${f(y(p.value))}`).join(' ')}" fill="none"
          stroke="${COLORS.actual}" stroke-width="2"/>`,
      );
  }
  for (const p of input.actuals)
    parts.push(`<circle cx="${f(x(p.month))}" cy="${f(y(p.value))}" r="2.6" fill="${COLORS.actual}"/>`);
  parts.push(legend(input.unit));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}"
    height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}">${parts.join('')}</svg>`;
}

function legend(unit: string): string {
  const items: [string, string][] = [
    [`<line x1="0" x2="18" y1="0" y2="0" stroke="${COLORS.actual}" stroke-width="2"/>`, 'Actual'],
    [
      `<line x1="0" x2="18" y1="0" y2="0" stroke="${COLORS.forecast}" stroke-width="2" stroke-dasharray="6 4"/>`,
      'Forecast',
    ],
    [`<rect x="0" y="-5" width="18" height="10" fill="${COLORS.band80}"/>`, '80 % interval'],
    [`<rect x="0" y="-5" width="18" height="10" fill="${COLORS.band95}"/>`, '95 % interval'],
  ];
  let dx = PAD.left;
  const out: string[] = [];
  for (const [mark, label] of items) {
    out.push(
      `<g transform="translate(${dx},14)">${mark}<text x="24" y="4" font-size="11"
        fill="${COLORS.axis}" ${FONT}>${esc(label)}</text></g>`,
    );
    dx += 30 + label.length * 6.5;
  }
  out.push(
    `<text x="${CHART_WIDTH - PAD.right}" y="18" text-anchor="end" font-size="11"
      fill="${COLORS.axis}" ${FONT}>${esc(unit)}</text>`,
  );
  return out.join('');
}

function band(
  points: readonly ForecastPoint[],
  x: (m: string) => number,
  y: (v: number) => number,
  lo: 'lo80' | 'lo95',
  hi: 'hi80' | 'hi95',
  color: string,
): string {
  if (points.length === 1) {
    const p = points[0]!;
    return `<rect x="${f(x(p.month) - 3)}" y="${f(y(p[hi]))}" width="6" height="${f(y(p[lo]) - y(p[hi]))}"
      fill="${color}"/>`;
  }
  const upper = points.map((p) => `${f(x(p.month))},${f(y(p[hi]))}`);
  const lower = [...points].reverse().map((p) => `${f(x(p.month))},${f(y(p[lo]))}`);
  return `<polygon points="${[...upper, ...lower].join(' ')}" fill="${color}"/>`;
}

/** Runs of consecutive months; a missing month breaks the line so that a gap shows as a gap. */
export function contiguousRuns(points: readonly ActualPoint[]): ActualPoint[][] {
  const runs: ActualPoint[][] = [];
  let prev: number | null = null;
  for (const p of points) {
    const i = monthIndex(p.month);
    if (prev === null || i !== prev + 1) runs.push([]);
    runs[runs.length - 1]!.push(p);
    prev = i;
  }
  return runs;
}

/** Round tick values (1, 2, 2.5, 5 × 10^k) covering [lo, hi], three to six of them. */
export function niceTicks(lo: number, hi: number): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((s) => s * mag >= raw) ?? 10) * mag;
  const start = Math.floor(lo / step) * step;
  const ticks: number[] = [];
  for (let t = start; t < hi + step * 0.999; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function emptyChart(title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}"><rect width="100%"
    height="100%" fill="#fff"/><text x="50%" y="50%" text-anchor="middle" font-size="13"
    fill="${COLORS.axis}" ${FONT}>${esc(title)}: no figures yet</text></svg>`;
}

function f(n: number): string {
  return n.toFixed(1);
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
