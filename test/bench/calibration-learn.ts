/**
 * Learns forecasting/calibration-table.ts: for the method `auto` resolves to and the YoY growth baseline
 * forecast beside it, per history pool and band of forecast steps, the split-conformal factors by which
 * the model's own 80 % and 95 % half-widths must be scaled to cover 80 % and 95 % of the out-of-sample
 * errors (test months) of one half of a data set. Histories shorter than the data set's come from its
 * series cut to their last N training months (the default method on 30, 42, 15 and 21 months, the
 * baseline on 15 and 21: the engine's baseline has no learned row for longer histories), and from the same
 * half of the bench's sparse and gappy regimes (forecast-bench-sparse.ts: short, gappy, quarter-reported;
 * longer with 40 % of months never published), whose filled months and known totals a clean history cut
 * short does not have. The gappy regime gives the mean of comb4 and the growth baseline its only errors on
 * 24-47 figures: without them such a series (China NEV sales, 26 figures in 50 months) took the parameter
 * widening, whose 80 % intervals held 88-89 % of that regime's test months.
 *
 * Usage: npx tsx test/bench/calibration-learn.ts [--split odd] [--data FILE --meta FILE] [--origins 0,12,24] [--out FILE]
 *        npx tsx test/bench/calibration-learn.ts [--split odd] --compare-pools
 * Learn on one half (odd, the default) and report the bench on the other (`npm run bench:forecast -- --split even`).
 * `--compare-pools` writes nothing: on the half's own series, with their whole histories, it learns factors on
 * one random half of them and applies them to the other, 200 times, with a row per history bucket and with
 * the table's pools (calibration.ts, HISTORY_POOLS), and prints how far each missed 80 % and 95 % per bucket.
 */
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { resolve } from 'node:path';
import {
  historyBucket,
  historyPool,
  UNCALIBRATED,
  type CalibrationRow,
  type HistoryPool,
} from '../../forecasting/calibration.js';
import { prepareSeries, type PrepareOptions } from '../../forecasting/gaps.js';
import { runMethod } from '../../forecasting/run.js';
import { chooseMethod, yoyBaseline } from '../../forecasting/select.js';
import { repoRoot } from './bench-support.js';
import { loadBenchData } from './forecast-bench-data.js';
import { parseSplit, splitSeries } from './forecast-bench-split.js';
import { deriveSparse } from './forecast-bench-sparse.js';
import { M3 } from './m3-data.js';

const BANDS = [
  [1, 3],
  [4, 6],
  [7, 12],
  [13, 18],
  [19, 24],
] as const;
const HORIZON = BANDS.at(-1)![1];
const CUTS = [30, 42, 15, 21];
const BASELINE_CUTS = [15, 21];
const PATHS = 1000;
/** Months of history below which an earlier origin is left out: two years, as `auto`'s models need. */
const MIN_HISTORY = 24;

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
/**
 * `--origins 0,12,24`: forecast origins, in months before the end of a series' training part; 0 (the
 * default) scores its test months, 12 and 24 the 24 months after origins one and two years earlier. The
 * table in use is learned from origin 0 alone. Learned from all three, it held 80 % intervals to 77.5 %
 * instead of 75.2 % on the even half 24 months before its test part (`bench:forecast -- --split even
 * --earlier 24`), but to 88 % instead of 83 % on M3's even half with 48-95 months: the history buckets hold
 * other series at other origins (README, "Tests and benchmarks").
 */
const comparing = args.includes('--compare-pools');
const ORIGINS = option('--origins', '0').split(',').map(Number);
if (!ORIGINS.every((o) => Number.isInteger(o) && o >= 0))
  throw new Error(`--origins must be whole numbers of months from 0, comma-separated, got ${option('--origins', '0')}`);
const loaded = loadBenchData(dataFile, metaFile);
const data = splitSeries(loaded, split);
const sparse = [
  ...splitSeries(deriveSparse(loaded, metaFile, 'sparse'), split),
  ...splitSeries(deriveSparse(loaded, metaFile, 'gappy'), split),
];

