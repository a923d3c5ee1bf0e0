/**
 * Linear quantile regression for the calibration learner: β minimising Σ ρ_τ(y − Xβ), the check loss
 * whose minimiser is the conditional τ-quantile. Iteratively reweighted least squares on the check loss
 * (weights τ/|r| above the fit, (1 − τ)/|r| below, |r| floored): a handful of features and 10⁵ rows, where
 * an exact linear programme would need a solver the repository does not have.
 */

const ITERATIONS = 200;
const FLOOR = 1e-4;

/** Solves the symmetric positive system A x = b by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k] = m[r]![k]! - f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

function weightedLeastSquares(x: readonly number[][], y: readonly number[], w: readonly number[]): number[] {
  const p = (x[0] as number[]).length;
  const a = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const b = new Array<number>(p).fill(0);
  x.forEach((row, i) => {
    const wi = w[i] as number;
    for (let j = 0; j < p; j++) {
      b[j] = (b[j] as number) + wi * (row[j] as number) * (y[i] as number);
      for (let k = 0; k < p; k++) a[j]![k] = a[j]![k]! + wi * (row[j] as number) * (row[k] as number);
    }
  });
  return solve(a, b);
}

export const predict = (beta: readonly number[], row: readonly number[]): number =>
  row.reduce((s, v, j) => s + v * (beta[j] as number), 0);

/** Coefficients of the τ-quantile of y given the rows of x (each row includes its own intercept column). */
export function quantileRegression(x: readonly number[][], y: readonly number[], tau: number): number[] {
  let beta = weightedLeastSquares(
    x,
    y,
    y.map(() => 1),
  );
  for (let it = 0; it < ITERATIONS; it++) {
    const w = y.map((yi, i) => {
      const r = yi - predict(beta, x[i] as number[]);
      return (r > 0 ? tau : 1 - tau) / Math.max(Math.abs(r), FLOOR);
    });
    beta = weightedLeastSquares(x, y, w);
  }
  return beta;
}

/** The split-conformal quantile of `values` at `level`: the ⌈(n + 1)·level⌉-th smallest. */
export function conformalQuantile(values: readonly number[], level: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.ceil((sorted.length + 1) * level)) - 1] as number;
}
