/**
 * `--regime sparse`: short, gappy, quarter-reported series derived deterministically (seed 1) from any data
 * set in the bench's format, the way planners' data looks. The series at 1-based position p keeps the last
 * L = 13, 18, 24, 36 training months for p mod 4 = 1, 2, 3, 0; odd positions lose 30 % of the kept months at
 * random (never the last), even positions one block of 6 consecutive months ending at least 3 months before
 * the last; calendar months come from `start_year`/`start_month` of the meta file; every calendar quarter
 * wholly inside the kept window that lost a month has its total given. Horizon 12 (the first 12 test months).
 *
 * `--regime gappy`: longer series with many months never published and no totals, as a national market
 * series reads where its figures come from news reports (China NEV sales: 26 monthly figures in 50 months).
 * The series at position p keeps the last L = 42 or 54 training months (p odd, even) and loses 40 % of them
 * at random (never the last), which leaves it 24-47 figures with more than a quarter of its span missing:
 * the histories `auto` answers with the mean of comb4 and the growth baseline, and which the sparse regime
 * does not reach. Same seed and calendar months; horizon 18, as M3's.
 *
 * MASE is scaled by the seasonal naive errors of the whole original training series, for every method and
 * for R alike: the kept window of 13 months has a single seasonal difference, too few to scale by.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareSeries, type KnownSum } from '../../forecasting/gaps.js';
import { maseScale } from '../../forecasting/metrics.js';
import { seededRandom } from '../../forecasting/random.js';
import { readStarts } from './forecast-bench-calendar.js';
import type { BenchSeries } from './forecast-bench-data.js';
import { rEtsInterp } from './forecast-bench-sparse-r.js';
import type { SeriesResult, WorkerSeries } from './forecast-bench-worker.js';
import type { MethodScore } from './forecast-bench.js';

export const SPARSE_HORIZON = 12;
/** The gappy regime's series are longer: scored, as M3's are, on 18 months, so that its calibration has errors that far out. */
export const GAPPY_HORIZON = 18;
/** Marks the model of a series a named method could not fit (too short a series in the sparse regime). */
export const FALLBACK = 'fallback to auto: ';
export type Regime = 'sparse' | 'gappy';
export const REGIMES: readonly Regime[] = ['sparse', 'gappy'];
const KEPT: Record<number, number> = { 1: 13, 2: 18, 3: 24, 0: 36 };
const LOST_SHARE = 0.3;
const GAPPY_KEPT: Record<number, number> = { 1: 42, 0: 54 };
const GAPPY_LOST_SHARE = 0.4;
const BLOCK = 6;
/** The block ends at least this many months before the last kept month. */
const BLOCK_GAP = 3;

export interface SparseSeries extends BenchSeries {
  /** The kept window without gaps, for the error of the filled months. */
  readonly truth: Float64Array;
  /** The whole original training series, which scales MASE. */
  readonly scaleTrain: Float64Array;
  /** Known quarter totals, positions in `train`. */
  readonly totals: KnownSum[];
  /** Calendar month of train[0], 0 = January, and its year. */
  readonly phase: number;
  readonly startYear: number;
  /**
   * The training months before the kept window, and the calendar month of their first: with `--related`, the
   * related series whose seasonal shape the engine may borrow. A market series of the same metric stands in
   * this place for a planner; this one shares the series' seasonal pattern by construction, so what it gives
   * is what borrowing gives at best.
   */
  readonly older: { readonly values: Float64Array; readonly phase: number };
}

/** `count` distinct positions from 0..n−1, in the order drawn. */
function sample(random: () => number, n: number, count: number): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (n - i));
    [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
  }
  return pool.slice(0, count);
}