/** Scores by method, pool and band: |error| over the model's half-width on the side the actual fell. */
const scores = new Map<string, { s80: number[]; s95: number[] }>();
const key = (method: string, pool: HistoryPool, band: number): string => `${method}|${pool}|${band}`;

/** Per series, the default method's scores on its whole history at origin 0, for `--compare-pools`. */
interface SeriesScores {
  readonly method: string;
  readonly months: number;
  readonly s80: number[];
  readonly s95: number[];
}
const wholeHistories: SeriesScores[] = [];

function ratio(error: number, halfWidth: number): number {
  if (halfWidth > 0) return Math.abs(error) / halfWidth;
  return error === 0 ? 0 : Infinity;
}

function collect(
  train: Float64Array,
  test: Float64Array,
  seed: number,
  baseline = false,
  inputs: PrepareOptions = {},
): SeriesScores {
  const prepared = prepareSeries(train, inputs);
  const choice = baseline
    ? { spec: yoyBaseline(prepared), reason: '', calibration: UNCALIBRATED }
    : chooseMethod('auto', prepared);
  const run = runMethod({ ...choice, calibration: UNCALIBRATED }, prepared, test.length, 12, PATHS, seed);
  const pool = historyPool(prepared.nObserved);
  const series: SeriesScores = { method: choice.spec.name, months: prepared.nObserved, s80: [], s95: [] };
  run.intervals.forEach((iv, i) => {
    const band = bandOf(i);
    if (band < 0) return;
    const y = test[i] as number;
    const k = key(choice.spec.name, pool, band);
    let cell = scores.get(k);
    if (cell === undefined) scores.set(k, (cell = { s80: [], s95: [] }));
    const up = y >= iv.point;
    series.s80.push(ratio(y - iv.point, up ? iv.hi80 - iv.point : iv.point - iv.lo80));
    series.s95.push(ratio(y - iv.point, up ? iv.hi95 - iv.point : iv.point - iv.lo95));
    cell.s80.push(series.s80[i] as number);
    cell.s95.push(series.s95[i] as number);
  });
  return series;
}

/** The band of forecast step i + 1, or -1 past the last. */
const bandOf = (i: number): number => BANDS.findIndex(([from, to]) => i + 1 >= from && i + 1 <= to);

/** The split-conformal quantile: the ⌈(n + 1)·level⌉-th smallest score. */
function conformal(values: number[], level: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.ceil((sorted.length + 1) * level)) - 1] as number;
}

data.forEach((s, index) => {
  const whole = new Float64Array(s.train.length + s.test.length);
  whole.set(s.train);
  whole.set(s.test, s.train.length);
  for (const back of ORIGINS) {
    const origin = s.train.length - back;
    if (origin < MIN_HISTORY) continue;
    const train = whole.subarray(0, origin);
    const test = whole.subarray(origin, origin + HORIZON);
    const scored = collect(train, test, index + 1);
    if (back === 0) wholeHistories.push(scored);
    if (comparing) continue;
    for (const cut of CUTS) if (train.length > cut) collect(train.slice(-cut), test, index + 1);
    for (const cut of BASELINE_CUTS) if (train.length > cut) collect(train.slice(-cut), test, index + 1, true);
  }
});
if (comparing) {
  comparePools(wholeHistories);
  process.exit(0);
}
sparse.forEach((s, index) => collect(s.train, s.test, index + 1, false, { totals: s.totals, phase: s.phase }));

const rows: CalibrationRow[] = [];
const groups = new Set([...scores.keys()].map((k) => k.split('|').slice(0, 2).join('|')));
for (const group of [...groups].sort()) {
  const [method, history] = group.split('|') as [string, HistoryPool];
  const bands = BANDS.flatMap(([fromStep, toStep], band) => {
    const cell = scores.get(key(method, history, band));
    // Steps past the last band with errors take its factors (calibration.ts).
    if (cell === undefined) return [];
    const round = (v: number): number => Math.round(v * 1000) / 1000;
    return [
      {
        fromStep,
        toStep,
        factor80: round(conformal(cell.s80, 0.8)),
        factor95: round(conformal(cell.s95, 0.95)),
        n: cell.s80.length,
      },
    ];
  });
  rows.push({ method, history, bands });
  console.log(
    `${method} ${history}: ${bands.map((b) => `steps ${b.fromStep}-${b.toStep} ×${b.factor80}/×${b.factor95} (${b.n})`).join(', ')}`,
  );
}

