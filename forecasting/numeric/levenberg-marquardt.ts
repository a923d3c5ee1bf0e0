/**
 * Levenberg–Marquardt least squares for small parameter vectors (ARIMA's CSS fit): minimises Σ r_i(x)² with
 * a forward-difference Jacobian. It needs far fewer residual evaluations than Nelder–Mead on these smooth
 * problems (about k + 1 per iteration, ten or so iterations), which is what keeps the ARIMA search fast.
 */

export interface LeastSquaresResult {
  readonly x: Float64Array;
  readonly sse: number;
  readonly iterations: number;
}

/**
 * `residuals(x, out)` writes the residuals into `out` (length `m`) and returns their sum of squares.
 * Stops when the relative decrease of the sum of squares falls below `tolerance` or after `maxIterations`.
 */
export function levenbergMarquardt(
  residuals: (x: Float64Array, out: Float64Array) => number,
  x0: ArrayLike<number>,
  m: number,
  options: { tolerance?: number; maxIterations?: number } = {},
): LeastSquaresResult {
  const k = x0.length;
  const tolerance = options.tolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 50;
  const x = Float64Array.from(x0);
  const r = new Float64Array(m);
  const rTrial = new Float64Array(m);
  const jac = Array.from({ length: k }, () => new Float64Array(m));
  const jtj = new Float64Array(k * k);
  const jtr = new Float64Array(k);
  const trial = new Float64Array(k);
  let sse = residuals(x, r);
  if (!Number.isFinite(sse)) return { x, sse, iterations: 0 };
  let lambda = 1e-3;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    for (let j = 0; j < k; j++) {
      const h = 1e-6 * Math.max(1, Math.abs(x[j] as number));
      const saved = x[j] as number;
      x[j] = saved + h;
      residuals(x, rTrial);
      x[j] = saved;
      const col = jac[j] as Float64Array;
      for (let i = 0; i < m; i++) col[i] = ((rTrial[i] as number) - (r[i] as number)) / h;
    }
    for (let a = 0; a < k; a++) {
      const ca = jac[a] as Float64Array;
      let g = 0;
      for (let i = 0; i < m; i++) g += (ca[i] as number) * (r[i] as number);
      jtr[a] = g;
      for (let b = 0; b <= a; b++) {
        const cb = jac[b] as Float64Array;
        let s = 0;
        for (let i = 0; i < m; i++) s += (ca[i] as number) * (cb[i] as number);
        jtj[a * k + b] = s;
        jtj[b * k + a] = s;
      }
    }
    let accepted = false;
    for (let attempt = 0; attempt < 10 && !accepted; attempt++) {
      const step = solveDamped(jtj, jtr, k, lambda);
      if (step === null) {
        lambda *= 10;
        continue;
      }
      for (let j = 0; j < k; j++) trial[j] = (x[j] as number) - (step[j] as number);
      const sseTrial = residuals(trial, rTrial);
      if (Number.isFinite(sseTrial) && sseTrial < sse) {
        const decrease = (sse - sseTrial) / Math.max(sse, 1e-300);
        x.set(trial);
        r.set(rTrial);
        sse = sseTrial;
        lambda = Math.max(1e-12, lambda / 10);
        accepted = true;
        if (decrease < tolerance) return { x, sse, iterations: iterations + 1 };
      } else {
        lambda *= 10;
      }
    }
    if (!accepted) break;
  }
  return { x, sse, iterations };
}

/**
 * Solves (A + λ·diag(A) + ε) δ = g by Gaussian elimination with partial pivoting; null when singular. ε, which
 * keeps a flat direction solvable, is relative to A's largest diagonal entry: A is in the residuals' units
 * squared, and an absolute ε stopped a step short where the figures were small, so that the same series in
 * other units took another path (an ARIMA pressed against a unit root: ARIMA(1,1,0)(0,1,0) for figures in
 * the thousands, ARIMA(0,1,0)(1,1,0) for the same figures in units of 250).
 */
function solveDamped(a: Float64Array, g: Float64Array, k: number, lambda: number): Float64Array | null {
  const n1 = k + 1;
  const mat = new Float64Array(k * n1);
  let largest = 0;
  for (let i = 0; i < k; i++) largest = Math.max(largest, Math.abs(a[i * k + i] as number));
  const epsilon = 1e-12 * largest;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) mat[i * n1 + j] = a[i * k + j] as number;
    mat[i * n1 + i] = (mat[i * n1 + i] as number) * (1 + lambda) + epsilon;
    mat[i * n1 + k] = g[i] as number;
  }
  for (let c = 0; c < k; c++) {
    let pivot = c;
    for (let i = c + 1; i < k; i++)
      if (Math.abs(mat[i * n1 + c] as number) > Math.abs(mat[pivot * n1 + c] as number)) pivot = i;
    if (Math.abs(mat[pivot * n1 + c] as number) < 1e-300) return null;
    if (pivot !== c) {
      for (let j = 0; j < n1; j++) {
        const t = mat[c * n1 + j] as number;
        mat[c * n1 + j] = mat[pivot * n1 + j] as number;
        mat[pivot * n1 + j] = t;
      }
    }
    for (let i = c + 1; i < k; i++) {
      const f = (mat[i * n1 + c] as number) / (mat[c * n1 + c] as number);
      if (f === 0) continue;
      for (let j = c; j < n1; j++) mat[i * n1 + j] = (mat[i * n1 + j] as number) - f * (mat[c * n1 + j] as number);
    }
  }
  const out = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = mat[i * n1 + k] as number;
    for (let j = i + 1; j < k; j++) s -= (mat[i * n1 + j] as number) * (out[j] as number);
    out[i] = s / (mat[i * n1 + i] as number);
  }
  return out;
}
