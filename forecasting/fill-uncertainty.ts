/**
 * The uncertainty of filled months, carried into the sample paths by multiple imputation. The method is
 * refitted on a few copies of the series whose filled months are drawn around their fill: a random walk
 * with the series' own month-to-month noise, tied to the figures on both sides of the gap (a bridge) or
 * starting from the one figure beside it, then rescaled so that every known total still holds. The paths
 * then spread by how much the refits' forecasts differ, on top of the model's own errors: by what the
 * filled months could have been. The point forecast stays the one fitted to the fill itself.
 */
import { meetTotal, type PreparedSeries } from './gaps.js';
import { normalSource, seededRandom } from './random.js';
import type { ModelSpec } from './types.js';

/** Refits per forecast: enough for the between-imputation spread to show, few enough to stay cheap. */
export const IMPUTATIONS = 5;

/** One draw of the series with its filled months replaced by plausible values. */
export function drawImputation(series: PreparedSeries, normal: () => number): Float64Array {
  const { observed, fillNoise: sigma } = series;
  const y = series.y.slice();
  const n = y.length;
  const logs = series.y.every((v) => v > 0);
  for (let i = 0; i < n; i++) {
    if (observed[i]) continue;
    let j = i;
    while (j < n && !observed[j]) j++;
    const gap = j - i;
    const left = i > 0;
    const right = j < n;
    const steps = gap + (left && right ? 1 : 0);
    const walk = new Float64Array(steps + 1);
    for (let r = 1; r <= steps; r++) walk[r] = (walk[r - 1] as number) + sigma * normal();
    for (let r = 1; r <= gap; r++) {
      // Between two figures the walk is pinned at both ends; before the first figure it runs backwards.
      const bridge = left && right;
      const deviation = bridge ? (walk[r] as number) - (r / steps) * (walk[steps] as number) : (walk[r] as number);
      const variance = sigma * sigma * (bridge ? (r * (steps - r)) / steps : r);
      const k = left ? i + r - 1 : j - r;
      // In logs the draw is centred on the fill's level, not its median: exp(d − var/2) has mean 1.
      y[k] = logs ? (y[k] as number) * Math.exp(deviation - variance / 2) : (y[k] as number) + deviation;
    }
    i = j;
  }
  for (const span of series.spans) meetTotal(y, observed, span);
  return y;
}

/**
 * Adds to each path (in place) a shift with the spread the imputations' refits show around the fill's own
 * forecast `point`; does nothing for a series without filled months. Each path's shift is a random
 * combination of the refits' centred forecasts, Σ z_m (f_m − f̄) / √(M − 1) with z_m standard normal (in
 * logs for positive forecasts, applied as a factor), so that it has their covariance across the horizon
 * (scaled by Rubin's 1 + 1/M) without clustering on M values.
 */
export function addFillUncertainty(
  paths: Float64Array[],
  point: Float64Array,
  spec: ModelSpec,
  series: PreparedSeries,
  period: number,
  seed: number,
): void {
  if (series.filled === 0 || series.fillNoise === 0) return;
  const normal = normalSource(seededRandom((seed ^ 0x9e3779b9) >>> 0));
  const h = point.length;
  const forecasts: Float64Array[] = [];
  for (let m = 0; m < IMPUTATIONS; m++) {
    const y = drawImputation(series, normal);
    try {
      forecasts.push(spec.fit(y, period).forecast(h));
    } catch {
      // a draw the model cannot fit adds nothing
    }
  }
  const m = forecasts.length;
  if (m < 2) return;
  // A positive series' forecasts differ by factors, not amounts: spread them in logs so no path goes below 0.
  const logs = forecasts.every((f) => f.every((v) => v > 0));
  const centre = new Float64Array(h);
  const at = (v: number): number => (logs ? Math.log(v) : v);
  for (const f of forecasts) for (let i = 0; i < h; i++) centre[i] = (centre[i] as number) + at(f[i] as number) / m;
  const scale = Math.sqrt((1 + 1 / m) / (m - 1));
  const centred = forecasts.map((f) => Float64Array.from(f, (v, i) => (at(v) - (centre[i] as number)) * scale));
  for (const path of paths) {
    const shift = new Float64Array(h);
    for (const c of centred) {
      const z = normal();
      for (let i = 0; i < h; i++) shift[i] = (shift[i] as number) + z * (c[i] as number);
    }
    for (let i = 0; i < h; i++)
      path[i] = logs ? (path[i] as number) * Math.exp(shift[i] as number) : (path[i] as number) + (shift[i] as number);
  }
}