const source = `the ${split} half of ${dataFile.split('/').at(-1)} and of its sparse and gappy regimes`;
const text = `/**
 * Written by \`npx tsx test/bench/calibration-learn.ts --split ${split}\`; do not edit by hand (see calibration.ts).
 * Factors of the model's own 80 % / 95 % half-widths, and the number of errors each comes from.
 */
import type { CalibrationRow } from './calibration.js';

export const CALIBRATION_SOURCE = ${JSON.stringify(source)};

export const CALIBRATION_TABLE: readonly CalibrationRow[] = ${JSON.stringify(rows, null, 2)};
`;
// Written as the repository's formatter would, so that learning again shows only the numbers that changed.
writeFileSync(out, await format(text, { ...(await resolveConfig(table)), filepath: table }));
console.log(
  `${out}: ${rows.length} rows from ${data.length} series and their sparse and gappy regimes (${split} half)`,
);

/**
 * Learns factors on a random half of `series` and counts how often the other half's scores fall within them,
 * by history bucket, once with a row per bucket and once with a row per pool; 200 halvings, both ways round.
 */
function comparePools(series: readonly SeriesScores[]): void {
  const byBucket = (s: SeriesScores): string => historyBucket(s.months);
  const byPool = (s: SeriesScores): string => historyPool(s.months);
  const learn = (rows: readonly SeriesScores[], group: (s: SeriesScores) => string): Map<string, [number, number]> => {
    const cells = new Map<string, { s80: number[]; s95: number[] }>();
    for (const s of rows)
      s.s80.forEach((v, i) => {
        const k = `${s.method}|${group(s)}|${bandOf(i)}`;
        let cell = cells.get(k);
        if (cell === undefined) cells.set(k, (cell = { s80: [], s95: [] }));
        cell.s80.push(v);
        cell.s95.push(s.s95[i] as number);
      });
    return new Map([...cells].map(([k, c]) => [k, [conformal(c.s80, 0.8), conformal(c.s95, 0.95)]]));
  };
  const misses = new Map<string, { d80: number; d95: number; n: number }>();
  let state = 7;
  // A fixed linear congruential generator, so that the printed figures can be had again.
  const random = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let round = 0; round < 200; round++) {
    const halves: [SeriesScores[], SeriesScores[]] = [[], []];
    for (const s of series) halves[random() < 0.5 ? 0 : 1].push(s);
    for (const [rows, group] of [
      ['bucket', byBucket],
      ['pool', byPool],
    ] as const)
      for (const [from, to] of [halves, [halves[1], halves[0]]] as const) {
        const factors = learn(from, group);
        const held = new Map<string, [number, number, number]>();
        for (const s of to)
          s.s80.forEach((v, i) => {
            const f = factors.get(`${s.method}|${group(s)}|${bandOf(i)}`);
            if (f === undefined) return;
            const cell = held.get(byBucket(s)) ?? [0, 0, 0];
            cell[0] += v <= f[0] ? 1 : 0;
            cell[1] += (s.s95[i] as number) <= f[1] ? 1 : 0;
            cell[2] += 1;
            held.set(byBucket(s), cell);
          });
        for (const [bucket, [c80, c95, n]] of held) {
          const k = `${bucket} ${rows}`;
          const m = misses.get(k) ?? { d80: 0, d95: 0, n: 0 };
          misses.set(k, { d80: m.d80 + Math.abs(c80 / n - 0.8), d95: m.d95 + Math.abs(c95 / n - 0.95), n: m.n + 1 });
        }
      }
  }
  for (const [k, m] of [...misses].sort(([a], [b]) => a.localeCompare(b)))
    console.log(
      `history ${k.replace(' ', ': row per ')}: mean miss of 80 % ${((100 * m.d80) / m.n).toFixed(1)} points, of 95 % ${((100 * m.d95) / m.n).toFixed(1)} points (${m.n} held-out halves)`,
    );
}
