/**
 * The exact Gaussian likelihood of a stationary ARMA process by the Kalman filter, in Harvey's state space
 * form: w_t − μ = α_t[0], α_{t+1} = T α_t + R ε_{t+1}, with T the companion matrix of the AR coefficients
 * (first column φ, ones above the diagonal) and R = (1, θ_1, …, θ_{r−1}). The filter starts from the
 * stationary state covariance, so the likelihood uses every observation and models of different orders are
 * compared on the same data. σ² is concentrated out.
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

function padded(c: Float64Array, r: number): Float64Array {
  const out = new Float64Array(r);
  out.set(c.subarray(0, Math.min(c.length, r)));
  return out;
}

/**
 * Autocovariances γ_0..γ_maxLag (σ² = 1) and ψ weights ψ_0..ψ_maxLag of the ARMA process with AR coefficients
 * phi and MA coefficients theta (1 + Σ θ_j B^j): γ_0..γ_p from the (p+1)×(p+1) linear system of Brockwell &
 * Davis (3.3.8), the rest by the AR recursion.
 */
export function armaAutocovariance(
  phi: Float64Array,
  theta: Float64Array,
  maxLag: number,
): { gamma: Float64Array; psi: Float64Array } {
  const p = phi.length;
  const q = theta.length;
  const nPsi = Math.max(maxLag, q) + 1;
  const psi = new Float64Array(nPsi);
  psi[0] = 1;
  for (let j = 1; j < nPsi; j++) {
    let v = j <= q ? (theta[j - 1] as number) : 0;
    for (let i = 1; i <= Math.min(j, p); i++) v += (phi[i - 1] as number) * (psi[j - i] as number);
    psi[j] = v;
  }
  // rhs_k = Σ_{j=k..q} θ_j ψ_{j−k}, θ_0 = 1.
  const rhs = (k: number): number => {
    let v = 0;
    for (let j = k; j <= q; j++) v += (j === 0 ? 1 : (theta[j - 1] as number)) * (psi[j - k] as number);
    return v;
  };
  const gamma = new Float64Array(Math.max(maxLag, p) + 1);
  if (p > 0) {
    const n = p + 1;
    const a = new Float64Array(n * (n + 1));
    for (let k = 0; k < n; k++) {
      a[k * (n + 1) + k] = 1;
      for (let j = 1; j <= p; j++) {
        const col = Math.abs(k - j);
        a[k * (n + 1) + col] = (a[k * (n + 1) + col] as number) - (phi[j - 1] as number);
      }
      a[k * (n + 1) + n] = rhs(k);
    }
    solveInPlace(a, n);
    for (let k = 0; k < n; k++) gamma[k] = a[k * (n + 1) + n] as number;
  } else {
    gamma[0] = rhs(0);
  }
  for (let k = p + 1; k < gamma.length; k++) {
    let v = k <= q ? rhs(k) : 0;
    for (let j = 1; j <= p; j++) v += (phi[j - 1] as number) * (gamma[k - j] as number);
    gamma[k] = v;
  }
  return { gamma, psi };
}

/** Gaussian elimination with partial pivoting on an n×(n+1) augmented matrix; the solution ends in column n. */
function solveInPlace(a: Float64Array, n: number): void {
  const w = n + 1;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let i = c + 1; i < n; i++)
      if (Math.abs(a[i * w + c] as number) > Math.abs(a[pivot * w + c] as number)) pivot = i;
    if (pivot !== c)
      for (let j = 0; j < w; j++)
        [a[c * w + j], a[pivot * w + j]] = [a[pivot * w + j] as number, a[c * w + j] as number];
    const d = a[c * w + c] as number;
    for (let i = 0; i < n; i++) {
      if (i === c) continue;
      const f = (a[i * w + c] as number) / d;
      if (f === 0) continue;
      for (let j = c; j < w; j++) a[i * w + j] = (a[i * w + j] as number) - f * (a[c * w + j] as number);
    }
  }
  for (let i = 0; i < n; i++) a[i * w + n] = (a[i * w + n] as number) / (a[i * w + i] as number);
}

/**
 * First row of the stationary covariance of the state (σ² = 1), the solution of P = T P T' + R R':
 * Cov(w_t, α_t[l]) = Σ_j (φ_{l+j+1} γ_{j+1} + θ_{l+j} ψ_j). The filter needs no other entry (see kalmanFilter).
 */