/** The months lost by the series at 1-based position p, kept length L. */
function lostMonths(random: () => number, p: number, L: number, regime: Regime): number[] {
  if (regime === 'gappy') return sample(random, L - 1, Math.round(GAPPY_LOST_SHARE * L));
  if (p % 2 === 1) return sample(random, L - 1, Math.round(LOST_SHARE * L));
  const lastEnd = L - 1 - BLOCK_GAP;
  const end = BLOCK - 1 + Math.floor(random() * (lastEnd - (BLOCK - 1) + 1));
  return Array.from({ length: BLOCK }, (_, k) => end - BLOCK + 1 + k);
}

/** Derives the sparse (or gappy) regime from `data` (in meta-file order) and the meta file's start months. */
export function deriveSparse(
  data: readonly BenchSeries[],
  metaFile: string,
  regime: Regime = 'sparse',
): SparseSeries[] {
  const starts = readStarts(metaFile);
  if (starts === null)
    throw new Error(`${metaFile}: --regime ${regime} needs series_id, start_year and start_month columns`);
  const random = seededRandom(1);
  return data.map((s, i) => {
    const p = i + 1;
    const L = Math.min((regime === 'gappy' ? GAPPY_KEPT[p % 2] : KEPT[p % 4]) as number, s.train.length);
    const start = starts.get(s.id);
    if (start === undefined) throw new Error(`${metaFile}: no start month for ${s.id}`);
    const truth = s.train.slice(s.train.length - L);
    const first = start + s.train.length - L;
    const phase = ((first % 12) + 12) % 12;
    const train = truth.slice();
    const horizon = regime === 'gappy' ? GAPPY_HORIZON : SPARSE_HORIZON;
    const lost = lostMonths(random, p, L, regime);
    for (const t of lost) train[t] = NaN;
    const totals: KnownSum[] = [];
    // Quarters start at calendar months 0, 3, 6, 9: position t starts one when (phase + t) % 3 === 0.
    for (let t = (3 - (phase % 3)) % 3; regime === 'sparse' && t + 2 < L; t += 3) {
      if (![t, t + 1, t + 2].some((k) => Number.isNaN(train[k] as number))) continue;
      const total = (truth[t] as number) + (truth[t + 1] as number) + (truth[t + 2] as number);
      totals.push({ from: t, to: t + 2, total, field: `totals[${totals.length}]` });
    }
    return {
      id: s.id,
      horizon,
      train,
      test: s.test.slice(0, horizon),
      truth,
      scaleTrain: s.train,
      totals,
      phase,
      startYear: (first - phase) / 12,
      older: { values: s.train.slice(0, s.train.length - L), phase: (((first - (s.train.length - L)) % 12) + 12) % 12 },
    };
  });
}

/** The training values that scale a series' MASE: the original ones in the sparse regime. */
export function scaleSeries(d: BenchSeries): Float64Array {
  return 'scaleTrain' in d ? (d as SparseSeries).scaleTrain : d.train;
}

/** What the worker needs beyond the values to prepare a sparse series as the engine does; `related`: its older history as its related series. */
export function sparseInputs(d: BenchSeries, related = false): Omit<WorkerSeries, 'train' | 'horizon'> {
  if (!('totals' in d)) return {};
  const s = d as SparseSeries;
  return {
    totals: s.totals,
    phase: s.phase,
    ...(related && s.older.values.length > 0 && { related: { name: 'its older history', ...s.older } }),
  };
}

/** Mean scaled error of the filled months, in quarters with a known total and elsewhere. */
function fillErrors(
  series: readonly SparseSeries[],
  useTotals: boolean,
): { total: number; nTotal: number; free: number; nFree: number } {
  const sums = { total: 0, nTotal: 0, free: 0, nFree: 0 };
  for (const s of series) {
    const prepared = prepareSeries(s.train, { ...(useTotals ? { totals: s.totals } : {}), phase: s.phase });
    const scale = maseScale(s.scaleTrain, 12);
    const inTotal = new Set(s.totals.flatMap((t) => [t.from, t.from + 1, t.from + 2]));
    for (let t = 0; t < s.train.length; t++) {
      const at = t - prepared.offset;
      // Months before the first figure (and outside any total) are left out, not filled.
      if (!Number.isNaN(s.train[t] as number) || at < 0 || at >= prepared.y.length) continue;
      const error = Math.abs((prepared.y[at] as number) - (s.truth[t] as number)) / scale;
      if (inTotal.has(t)) {
        sums.total += error;
        sums.nTotal++;
      } else {
        sums.free += error;
        sums.nFree++;
      }
    }
  }
  return sums;
}

