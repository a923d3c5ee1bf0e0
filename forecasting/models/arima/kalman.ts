/**
 * The exact Gaussian likelihood of a stationary ARMA process by the Kalman filter, in Harvey's state space
 * form: w_t − μ = α_t[0], α_{t+1} = T α_t + R ε_{t+1}, with T the companion matrix of the AR coefficients
 * (first column φ, ones above the diagonal) and R = (1, θ_1, …, θ_{r−1}). The filter starts from the
 * stationary state covariance, so the likelihood uses every observation and models of different orders are
 * compared on the same data. σ² is concentrated out. T's structure makes each step O(r²).
 */

export interface KalmanResult {
  /** Concentrated log-likelihood. */
  readonly logLik: number;
  readonly sigma2: number;
  /** Standardised innovations v_t/√F_t scaled by (Π F_t)^{1/2n}: their sum of squares is the ML objective. */
  readonly scaled: Float64Array;
  /** One-step prediction errors v_t. */
  readonly innovations: Float64Array;
  /** Predicted state a_{n+1|n} after the last observation (for forecasting). */
  readonly state: Float64Array;
}

/** T X for the companion matrix T (first column phi, ones above the diagonal), r×r row-major. */
function leftMultiply(phi: Float64Array, x: Float64Array, out: Float64Array, r: number): void {
  for (let i = 0; i < r; i++) {
    const f = phi[i] as number;
    for (let j = 0; j < r; j++) out[i * r + j] = f * (x[j] as number) + (i + 1 < r ? (x[(i + 1) * r + j] as number) : 0);
  }
}

/** X T' (T as above). */
function rightMultiplyTranspose(phi: Float64Array, x: Float64Array, out: Float64Array, r: number): void {
  for (let i = 0; i < r; i++) {
    const x0 = x[i * r] as number;
    for (let j = 0; j < r; j++) out[i * r + j] = (phi[j] as number) * x0 + (j + 1 < r ? (x[i * r + j + 1] as number) : 0);
  }
}

function padded(c: Float64Array, r: number): Float64Array {
  const out = new Float64Array(r);
  out.set(c.subarray(0, Math.min(c.length, r)));
  return out;
}

/**
 * Stationary covariance of the state (σ² = 1): the fixed point of P = T P T' + R R', by iteration to a
 * relative change of 1e-7, at most 400 steps. Near a seasonal unit root the sum converges slowly; stopping
 * there gives a large but finite starting variance, which is what a near-diffuse start should be.
 */
export function stationaryCovariance(phi: Float64Array, rVec: Float64Array, r: number): Float64Array {
  let p: Float64Array = new Float64Array(r * r);
  const tmp = new Float64Array(r * r);
  let next: Float64Array = new Float64Array(r * r);
  for (let iter = 0; iter < 400; iter++) {
    leftMultiply(phi, p, tmp, r);
    rightMultiplyTranspose(phi, tmp, next, r);
    let change = 0;
    let scale = 0;
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < r; j++) {
        const v = (next[i * r + j] as number) + (rVec[i] as number) * (rVec[j] as number);
        next[i * r + j] = v;
        change = Math.max(change, Math.abs(v - (p[i * r + j] as number)));
        scale = Math.max(scale, Math.abs(v));
      }
    }
    [p, next] = [next, p];
    if (change <= 1e-7 * scale) break;
  }
  return p;
}

/** Runs the filter over w with mean mu, AR coefficients ar and MA coefficients ma (1 + Σ ma_k B^k). */
export function kalmanFilter(w: Float64Array, mu: number, ar: Float64Array, ma: Float64Array): KalmanResult {
  const n = w.length;
  const r = Math.max(ar.length, ma.length + 1, 1);
  const phi = padded(ar, r);
  const rVec = new Float64Array(r);
  rVec[0] = 1;
  for (let k = 0; k < Math.min(ma.length, r - 1); k++) rVec[k + 1] = ma[k] as number;
  let p: Float64Array = stationaryCovariance(phi, rVec, r);
  let a: Float64Array = new Float64Array(r);
  let aNext: Float64Array = new Float64Array(r);
  const tmp = new Float64Array(r * r);
  let pNext: Float64Array = new Float64Array(r * r);
  const v = new Float64Array(n);
  const f = new Float64Array(n);
  let sumLogF = 0;
  let ssq = 0;
  let steady = false;
  const gain = new Float64Array(r);
  for (let t = 0; t < n; t++) {
    const innovation = (w[t] as number) - mu - (a[0] as number);
    const fT = p[0] as number;
    if (steady) {
      // The covariance has converged: the gain is constant and each step is O(r).
      v[t] = innovation;
      f[t] = fT;
      sumLogF += Math.log(fT);
      ssq += (innovation * innovation) / fT;
      for (let i = 0; i < r; i++) a[i] = (a[i] as number) + (gain[i] as number) * innovation;
      for (let i = 0; i < r; i++) aNext[i] = (phi[i] as number) * (a[0] as number) + (i + 1 < r ? (a[i + 1] as number) : 0);
      [a, aNext] = [aNext, a];
      continue;
    }
    if (!(fT > 0)) return { logLik: -Infinity, sigma2: NaN, scaled: new Float64Array(n).fill(Infinity), innovations: v, state: a };
    v[t] = innovation;
    f[t] = fT;
    sumLogF += Math.log(fT);
    ssq += (innovation * innovation) / fT;
    // Update: a += K v, P −= K P[0,:] with K = P[:,0]/F; then predict: a ← T a, P ← T P T' + R R'.
    for (let i = 0; i < r; i++) a[i] = (a[i] as number) + ((p[i * r] as number) / fT) * innovation;
    for (let i = 0; i < r; i++) {
      const ki = (p[i * r] as number) / fT;
      for (let j = 0; j < r; j++) tmp[i * r + j] = (p[i * r + j] as number) - ki * (p[j] as number);
    }
    for (let i = 0; i < r; i++) aNext[i] = (phi[i] as number) * (a[0] as number) + (i + 1 < r ? (a[i + 1] as number) : 0);
    [a, aNext] = [aNext, a];
    leftMultiply(phi, tmp, pNext, r);
    rightMultiplyTranspose(phi, pNext, tmp, r);
    let change = 0;
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < r; j++) {
        const value = (tmp[i * r + j] as number) + (rVec[i] as number) * (rVec[j] as number);
        pNext[i * r + j] = value;
        if (j === 0) change = Math.max(change, Math.abs(value - (p[i * r] as number)));
      }
    }
    [p, pNext] = [pNext, p];
    if (change <= 1e-9 * (p[0] as number)) {
      steady = true;
      for (let i = 0; i < r; i++) gain[i] = (p[i * r] as number) / (p[0] as number);
    }
  }
  const sigma2 = ssq / n;
  const logLik = -0.5 * (n * Math.log(2 * Math.PI * sigma2) + sumLogF + n);
  const g = Math.exp(sumLogF / (2 * n));
  const scaled = Float64Array.from(v, (vt, t) => (vt / Math.sqrt(f[t] as number)) * g);
  return { logLik, sigma2, scaled, innovations: v, state: a };
}