export function stationaryFirstRow(phi: Float64Array, rVec: Float64Array, r: number): Float64Array {
  const arLength = lastNonZero(phi) + 1;
  const maLength = lastNonZero(rVec.subarray(1)) + 1;
  const { gamma, psi } = armaAutocovariance(phi.subarray(0, arLength), rVec.subarray(1, 1 + maLength), r);
  const row = new Float64Array(r);
  for (let l = 0; l < r; l++) {
    let v = 0;
    for (let j = 0; j + l < r; j++)
      v += (phi[l + j] as number) * (gamma[j + 1] ?? 0) + (rVec[l + j] as number) * (psi[j] ?? 0);
    row[l] = v;
  }
  return row;
}

function lastNonZero(c: Float64Array): number {
  for (let i = c.length - 1; i >= 0; i--) if (c[i] !== 0) return i;
  return -1;
}

/**
 * Runs the filter over w with mean mu, AR coefficients ar and MA coefficients ma (1 + Σ ma_k B^k).
 *
 * The covariance is never formed: started from the stationary covariance P_0, the step P_{t+1} − P_t is
 * of rank one, W_t M_t W_t', and the Chandrasekhar recursions (Morf, Sidhu & Kailath 1974; Herbst 2015)
 * carry W, M, the innovation variance F_t = P_t[0][0] and K_t = T P_t e_1 forward in O(r) a step where the
 * Riccati update of P costs O(r²): with seasonal terms r is 13 to 30, and this filter is most of the
 * ARIMA search's time. ΔP_0 = −K_0 K_0'/F_0 because P_0 is the fixed point of the prediction step.
 */
export function kalmanFilter(w: Float64Array, mu: number, ar: Float64Array, ma: Float64Array): KalmanResult {
  const n = w.length;
  const r = Math.max(ar.length, ma.length + 1, 1);
  const phi = padded(ar, r);
  const rVec = new Float64Array(r);
  rVec[0] = 1;
  for (let k = 0; k < Math.min(ma.length, r - 1); k++) rVec[k + 1] = ma[k] as number;
  const row = stationaryFirstRow(phi, rVec, r);
  const a = new Float64Array(r);
  const gain = new Float64Array(r);
  const wv = new Float64Array(r);
  // gain = T P_0 e_1 (T: first column φ, ones above the diagonal); W_0 = gain, M_0 = −1/F_0.
  for (let i = 0; i < r; i++)
    gain[i] = (phi[i] as number) * (row[0] as number) + (i + 1 < r ? (row[i + 1] as number) : 0);
  wv.set(gain);
  let fT = row[0] as number;
  let m = -1 / fT;
  const v = new Float64Array(n);
  const f = new Float64Array(n);
  let sumLogF = 0;
  let ssq = 0;
  let steady = false;
  for (let t = 0; t < n; t++) {
    const innovation = (w[t] as number) - mu - (a[0] as number);
    if (!(fT > 0))
      return { logLik: -Infinity, sigma2: NaN, scaled: new Float64Array(n).fill(Infinity), innovations: v, state: a };
    v[t] = innovation;
    f[t] = fT;
    sumLogF += Math.log(fT);
    ssq += (innovation * innovation) / fT;
    // a ← T a + K v / F: the update and the prediction in one pass.
    const first = a[0] as number;
    const step = innovation / fT;
    for (let i = 0; i < r; i++)
      a[i] = (phi[i] as number) * first + (i + 1 < r ? (a[i + 1] as number) : 0) + (gain[i] as number) * step;
    if (steady) continue;
    const w0 = wv[0] as number;
    const mw0 = m * w0;
    const fNext = fT + mw0 * w0;
    let largest = 0;
    for (let i = 0; i < r; i++) {
      const wi = wv[i] as number;
      if (wi * wi > largest) largest = wi * wi;
      gain[i] = (gain[i] as number) + ((phi[i] as number) * w0 + (i + 1 < r ? (wv[i + 1] as number) : 0)) * mw0;
    }
    // Once the whole covariance has converged (not only its first column: a seasonal MA's covariance can
    // pause for a season before it moves again) the gain is constant and only the state moves.
    if (Math.abs(m) * largest <= 1e-5 * fNext) steady = true;
    else {
      const scale = w0 / fNext;
      for (let i = 0; i < r; i++)
        wv[i] = (phi[i] as number) * w0 + (i + 1 < r ? (wv[i + 1] as number) : 0) - (gain[i] as number) * scale;
      m *= fNext / fT;
    }
    fT = fNext;
  }
  const sigma2 = ssq / n;
  const logLik = -0.5 * (n * Math.log(2 * Math.PI * sigma2) + sumLogF + n);
  const g = Math.exp(sumLogF / (2 * n));
  const scaled = new Float64Array(n);
  for (let t = 0; t < n; t++) scaled[t] = ((v[t] as number) / Math.sqrt(f[t] as number)) * g;
  return { logLik, sigma2, scaled, innovations: v, state: a };
}
