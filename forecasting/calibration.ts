/**
 * Interval calibration from evidence: how much wider (or narrower) than a model's own paths its 80 % and
 * 95 % intervals must be to hold their promise out of sample. A model's paths treat its parameters, its
 * structure and the future's resemblance to the past as known; the errors it actually made on series like
 * the one at hand do not.
 *
 * The evidence is a table (calibration-table.ts) of conformalised quantile regressions: for each method and
 * range of histories, the factor by which the model's 80 % (95 %) half-width must be scaled to cover 80 %
 * (95 %) of the out-of-sample errors on the series it was learned from (M3 monthly, odd half, cut short and
 * made gappy; `test/bench/calibration-learn.ts` writes it), as a smooth curve over forecast steps and, for
 * histories under two years, over their length. Curves rather than a factor per bucket and band of steps:
 * a separate factor per cell fits the noise of the ~100 series behind it, and a step function in history
 * length is badly wrong at both ends of a bucket (on the odd half, 15-month histories were covered 77 % and
 * 21-month ones 84 % by the same <24 factor). Pooled because one series' own backtest holds a handful of
 * errors per step, too few for a 95 % quantile. Where the table has no curve (a method or history it was
 * not learned for), the parameter-uncertainty widening √(1 + k/n) stands in, and the forecast says so.
 */
import { sortedColumn } from './intervals.js';
import { quantileSorted } from './numeric/stats.js';
import { CALIBRATION_SOURCE, CALIBRATION_TABLE } from './calibration-table.js';

/** What a forecast's intervals were calibrated with. */
export interface Calibration {
  /** In words a planner can read: which evidence, for which method and history. */
  readonly label: string;
  /** Factors of the 80 % and 95 % half-widths at steps 1, 2, …; steps past the end take the last. */
  readonly factor80: readonly number[];
  readonly factor95: readonly number[];
}

/** A learned log-linear curve: ln factor = intercept + lnStep·ln h + lnStep2·(ln h)² + lnSpan·ln(span). */
export interface CurveCoefficients {
  readonly intercept: number;
  readonly lnStep: number;
  readonly lnStep2: number;
  readonly lnSpan: number;
}

/** One curve of the learned table: a method and range of histories, with its 80 % and 95 % factors. */
export interface CalibrationCurve {
  readonly method: string;
  /** Months with an actual figure the curve applies to: from `fromMonths` up to, not including, `toMonths`. */
  readonly fromMonths: number;
  readonly toMonths: number | null;
  /** Steps and spans (months the models fit, filled ones included) it was learned on; beyond them the nearest end holds. */
  readonly maxStep: number;
  readonly spanRange: readonly [number, number];
  readonly factor80: CurveCoefficients;
  readonly factor95: CurveCoefficients;
  /** Out-of-sample errors the curve comes from. */
  readonly n: number;
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

/** The range of histories of a curve, in words. */
export function historyRange(curve: Pick<CalibrationCurve, 'fromMonths' | 'toMonths'>): string {
  if (curve.toMonths === null) return `>=${curve.fromMonths}`;
  return curve.fromMonths === 0 ? `<${curve.toMonths}` : `${curve.fromMonths}-${curve.toMonths - 1}`;
}

/** The factor a curve gives at `step` for a span of `span` months, both held inside what it was learned on. */
export function curveFactor(c: CurveCoefficients, curve: CalibrationCurve, step: number, span: number): number {
  const lnStep = Math.log(Math.min(Math.max(step, 1), curve.maxStep));
  const lnSpan = Math.log(Math.min(Math.max(span, curve.spanRange[0]), curve.spanRange[1]));
  return Math.exp(c.intercept + c.lnStep * lnStep + c.lnStep2 * lnStep * lnStep + c.lnSpan * lnSpan);
}

/**
 * The learned calibration of `method` for a history of `nObserved` figures over `span` months (filled ones
 * included; the models fit all of them), else the parameter widening.
 */
export function calibrationFor(method: string, nObserved: number, span = nObserved): Calibration {
  const curve = CALIBRATION_TABLE.find(
    (c) => c.method === method && nObserved >= c.fromMonths && (c.toMonths === null || nObserved < c.toMonths),
  );
  if (curve === undefined) return parameterWidening(nObserved);
  const steps = Array.from({ length: curve.maxStep }, (_, i) => i + 1);
  const bySpan = curve.factor80.lnSpan !== 0 || curve.factor95.lnSpan !== 0;
  return {
    label: `learned from out-of-sample errors of ${method} on histories of ${historyRange(curve)} months, smoothed over steps${bySpan ? ' and history length' : ''} (${CALIBRATION_SOURCE})`,
    factor80: steps.map((h) => curveFactor(curve.factor80, curve, h, span)),
    factor95: steps.map((h) => curveFactor(curve.factor95, curve, h, span)),
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
    const sorted = sortedColumn(paths, i);
    const up = sideMap(quantileSorted(sorted, 0.9) - p, quantileSorted(sorted, 0.975) - p, f80, f95);
    const down = sideMap(p - quantileSorted(sorted, 0.1), p - quantileSorted(sorted, 0.025), f80, f95);
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
