import { expect } from 'chai';
import { isAdmissible, rootsWithin } from '../../../forecasting/models/ets-admissible.js';
import type { EtsStructure } from '../../../forecasting/models/ets-core.js';
import { ADD, NONE } from '../../../forecasting/models/ets-core.js';

/**
 * Largest root modulus of c[0] + … + c[d] z^d by Durand–Kerner iteration: slow but independent of the
 * Schur–Cohn recursion under test.
 */
function maxRootModulus(c: number[]): number {
  const d = c.length - 1;
  const lead = c[d]!;
  const a = c.map((v) => v / lead);
  let re = Array.from({ length: d }, (_, k) => 0.9 * Math.cos((2 * Math.PI * k) / d + 0.4));
  let im = Array.from({ length: d }, (_, k) => 0.9 * Math.sin((2 * Math.PI * k) / d + 0.4));
  for (let iter = 0; iter < 500; iter++) {
    const nr = re.slice();
    const ni = im.slice();
    for (let k = 0; k < d; k++) {
      // p(z_k) by Horner, in complex arithmetic.
      let pr = 1;
      let pi = 0;
      for (let j = d - 1; j >= 0; j--) {
        const tr = pr * re[k]! - pi * im[k]! + a[j]!;
        pi = pr * im[k]! + pi * re[k]!;
        pr = tr;
      }
      let qr = 1;
      let qi = 0;
      for (let j = 0; j < d; j++) {
        if (j === k) continue;
        const dr = re[k]! - re[j]!;
        const di = im[k]! - im[j]!;
        const tr = qr * dr - qi * di;
        qi = qr * di + qi * dr;
        qr = tr;
      }
      const den = qr * qr + qi * qi;
      nr[k] = re[k]! - (pr * qr + pi * qi) / den;
      ni[k] = im[k]! - (pi * qr - pr * qi) / den;
    }
    re = nr;
    im = ni;
  }
  return Math.max(...re.map((r, k) => Math.hypot(r, im[k]!)));
}

function seasonalPoly(alpha: number, beta: number, gamma: number, phi: number, m: number): number[] {
  const c = [phi * (1 - alpha - gamma), alpha + beta - alpha * phi + gamma - 1];
  for (let i = 2; i < m; i++) c.push(alpha + beta - alpha * phi);
  c.push(alpha + beta - phi, 1);
  return c;
}

describe('models/ets-admissible', () => {
  describe('rootsWithin (Schur–Cohn)', () => {
    const table: Array<[string, number[], boolean]> = [
      ['(z - 0.5)(z + 0.5)', [-0.25, 0, 1], true],
      ['(z - 1.5)(z - 0.2)', [0.3, -1.7, 1], false],
      ['z² + 0.81 (roots ±0.9i)', [0.81, 0, 1], true],
      ['z² + 1.21 (roots ±1.1i)', [1.21, 0, 1], false],
      ['z³ - 0.1', [-0.1, 0, 0, 1], true],
    ];
    for (const [name, coef, inside] of table) {
      it(`${name}: roots inside the unit circle is ${inside}`, () => {
        expect(rootsWithin(Float64Array.from(coef), coef.length - 1, 1)).to.equal(inside);
      });
    }
  });

  it('agrees with the roots found numerically for seasonal models away from the boundary', () => {
    let seed = 12345;
    const u = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let checked = 0;
    for (let i = 0; i < 300; i++) {
      const alpha = 0.001 + 0.998 * u();
      const beta = u() < 0.5 ? 0.0001 + alpha * u() : 0;
      const gamma = 1.5 * u() * (1 - alpha);
      const phi = u() < 0.5 ? 0.8 + 0.2 * u() : 1;
      const s: EtsStructure = { error: ADD, trend: beta > 0 ? ADD : NONE, damped: phi < 1, season: ADD, m: 12 };
      const poly = seasonalPoly(alpha, beta, gamma, phi, 12);
      let maxMod = maxRootModulus(poly);
      // Without trend and damping z = 1 is always a root; the other roots decide.
      if (beta === 0 && phi === 1) {
        const q: number[] = [];
        let carry = 0;
        for (let k = poly.length - 1; k >= 1; k--) q.unshift((carry = poly[k]! + carry));
        maxMod = maxRootModulus(q);
      }
      if (Math.abs(maxMod - 1) < 1e-4) continue;
      const p = { alpha, beta, gamma, phi };
      // The simple inequalities R checks first must hold too for the model to be admissible.
      const simple =
        gamma >= Math.max(1 - 1 / phi - alpha, 0) &&
        gamma <= 1 + 1 / phi - alpha &&
        alpha >= 1 - 1 / phi - (gamma * (1 - 12 + phi + phi * 12)) / (2 * phi * 12) &&
        beta >= -(1 - phi) * (gamma / 12 + alpha);
      expect(isAdmissible(s, p), JSON.stringify(p)).to.equal(simple && maxMod < 1);
      checked++;
    }
    expect(checked).to.be.above(250);
  });

  it('accepts ETS(A,N,A) with small smoothing parameters despite its unit root', () => {
    const s: EtsStructure = { error: ADD, trend: NONE, damped: false, season: ADD, m: 12 };
    expect(isAdmissible(s, { alpha: 0.2, beta: 0, gamma: 0.1, phi: 1 })).to.equal(true);
  });

  it('applies R’s non-seasonal bounds: alpha in (1 - 1/phi, 1 + 1/phi) and beta in (alpha(phi - 1), (1 + phi)(2 - alpha))', () => {
    const s: EtsStructure = { error: ADD, trend: ADD, damped: true, season: NONE, m: 1 };
    expect(isAdmissible(s, { alpha: 0.5, beta: 0.1, gamma: 0, phi: 0.9 })).to.equal(true);
    expect(isAdmissible(s, { alpha: 2.5, beta: 0.1, gamma: 0, phi: 0.9 })).to.equal(false);
    expect(isAdmissible(s, { alpha: 0.5, beta: 3, gamma: 0, phi: 0.9 })).to.equal(false);
  });
});
