/**
 * Sample paths and the intervals taken from them. Every method yields paths (its own simulation, or a
 * bootstrap of its residuals), so that per-month intervals, year totals and target probabilities all come
 * from one joint distribution rather than from summed per-month bounds.
 */
import { quantilesInPlace } from './numeric/order-statistics.js';
import { randomIndex } from './random.js';
import type { FittedModel, Interval } from './types.js';

/** Quantile levels of the 80 % and 95 % central intervals. */
export const LEVELS = { lo95: 0.025, lo80: 0.1, hi80: 0.9, hi95: 0.975 } as const;

/**
 * `paths` sample paths of length h. Uses the model's own simulation when it has one; otherwise each step
 * adds a resampled one-step residual to a running error, a random-walk error growth that is wide rather
 * than narrow for models of unknown error structure.
 */
export function samplePaths(model: FittedModel, h: number, paths: number, random: () => number): Float64Array[] {
  if (model.simulate) return model.simulate(h, paths, random);
  const point = model.forecast(h);
  const residuals = model.residuals.filter((r) => Number.isFinite(r));
  return Array.from({ length: paths }, () => {
    const path = new Float64Array(h);
    let error = 0;
    for (let i = 0; i < h; i++) {
      error += residuals.length > 0 ? (residuals[randomIndex(random, residuals.length)] as number) : 0;
      path[i] = (point[i] as number) + error;
    }
    return path;
  });
}

/** Quantile levels in the order {@link quantiles} returns them. */
const ORDERED_LEVELS = [LEVELS.lo95, LEVELS.lo80, LEVELS.hi80, LEVELS.hi95];

/** The 2.5 %, 10 %, 90 % and 97.5 % quantiles of `draws`, which it reorders. */
export function quantiles(draws: Float64Array): { lo95: number; lo80: number; hi80: number; hi95: number } {
  const [lo95, lo80, hi80, hi95] = quantilesInPlace(draws, ORDERED_LEVELS) as [number, number, number, number];
  return { lo95, lo80, hi80, hi95 };
}

/** The values of step i across paths. */
export function column(paths: readonly Float64Array[], i: number): Float64Array {
  const values = new Float64Array(paths.length);
  for (let p = 0; p < paths.length; p++) values[p] = (paths[p] as Float64Array)[i] as number;
  return values;
}

/** An interval from draws (which it reorders) around a given point; the bounds are widened to include the point. */
export function intervalOf(draws: Float64Array, point: number): Interval {
  const q = quantiles(draws);
  return {
    point,
    lo80: Math.min(point, q.lo80),
    hi80: Math.max(point, q.hi80),
    lo95: Math.min(point, q.lo95),
    hi95: Math.max(point, q.hi95),
  };
}

/** Per-step intervals from paths around the point forecasts. */
export function stepIntervals(paths: readonly Float64Array[], point: Float64Array): Interval[] {
  return Array.from(point, (p, i) => intervalOf(column(paths, i), p));
}

/** Clamps paths and points at zero (for series that cannot be negative). */
export function clampAtZero(paths: Float64Array[], point: Float64Array): void {
  for (const path of paths) for (let i = 0; i < path.length; i++) if ((path[i] as number) < 0) path[i] = 0;
  for (let i = 0; i < point.length; i++) if ((point[i] as number) < 0) point[i] = 0;
}