/**
 * The error of the filled months against the values that were removed, scaled as MASE is, for months in a
 * quarter with a known total and for the others, and what it would be without the totals; one line with
 * neither `smape=` nor `cov80=`.
 */
export function filledMonthError(series: readonly SparseSeries[]): string {
  const a = fillErrors(series, true);
  const b = fillErrors(series, false);
  const mean = (sum: number, n: number) => (sum / n).toFixed(3);
  const head = `filled months, |filled - removed| / MASE scale: mean ${mean(a.total + a.free, a.nTotal + a.nFree)} over ${a.nTotal + a.nFree} months; `;
  // The gappy regime gives no totals.
  if (a.nTotal === 0) return `${head}no known totals`;
  return (
    head +
    `${mean(a.total, a.nTotal)} in quarters with a known total (${a.nTotal} months; without the totals ${mean(b.total, b.nTotal)} over the ${b.nTotal} of them filled), ` +
    `${mean(a.free, a.nFree)} elsewhere (${a.nFree} months)`
  );
}

/**
 * Writes the derived inputs in the bench's format (missing months as `NA`), its meta file (with the kept
 * window's start month) and `totals.csv` (`series_id,from_t,to_t,total`, 1-based positions in train).
 */
export function emitSparse(dir: string, series: readonly SparseSeries[]): string[] {
  mkdirSync(dir, { recursive: true });
  const data = ['series_id,split,t,value'];
  const meta = ['series_id,horizon,start_year,start_month,n_train'];
  const totals = ['series_id,from_t,to_t,total'];
  for (const s of series) {
    s.train.forEach((v, i) => data.push(`${s.id},train,${i + 1},${Number.isNaN(v) ? 'NA' : v}`));
    s.test.forEach((v, i) => data.push(`${s.id},test,${i + 1},${v}`));
    meta.push(`${s.id},${s.horizon},${s.startYear},${s.phase + 1},${s.train.length}`);
    for (const t of s.totals) totals.push(`${s.id},${t.from + 1},${t.to + 1},${t.total}`);
  }
  const files = ['sparse.csv', 'sparse-meta.csv', 'totals.csv'].map((f) => join(dir, f));
  writeFileSync(files[0] as string, `${data.join('\n')}\n`);
  writeFileSync(files[1] as string, `${meta.join('\n')}\n`);
  writeFileSync(files[2] as string, `${totals.join('\n')}\n`);
  return files;
}

/**
 * The sparse regime's lines before the summary: the filled months' error and, when asked and R is
 * installed, R's ets(na.interp(x)) scored on the same inputs beside the default method.
 */
export function sparseLines(
  series: readonly SparseSeries[],
  withR: boolean,
  best: MethodScore,
  score: (results: SeriesResult[], seconds: number) => MethodScore,
): string[] {
  const lines = [filledMonthError(series)];
  if (!withR) return [...lines, "R's ets(na.interp(x)) not scored (pass --r, with Rscript and the forecast package)"];
  const r = rEtsInterp(series);
  const s = score(r.results, r.seconds);
  lines.push(
    `R ets(na.interp(x)) on the same inputs: sMAPE ${s.smape.toFixed(3)}, MASE ${s.mase.toFixed(3)}, ` +
      `80 % coverage ${s.cov80.toFixed(3)}, 95 % coverage ${s.cov95.toFixed(3)}, ${s.secondsPerSeries.toFixed(4)} s/series (one core); ` +
      `${best.method} MASE ratio to it ${(best.mase / s.mase).toFixed(4)}, sMAPE ratio ${(best.smape / s.smape).toFixed(4)}`,
  );
  return lines;
}
