/**
 * Learns forecasting/calibration-table.ts: for the method `auto` resolves to and the YoY growth baseline
 * forecast beside it, per range of histories, a curve over forecast steps (and, under two years of
 * history, over the months the models fit) of the factors by which the model's own 80 % and 95 %
 * half-widths must be scaled to cover 80 % and 95 % of the out-of-sample errors (test months) of one half
 * of a data set: a linear quantile regression of ln(|error| / half-width) on ln h, (ln h)² and ln(span),
 * its intercept then moved so that the curve covers exactly its level of the errors it was learned from
 * (conformalised quantile regression).
 *
 * Histories shorter than the data set's come from its series cut to their last N training months (the
 * default method on 30, 42, 15 and 21 months, the baseline on 15 and 21: the engine's baseline has no
 * learned curve for longer histories), and from every style of the bench's sparse regime
 * (forecast-bench-sparse.ts) derived from the same half: 13 and 24 months with scattered gaps, 18 and 36
 * with a block of six, each quarter-reported, whose filled months and known totals a clean history cut
 * short does not have.
 *
 * Usage: npx tsx test/bench/calibration-learn.ts [--split odd] [--data FILE --meta FILE] [--out FILE]
 * Learn on one half (odd, the default) and report the bench on the other (`npm run bench:forecast -- --split even`).
 */
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { resolve } from 'node:path';
import { UNCALIBRATED, type CalibrationCurve, type CurveCoefficients } from '../../forecasting/calibration.js';
import { prepareSeries, type PrepareOptions } from '../../forecasting/gaps.js';
import { runMethod } from '../../forecasting/run.js';
import { chooseMethod, yoyBaseline } from '../../forecasting/select.js';
import { repoRoot } from './bench-support.js';
import { loadBenchData } from './forecast-bench-data.js';
import { parseSplit, splitSeries } from './forecast-bench-split.js';
import { deriveSparse, sparseInputs } from './forecast-bench-sparse.js';
import { M3 } from './m3-data.js';
import { conformalQuantile, predict, quantileRegression } from './quantile-regression.js';

/** Histories (months with a figure) each method's curves cover; under two years the curve also follows the span. */
const RANGES: Record<string, readonly { from: number; to: number | null; bySpan: boolean }[]> = {
  comb4: [
    { from: 24, to: 48, bySpan: false },
    { from: 48, to: null, bySpan: false },
  ],
  'comb4-yoy': [{ from: 0, to: 24, bySpan: true }],
  'yoy-growth': [{ from: 0, to: 24, bySpan: true }],
};
const CUTS = [30, 42, 15, 21];
const BASELINE_CUTS = [15, 21];
const PATHS = 1000;

const args = process.argv.slice(2);
const option = (flag: string, fallback: string): string => {
  const i = args.indexOf(flag);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
};
const split = parseSplit(option('--split', 'odd'));
const dataFile = resolve(option('--data', M3.data));
const table = `${repoRoot}/forecasting/calibration-table.ts`;
const out = resolve(option('--out', table));
const metaFile = resolve(option('--meta', M3.meta));
const loaded = loadBenchData(dataFile, metaFile);
const data = splitSeries(loaded, split);
// Each series of the half four times over, so that it is derived in every style of the sparse regime.
const sparse = deriveSparse(
  data.flatMap((s) => [s, s, s, s]),
  metaFile,
);

interface Score {
  readonly step: number;
  readonly span: number;
  /** ln(|error| / half-width) on the side the actual fell, for the 80 % and 95 % half-widths. */
  readonly ln80: number;
  readonly ln95: number;
}

/** Scores by method and range index. */
const scores = new Map<string, Score[]>();

/** ln of |error| over a half-width, held inside ±ln 1000 so that exact hits and zero widths stay finite. */
function lnRatio(error: number, halfWidth: number): number {
  const r = halfWidth > 0 ? Math.abs(error) / halfWidth : error === 0 ? 0 : Infinity;
  return Math.log(Math.min(Math.max(r, 1e-3), 1e3));
}

