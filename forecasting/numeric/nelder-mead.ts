/**
 * Nelder–Mead minimisation for the engine's small (1–6 parameter) likelihood and least-squares problems.
 * Standard coefficients (reflection 1, expansion 2, contraction 0.5, shrink 0.5), as in R's `optim`.
 */

export interface NelderMeadOptions {
  /** Initial simplex step per coordinate (default 10 % of |x0| or 0.1). */
  readonly step?: readonly number[];
  /** Stop when the spread of function values in the simplex falls below this, relative (default 1e-8). */
  readonly tolerance?: number;
  /** Maximum function evaluations (default 200 per parameter). */
  readonly maxEvaluations?: number;
}

export interface NelderMeadResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly evaluations: number;
}

/** Minimises `f` from `x0`. Non-finite values of `f` are treated as +Infinity (a wall). */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = x0.length;
  const tolerance = options.tolerance ?? 1e-8;
  const maxEvaluations = options.maxEvaluations ?? 200 * n;
  let evaluations = 0;
  const evaluate = (x: Float64Array): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const simplex: Float64Array[] = [];
  const values = new Float64Array(n + 1);
  simplex.push(Float64Array.from(x0));
  values[0] = evaluate(simplex[0] as Float64Array);
  for (let i = 0; i < n; i++) {
    const x = Float64Array.from(x0);
    const xi = x[i] as number;
    x[i] = xi + (options.step?.[i] ?? (xi !== 0 ? 0.1 * Math.abs(xi) : 0.1));
    simplex.push(x);
    values[i + 1] = evaluate(x);
  }
  const order = Array.from({ length: n + 1 }, (_, i) => i);
  const centroid = new Float64Array(n);
  const trial = new Float64Array(n);
  const trial2 = new Float64Array(n);
  const point = (k: number): Float64Array => simplex[order[k] as number] as Float64Array;
  const val = (k: number): number => values[order[k] as number] as number;
  const replaceWorst = (x: Float64Array, v: number): void => {
    (simplex[order[n] as number] as Float64Array).set(x);
    values[order[n] as number] = v;
  };
  while (evaluations < maxEvaluations) {
    order.sort((a, b) => (values[a] as number) - (values[b] as number));
    const best = val(0);
    const worst = val(n);
    if (Math.abs(worst - best) <= tolerance * (Math.abs(best) + tolerance)) {
      // Equal values can also mean a simplex straddling the minimum (e.g. 1.9 and 2.1 around 2): stop only if
      // the centre of the whole simplex is no better.
      centroid.fill(0);
      for (let k = 0; k <= n; k++) {
        const p = point(k);
        for (let j = 0; j < n; j++) centroid[j] = (centroid[j] as number) + (p[j] as number) / (n + 1);
      }
      const fCentre = evaluate(centroid);
      if (!(fCentre < best - tolerance * (Math.abs(best) + tolerance))) break;
      replaceWorst(centroid, fCentre);
      continue;
    }
    centroid.fill(0);
    for (let k = 0; k < n; k++) {
      const p = point(k);
      for (let j = 0; j < n; j++) centroid[j] = (centroid[j] as number) + (p[j] as number) / n;
    }
    const w = point(n);
    for (let j = 0; j < n; j++) trial[j] = 2 * (centroid[j] as number) - (w[j] as number);
    const fr = evaluate(trial);
    if (fr < best) {
      for (let j = 0; j < n; j++) trial2[j] = 3 * (centroid[j] as number) - 2 * (w[j] as number);
      const fe = evaluate(trial2);
      if (fe < fr) replaceWorst(trial2, fe);
      else replaceWorst(trial, fr);
      continue;
    }
    if (fr < val(n - 1)) {
      replaceWorst(trial, fr);
      continue;
    }
    // Contract toward the better of the worst point and its reflection.
    const outside = fr < worst;
    const from = outside ? trial : w;
    for (let j = 0; j < n; j++) trial2[j] = 0.5 * ((centroid[j] as number) + (from[j] as number));
    const fc = evaluate(trial2);
    if (fc < (outside ? fr : worst)) {
      replaceWorst(trial2, fc);
      continue;
    }
    const b = point(0);
    for (let k = 1; k <= n; k++) {
      const p = point(k);
      for (let j = 0; j < n; j++) p[j] = (b[j] as number) + 0.5 * ((p[j] as number) - (b[j] as number));
      values[order[k] as number] = evaluate(p);
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= n; i++) if ((values[i] as number) < (values[bestIndex] as number)) bestIndex = i;
  return { x: Float64Array.from(simplex[bestIndex] as Float64Array), value: values[bestIndex] as number, evaluations };
}

/** Minimises a function of one variable on [lo, hi] by golden-section search with a parabolic step (Brent). */
export function brentMinimize(
  f: (x: number) => number,
  lo: number,
  hi: number,
  tolerance = 1e-10,
): { x: number; value: number } {
  const golden = 0.3819660112501051;
  let a = lo;
  let b = hi;
  let x = a + golden * (b - a);
  let w = x;
  let v = x;
  let fx = f(x);
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  for (let iter = 0; iter < 200; iter++) {
    const m = 0.5 * (a + b);
    const tol1 = tolerance * Math.abs(x) + 1e-12;
    const tol2 = 2 * tol1;
    if (Math.abs(x - m) <= tol2 - 0.5 * (b - a)) break;
    let useGolden = true;
    if (Math.abs(e) > tol1) {
      const r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      q = Math.abs(q);
      if (Math.abs(p) < Math.abs(0.5 * q * e) && p > q * (a - x) && p < q * (b - x)) {
        e = d;
        d = p / q;
        const u = x + d;
        if (u - a < tol2 || b - u < tol2) d = x < m ? tol1 : -tol1;
        useGolden = false;
      }
    }
    if (useGolden) {
      e = (x < m ? b : a) - x;
      d = golden * e;
    }
    const u = x + (Math.abs(d) >= tol1 ? d : d > 0 ? tol1 : -tol1);
    const fu = f(u);
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, value: fx };
}
