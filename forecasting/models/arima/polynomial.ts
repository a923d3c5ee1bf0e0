/**
 * Polynomials in the backshift operator B for ARIMA: coefficient arrays c where the polynomial is
 * 1 − c[0]·B − c[1]·B² − … (AR side) or 1 + c[0]·B + … (MA side).
 */

/**
 * Maps unconstrained values to the coefficients of a stationary AR polynomial 1 − φ_1 B − … − φ_p B^p:
 * tanh gives partial autocorrelations in (−1, 1) and the Durbin–Levinson recursion turns them into φ
 * (Jones 1980, as R's arima does with transform.pars). Every output is stationary, and every stationary
 * polynomial is reachable, so the optimiser never has to be kept inside the region by penalties.
 */
export function partialsToAr(u: ArrayLike<number>, out: Float64Array = new Float64Array(u.length)): Float64Array {
  const p = u.length;
  const work = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    const r = Math.tanh(u[k] as number);
    for (let j = 0; j < k; j++) work[j] = (out[j] as number) - r * (out[k - 1 - j] as number);
    for (let j = 0; j < k; j++) out[j] = work[j] as number;
    out[k] = r;
  }
  return out;
}

/**
 * Smallest modulus of the roots of 1 − Σ c_k B^k is at least `radius`: the polynomial in u = B/radius is
 * stable, which the step-down (inverse Durbin–Levinson) recursion decides by its partial autocorrelations
 * all lying in (−1, 1). R's auto.arima refuses a candidate whose AR or MA roots lie within 1.01.
 */
export function rootsOutside(c: ArrayLike<number>, radius: number): boolean {
  let a = Float64Array.from(c, (v, k) => v * radius ** (k + 1));
  for (let k = a.length; k >= 1; k--) {
    const kappa = a[k - 1] as number;
    if (!(Math.abs(kappa) < 1)) return false;
    const next = new Float64Array(k - 1);
    for (let j = 0; j < k - 1; j++)
      next[j] = ((a[j] as number) + kappa * (a[k - 2 - j] as number)) / (1 - kappa * kappa);
    a = next;
  }
  return true;
}

/**
 * Coefficients of the product of a non-seasonal and a seasonal polynomial, both in the AR sign convention
 * (1 − Σ a_i B^i)(1 − Σ s_j B^{m·j}) = 1 − Σ c_k B^k; length p + m·P.
 */
export function expandSeasonal(a: ArrayLike<number>, s: ArrayLike<number>, m: number): Float64Array {
  const out = new Float64Array(a.length + m * s.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] as number;
  for (let j = 0; j < s.length; j++) {
    const sj = s[j] as number;
    out[m * (j + 1) - 1] = (out[m * (j + 1) - 1] as number) + sj;
    // The cross term −a_i·s_j·B^{i+m(j+1)} enters as +(−a_i s_j) on the right side, i.e. c = −a_i s_j.
    for (let i = 0; i < a.length; i++) out[m * (j + 1) + i] = (out[m * (j + 1) + i] as number) - (a[i] as number) * sj;
  }
  return out;
}

/**
 * The differencing operator (1 − B)^d (1 − B^m)^D as AR-convention coefficients δ, so that
 * y_t = w_t + Σ δ_i y_{t−i} undoes the differencing.
 */
export function differencingCoefficients(d: number, seasonalD: number, m: number): Float64Array {
  // Multiply out 1 − ... as full polynomials with leading 1.
  let poly = [1];
  const times = (factor: number[]): void => {
    const next = new Array<number>(poly.length + factor.length - 1).fill(0);
    for (let i = 0; i < poly.length; i++)
      for (let j = 0; j < factor.length; j++)
        next[i + j] = (next[i + j] as number) + (poly[i] as number) * (factor[j] as number);
    poly = next;
  };
  for (let i = 0; i < d; i++) times([1, -1]);
  const seasonalFactor = new Array<number>(m + 1).fill(0);
  seasonalFactor[0] = 1;
  seasonalFactor[m] = -1;
  for (let i = 0; i < seasonalD; i++) times(seasonalFactor);
  return Float64Array.from(poly.slice(1), (c) => -c);
}

/** Applies the differencing (1 − B)^d (1 − B^m)^D; the result is shorter by d + m·D. */
export function difference(y: ArrayLike<number>, d: number, seasonalD: number, m: number): Float64Array {
  let x = Float64Array.from(y);
  for (let i = 0; i < seasonalD; i++) x = x.subarray(m).map((v, t) => v - (x[t] as number));
  for (let i = 0; i < d; i++) x = x.subarray(1).map((v, t) => v - (x[t] as number));
  return x;
}
