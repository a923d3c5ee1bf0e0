/**
 * Derivative-free minimisation by the Nelder–Mead simplex method, following the variant of R's `optim()`
 * (`nmmin` in R's optim.c, which forecast::ets() also uses): reflection 1, contraction 0.5, expansion 2,
 * convergence when the simplex's function values span less than `relTol * (|f(x0)| + relTol)`.
 *
 * Differences from R, all opt-in: a per-coordinate initial step (R uses one step, a tenth of the largest
 * |x0[i]|, for every coordinate, which is far too large for smoothing parameters when the other
 * coordinates are states on the scale of the data), and a cap on evaluations.
 */

/** Values of non-finite objective evaluations are replaced by this, as in R. */
const BIG = 1e35;

export interface NelderMeadOptions {
  /** Maximum number of objective evaluations (R's `maxit` counts evaluations too). Default 2000. */
  readonly maxEval?: number;
  /** Relative tolerance on the spread of the simplex's values. Default sqrt(machine epsilon), as R. */
  readonly relTol?: number;
  /** Stop as soon as the best value is at or below this. Default -Infinity. */
  readonly absTol?: number;
  /**
   * Initial simplex step for each coordinate. Default: R's rule, `0.1 * max |x0[i]|` (0.1 when x0 is 0)
   * for every coordinate.
   */
  readonly step?: Float64Array;
}

export interface NelderMeadResult {
  /** The best point found (a new array). */
  readonly x: Float64Array;
  /** The objective at `x`. */
  readonly value: number;
  /** Number of objective evaluations used. */
  readonly evaluations: number;
  /** True when the tolerance was met (not stopped by the evaluation cap or a non-shrinking simplex). */
  readonly converged: boolean;
}

/**
 * Minimises `f` from `x0`. `f` receives a scratch array it must not keep; it may return Infinity or NaN
 * for infeasible points (they count as 1e35).
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: Float64Array,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = x0.length;
  const maxEval = options.maxEval ?? 2000;
  const relTol = options.relTol ?? Math.sqrt(Number.EPSILON);
  const absTol = options.absTol ?? -Infinity;
  const n1 = n + 1;
  // Vertex j occupies p[j*n .. j*n+n-1]; fv[j] is its value.
  const p = new Float64Array(n1 * n);
  const fv = new Float64Array(n1);
  const centroid = new Float64Array(n);
  const trial = new Float64Array(n);
  // Running sum of the vertices, so that a centroid costs O(n) instead of O(n²).
  const vertexSum = new Float64Array(n);
  let sumStale = true;
  const replace = (j: number, x: Float64Array, v: number): void => {
    const off = j * n;
    for (let i = 0; i < n; i++) vertexSum[i] = vertexSum[i]! + x[i]! - p[off + i]!;
    p.set(x, off);
    fv[j] = v;
  };
  const safe = (x: Float64Array): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : BIG;
  };

  trial.set(x0);
  const f0 = f(trial);
  if (!Number.isFinite(f0)) {
    return { x: Float64Array.from(x0), value: f0, evaluations: 1, converged: false };
  }
  let evals = 1;
  const convTol = relTol * (Math.abs(f0) + relTol);
  p.set(x0, 0);
  fv[0] = f0;
  let size = 0;
  let rStep = 0;
  for (let i = 0; i < n; i++) rStep = Math.max(rStep, 0.1 * Math.abs(x0[i]!));
  if (rStep === 0) rStep = 0.1;
  for (let j = 1; j < n1; j++) {
    const off = j * n;
    p.set(x0, off);
    let tryStep = options.step?.[j - 1] ?? rStep;
    if (tryStep === 0) tryStep = rStep;
    while (p[off + j - 1] === x0[j - 1]) {
      p[off + j - 1] = x0[j - 1]! + tryStep;
      tryStep *= 10;
    }
    size += Math.abs(tryStep);
  }
  let oldSize = size;
  let calcVert = true;
  let best = 0;
  let converged = false;

  for (;;) {
    if (calcVert) {
      for (let j = 0; j < n1; j++) {
        if (j === best) continue;
        fv[j] = safe(p.subarray(j * n, j * n + n));
        evals++;
      }
      calcVert = false;
    }
    let worst = best;
    let vl = fv[best]!;
    let vh = vl;
    for (let j = 0; j < n1; j++) {
      if (j === best) continue;
      const v = fv[j]!;
      if (v < vl) {
        best = j;
        vl = v;
      }
      if (v > vh) {
        worst = j;
        vh = v;
      }
    }
    if (vh <= vl + convTol || vl <= absTol) {
      converged = true;
      break;
    }
    if (evals > maxEval) break;

    const hOff = worst * n;
    if (sumStale) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n1; j++) s += p[j * n + i]!;
        vertexSum[i] = s;
      }
      sumStale = false;
    }
    for (let i = 0; i < n; i++) centroid[i] = (vertexSum[i]! - p[hOff + i]!) / n;
    for (let i = 0; i < n; i++) trial[i] = 2 * centroid[i]! - p[hOff + i]!;
    const vr = safe(trial);
    evals++;
    if (vr < vl) {
      // Expansion: the point twice as far; `centroid` now keeps the reflected point.
      for (let i = 0; i < n; i++) {
        const e = 2 * trial[i]! - centroid[i]!;
        centroid[i] = trial[i]!;
        trial[i] = e;
      }
      const ve = safe(trial);
      evals++;
      if (ve < vr) replace(worst, trial, ve);
      else replace(worst, centroid, vr);
      continue;
    }
    if (vr < vh) replace(worst, trial, vr);
    for (let i = 0; i < n; i++) trial[i] = 0.5 * p[hOff + i]! + 0.5 * centroid[i]!;
    const vc = safe(trial);
    evals++;
    if (vc < fv[worst]!) {
      replace(worst, trial, vc);
    } else if (vr >= vh) {
      // Shrink towards the best vertex; give up when the simplex stops getting smaller.
      calcVert = true;
      sumStale = true;
      size = 0;
      const lOff = best * n;
      for (let j = 0; j < n1; j++) {
        if (j === best) continue;
        for (let i = 0; i < n; i++) {
          const v = 0.5 * (p[j * n + i]! - p[lOff + i]!) + p[lOff + i]!;
          p[j * n + i] = v;
          size += Math.abs(v - p[lOff + i]!);
        }
      }
      if (size < oldSize) oldSize = size;
      else break;
    }
  }
  return { x: p.slice(best * n, best * n + n), value: fv[best]!, evaluations: evals, converged };
}
