import { expect } from 'chai';
import { expandSeasonal } from '../../../../forecasting/models/arima/polynomial.js';
import { armaAutocovariance, kalmanFilter, stationaryFirstRow } from '../../../../forecasting/models/arima/kalman.js';

/** The defining fixed point P = T P T' + R R', by plain iteration: slow, but obviously right. */
function lyapunovByIteration(phi: Float64Array, rVec: Float64Array, r: number): Float64Array {
  let p = new Float64Array(r * r);
  for (let iter = 0; iter < 3000; iter++) {
    const next = new Float64Array(r * r);
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < r; j++) {
        // (T P T')[i][j] with T[i][0] = phi[i], T[i][i+1] = 1.
        const tp = (a: number, b: number): number =>
          (phi[a] as number) * (p[b] as number) + (a + 1 < r ? (p[(a + 1) * r + b] as number) : 0);
        const v = (phi[j] as number) * tp(i, 0) + (j + 1 < r ? tp(i, j + 1) : 0);
        next[i * r + j] = v + (rVec[i] as number) * (rVec[j] as number);
      }
    }
    p = next;
  }
  return p;
}

/**
 * The textbook filter: the whole covariance by the Riccati update every step, no steady state. The same
 * innovations, variances and final state as the recursions the engine runs, at O(r²) a step.
 */
function riccatiFilter(
  w: Float64Array,
  ar: Float64Array,
  ma: Float64Array,
): { v: number[]; f: number[]; state: number[] } {
  const { phi, rVec, r } = stateVectors(ar, ma);
  let p = lyapunovByIteration(phi, rVec, r);
  const a = new Float64Array(r);
  const v: number[] = [];
  const f: number[] = [];
  for (const wt of w) {
    const ft = p[0] as number;
    const innovation = wt - (a[0] as number);
    v.push(innovation);
    f.push(ft);
    const filtered = Float64Array.from(a, (ai, i) => ai + ((p[i * r] as number) / ft) * innovation);
    const updated = Float64Array.from(
      p,
      (pij, k) => pij - ((p[Math.floor(k / r) * r] as number) * (p[k % r] as number)) / ft,
    );
    for (let i = 0; i < r; i++)
      a[i] = (phi[i] as number) * (filtered[0] as number) + (i + 1 < r ? (filtered[i + 1] as number) : 0);
    const next = new Float64Array(r * r);
    const tu = (i: number, j: number): number =>
      (phi[i] as number) * (updated[j] as number) + (i + 1 < r ? (updated[(i + 1) * r + j] as number) : 0);
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++)
        next[i * r + j] =
          (phi[j] as number) * tu(i, 0) + (j + 1 < r ? tu(i, j + 1) : 0) + (rVec[i] as number) * (rVec[j] as number);
    p = next;
  }
  return { v, f, state: Array.from(a) };
}

function stateVectors(ar: Float64Array, ma: Float64Array): { phi: Float64Array; rVec: Float64Array; r: number } {
  const r = Math.max(ar.length, ma.length + 1);
  const phi = new Float64Array(r);
  phi.set(ar);
  const rVec = new Float64Array(r);
  rVec[0] = 1;
  rVec.set(ma, 1);
  return { phi, rVec, r };
}

describe('forecasting/models/arima/kalman', () => {
  const table = [
    { name: 'ARMA(1,1)', ar: Float64Array.of(0.7), ma: Float64Array.of(0.4) },
    { name: 'MA(2)', ar: new Float64Array(0), ma: Float64Array.of(0.5, -0.3) },
    { name: 'AR(2)', ar: Float64Array.of(0.5, 0.3), ma: new Float64Array(0) },
    {
      name: '(1,0,1)(1,0,1)[12]',
      ar: expandSeasonal([0.5], [0.6], 12),
      ma: expandSeasonal([-0.3], [-0.4], 12).map((c) => -c),
    },
  ];
  for (const row of table) {
    it(`solves the first row of the stationary state covariance of ${row.name} as the iterated fixed point does`, () => {
      const { phi, rVec, r } = stateVectors(row.ar, row.ma);
      const closed = stationaryFirstRow(phi, rVec, r);
      const iterated = lyapunovByIteration(phi, rVec, r);
      for (let i = 0; i < r; i++)
        expect(closed[i]).to.be.closeTo(iterated[i] as number, 1e-8 * Math.max(1, Math.abs(iterated[i] as number)));
    });

    it(`gives the innovations, their variances and the final state of the Riccati filter for ${row.name}`, () => {
      const w = Float64Array.from({ length: 60 }, (_, t) => Math.sin(t * 0.9) + 0.3 * Math.cos(t * 2.3) + 0.01 * t);
      const fast = kalmanFilter(w, 0, row.ar, row.ma);
      const plain = riccatiFilter(w, row.ar, row.ma);
      // The engine stops moving the gain once the covariance changes by under 1e-5 of F: a 1e-4 tolerance.
      const close = (a: number, b: number): void => {
        expect(a).to.be.closeTo(b, 1e-4 * Math.max(1, Math.abs(b)));
      };
      plain.v.forEach((v, t) => close(fast.innovations[t] as number, v));
      plain.state.forEach((s, i) => close(fast.state[i] as number, s));
      const n = w.length;
      const ssq = plain.v.reduce((s, v, t) => s + (v * v) / (plain.f[t] as number), 0);
      const logLik = -0.5 * (n * Math.log((2 * Math.PI * ssq) / n) + plain.f.reduce((s, f) => s + Math.log(f), 0) + n);
      close(fast.logLik, logLik);
    });
  }

  it('gives the textbook AR(1) autocovariances 1/(1 − φ²)·φ^k', () => {
    const { gamma } = armaAutocovariance(Float64Array.of(0.5), new Float64Array(0), 3);
    expect(Array.from(gamma)).to.deep.equal([4 / 3, 2 / 3, 1 / 3, 1 / 6].map((v) => v));
  });

  it('gives the exact likelihood of white noise', () => {
    const w = Float64Array.of(1, -1, 2, -2);
    const k = kalmanFilter(w, 0, new Float64Array(0), new Float64Array(0));
    const sigma2 = (1 + 1 + 4 + 4) / 4;
    expect(k.sigma2).to.be.closeTo(sigma2, 1e-12);
    expect(k.logLik).to.be.closeTo(-0.5 * (4 * Math.log(2 * Math.PI * sigma2) + 4), 1e-12);
  });
});
