/**
 * Interval calibration from evidence: how much wider (or narrower) than a model's own paths its 80 % and
 * 95 % intervals must be to hold their promise out of sample. A model's paths treat its parameters, its
 * structure and the future's resemblance to the past as known; the errors it actually made on series like
 * the one at hand do not.
 *
 * The evidence is a table (calibration-table.ts) of split-conformal quantiles: for each method, history
 * pool and band of forecast steps, the factor by which the model's 80 % (95 %) half-width must be scaled
 * to cover 80 % (95 %) of the out-of-sample errors on the series it was learned from (M3 monthly, odd half;
 * `test/bench/calibration-learn.ts` writes it). Pooled because one series' own backtest holds a handful of
 * errors per step, too few for a 95 % quantile. Where the table has no row (a method or history it was not
 * learned for), the parameter-uncertainty widening √(1 + k/n) stands in, and the forecast says so.
 */
import { column, quantiles } from './intervals.js';
import { CALIBRATION_SOURCE, CALIBRATION_TABLE } from './calibration-table.js';

/** What a forecast's intervals were calibrated with. */
export interface Calibration {
  /** In words a planner can read: which evidence, for which method and history. */
  readonly label: string;
  /** Factors of the 80 % and 95 % half-widths at steps 1, 2, …; steps past the end take the last. */
  readonly factor80: readonly number[];
  readonly factor95: readonly number[];
}

/** One row of the learned table: a method and history pool, with factors per band of steps. */
export interface CalibrationRow {
  readonly method: string;
  readonly history: HistoryPool;
  readonly bands: readonly {
    readonly fromStep: number;
    readonly toStep: number;
    readonly factor80: number;
    readonly factor95: number;
    /** Out-of-sample errors the factors come from. */
    readonly n: number;
  }[];
}

/** History buckets in months with an actual figure, as the bench reports coverage. */
export const HISTORY_BUCKETS = ['<24', '24-47', '48-95', '>=96'] as const;
export type HistoryBucket = (typeof HISTORY_BUCKETS)[number];

export function historyBucket(months: number): HistoryBucket {
  if (months < 24) return '<24';
  if (months < 48) return '24-47';
  if (months < 96) return '48-95';
  return '>=96';
}

/**
 * History pools the table is learned and looked up by: the bench's buckets, except that histories of four
 * years or more share one row. Under four years the factors grow as the history shortens (a short history's
 * model knows less of its season and trend); from four years on, a row per bucket rests on few series (203
 * with 48-95 months in M3's odd half) and carried over worse. In 200 random halvings of M3's odd half
 * (`calibration-learn.ts --compare-pools`), factors learned on one half and applied to the other missed 80 %
 * by 2.2 points on 48-95 months and 1.5 on ≥ 96 with a row per bucket, by 1.6 and 1.4 with the shared row
 * (95 %: 1.3 and 0.9 against 1.2 and 0.8).
 */
export const HISTORY_POOLS = ['<24', '24-47', '>=48'] as const;
export type HistoryPool = (typeof HISTORY_POOLS)[number];

/** A pool in words, as a forecast's calibration names it. */
export const POOL_WORDS: Record<HistoryPool, string> = {
  '<24': 'under 24 months',
  '24-47': '24-47 months',
  '>=48': '48 months or more',
};

export function historyPool(months: number): HistoryPool {
  const bucket = historyBucket(months);
  return bucket === '48-95' || bucket === '>=96' ? '>=48' : bucket;
}

/** The model's own paths, unchanged (methods asked for by name keep what the model says). */
export const UNCALIBRATED: Calibration = {
  label: "the model's own intervals, not calibrated",
  factor80: [1],
  factor95: [1],
};

/** Effective number of estimated parameters for the parameter-uncertainty widening. */
export const EFFECTIVE_PARAMETERS = 6;

/**
 * The widening √(1 + k/n) with k = 6 for n actual figures: the prediction variance with k estimated
 * parameters is about σ²(1 + k/n) where the paths assume σ² alone. 1.02 for ten years, 1.15 for 18 months.
 */
export function parameterWidening(nObserved: number): Calibration {
  const factor = Math.sqrt(1 + EFFECTIVE_PARAMETERS / Math.max(1, nObserved));
  return {
    label: `parameter-uncertainty widening √(1 + ${EFFECTIVE_PARAMETERS}/${nObserved}) = ${factor.toFixed(2)}× (no learned calibration for this method and history)`,
    factor80: [factor],
    factor95: [factor],
  };
}

/** The learned calibration of `method` for a history of `nObserved` figures, else the parameter widening. */
export function calibrationFor(method: string, nObserved: number): Calibration {
  const pool = historyPool(nObserved);
  const row = CALIBRATION_TABLE.find((r) => r.method === method && r.history === pool);
  if (row === undefined) return parameterWidening(nObserved);
  const steps = Math.max(...row.bands.map((b) => b.toStep));
  const factor = (i: number, level: 'factor80' | 'factor95'): number =>
    (row.bands.find((b) => i + 1 >= b.fromStep && i + 1 <= b.toStep) ?? (row.bands.at(-1) as (typeof row.bands)[0]))[
      level
    ];
  return {
    label: `learned from out-of-sample errors of ${method} on histories of ${POOL_WORDS[pool]}, in ${CALIBRATION_SOURCE}`,
    factor80: Array.from({ length: steps }, (_, i) => factor(i, 'factor80')),
    factor95: Array.from({ length: steps }, (_, i) => factor(i, 'factor95')),
  };
}

const at = (factors: readonly number[], i: number): number => factors[Math.min(i, factors.length - 1)] as number;

/**
 * Rescales every path's deviation from the point forecast (in place) so that the 80 % and 95 % bounds move
 * out (or in) by their factors: a monotone, piecewise-linear map of each side's deviations through the
 * paths' own 80 % and 95 % quantiles. Monotone, so each path keeps its rank at every step and year totals
 * stay joint.
 */
export function applyCalibration(paths: Float64Array[], point: Float64Array, calibration: Calibration): void {
  for (let i = 0; i < point.length; i++) {
    const f80 = at(calibration.factor80, i);
    const f95 = at(calibration.factor95, i);
    if (f80 === 1 && f95 === 1) continue;
    const p = point[i] as number;
    const q = quantiles(column(paths, i));
    const up = sideMap(q.hi80 - p, q.hi95 - p, f80, f95);
    const down = sideMap(p - q.lo80, p - q.lo95, f80, f95);
    for (const path of paths) {
      const d = (path[i] as number) - p;
      path[i] = d >= 0 ? p + up(d) : p - down(-d);
    }
  }
}

/** The map of a deviation d ≥ 0 on one side: d80 to f80·d80, d95 to f95·d95, linear between and beyond. */
function sideMap(d80: number, d95: number, f80: number, f95: number): (d: number) => number {
  const a = Math.max(0, d80);
  const b = Math.max(a, d95);
  const to80 = f80 * a;
  const to95 = Math.max(to80, f95 * b);
  if (b === 0) return (d) => d * f95;
  if (a === 0 || b === a) return (d) => (d <= b ? (d * to95) / b : to95 + (d - b) * f95);
  return (d) => {
    if (d <= a) return d * f80;
    if (d <= b) return to80 + ((d - a) * (to95 - to80)) / (b - a);
    return to95 + (d - b) * f95;
  };
}