function collect(
  train: Float64Array,
  test: Float64Array,
  seed: number,
  baseline = false,
  inputs: PrepareOptions = {},
): void {
  const prepared = prepareSeries(train, inputs);
  const choice = baseline
    ? { spec: yoyBaseline(prepared), reason: '', calibration: UNCALIBRATED }
    : chooseMethod('auto', prepared);
  const method = choice.spec.name;
  const range = (RANGES[method] ?? []).findIndex(
    (r) => prepared.nObserved >= r.from && (r.to === null || prepared.nObserved < r.to),
  );
  if (range < 0) return;
  const run = runMethod({ ...choice, calibration: UNCALIBRATED }, prepared, test.length, 12, PATHS, seed);
  const k = `${method}|${range}`;
  const cell = scores.get(k) ?? [];
  scores.set(k, cell);
  run.intervals.forEach((iv, i) => {
    const y = test[i] as number;
    const up = y >= iv.point;
    cell.push({
      step: i + 1,
      span: prepared.y.length,
      ln80: lnRatio(y - iv.point, up ? iv.hi80 - iv.point : iv.point - iv.lo80),
      ln95: lnRatio(y - iv.point, up ? iv.hi95 - iv.point : iv.point - iv.lo95),
    });
  });
}

function features(s: Score, bySpan: boolean): number[] {
  const lnStep = Math.log(s.step);
  return bySpan ? [1, lnStep, lnStep * lnStep, Math.log(s.span)] : [1, lnStep, lnStep * lnStep];
}

/** The conformalised quantile-regression curve of one level. */
function curve(cell: readonly Score[], bySpan: boolean, level: 0.8 | 0.95): CurveCoefficients {
  const x = cell.map((s) => features(s, bySpan));
  const y = cell.map((s) => (level === 0.8 ? s.ln80 : s.ln95));
  const beta = quantileRegression(x, y, level);
  const shift = conformalQuantile(
    y.map((v, i) => v - predict(beta, x[i] as number[])),
    level,
  );
  const round = (v: number): number => Math.round(v * 1e4) / 1e4;
  return {
    intercept: round((beta[0] as number) + shift),
    lnStep: round(beta[1] as number),
    lnStep2: round(beta[2] as number),
    lnSpan: bySpan ? round(beta[3] as number) : 0,
  };
}

data.forEach((s, index) => {
  collect(s.train, s.test, index + 1);
  for (const cut of CUTS) if (s.train.length > cut) collect(s.train.slice(-cut), s.test, index + 1);
  for (const cut of BASELINE_CUTS) if (s.train.length > cut) collect(s.train.slice(-cut), s.test, index + 1, true);
});
sparse.forEach((s, index) => collect(s.train, s.test, Math.floor(index / 4) + 1, false, sparseInputs(s)));

const curves: CalibrationCurve[] = [];
for (const [method, ranges] of Object.entries(RANGES)) {
  ranges.forEach((r, index) => {
    const cell = scores.get(`${method}|${index}`);
    if (cell === undefined) return;
    const spans = cell.map((s) => s.span);
    const c: CalibrationCurve = {
      method,
      fromMonths: r.from,
      toMonths: r.to,
      maxStep: Math.max(...cell.map((s) => s.step)),
      spanRange: [Math.min(...spans), Math.max(...spans)],
      factor80: curve(cell, r.bySpan, 0.8),
      factor95: curve(cell, r.bySpan, 0.95),
      n: cell.length,
    };
    curves.push(c);
    console.log(`${method} ${r.from}-${r.to ?? ''}: ${JSON.stringify(c)}`);
  });
}

const source = `out-of-sample errors on the ${split} half of ${dataFile.split('/').at(-1)} cut short and in every style of its sparse regime`;
const text = `/**
 * Written by \`npx tsx test/bench/calibration-learn.ts --split ${split}\`; do not edit by hand (see calibration.ts).
 * Curves of the factors of the model's own 80 % / 95 % half-widths, and the number of errors each comes from.
 */
import type { CalibrationCurve } from './calibration.js';

export const CALIBRATION_SOURCE = ${JSON.stringify(source)};

export const CALIBRATION_TABLE: readonly CalibrationCurve[] = ${JSON.stringify(curves, null, 2)};
`;
// Written as the repository's formatter would, so that learning again shows only the numbers that changed.
writeFileSync(out, await format(text, { ...(await resolveConfig(table)), filepath: table }));
console.log(`${out}: ${curves.length} curves from ${data.length} series and their sparse regime (${split} half)`);
