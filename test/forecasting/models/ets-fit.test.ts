import { expect } from 'chai';
import type { EtsStructure } from '../../../forecasting/models/ets-core.js';
import { ADD, MULT, NONE, etsForecast, etsSimulatePath, makeWorkspace } from '../../../forecasting/models/ets-core.js';
import { fitEtsModel } from '../../../forecasting/models/ets-fit.js';
import { makeObjective } from '../../../forecasting/models/ets-objective.js';
import { fitEts } from '../../../forecasting/models/ets.js';
import { loadReference, maxRelDiff } from './ets-reference.js';

/** Small seeded uniform generator (mulberry32) so that simulated series are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normals(seed: number): () => number {
  const u = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

describe('models/ets-fit', () => {
  describe('in R mode reproduces forecast::ets() (test/cases/ets-reference.json)', () => {
    // The same Nelder–Mead from the same start, so the optimiser lands where R's does: we allow 0.01 in
    // log-likelihood and 0.5 % in the forecasts for rounding to steer the search slightly differently.
    for (const c of loadReference().filter((r) => r.request !== 'ZZZ')) {
      it(`${c.label}: log-likelihood and forecasts as R’s ${c.method}`, () => {
        const fit = fitEtsModel(c.y, c.structure, { mode: 'r' });
        expect(fit).to.not.equal(null);
        expect(fit!.loglik).to.be.closeTo(c.loglik, 0.01);
        const f = etsForecast(fit!.last, c.structure, fit!.params.phi, 24);
        expect(maxRelDiff(f, c.forecast)).to.be.below(5e-3);
      });
    }
  });

  describe('in the default (fast) mode', () => {
    // Initial states stay at R's heuristic values, so the fit is not R's: it is the best fit given those
    // states. We check it against a grid search of the same objective, and that its likelihood is never
    // much below R's (at most 2 % of it; it is often above, where R's search stops at its 2,000-evaluation cap).
    for (const c of loadReference().filter((r) => r.request !== 'ZZZ')) {
      it(`${c.label}: log-likelihood at most 2 % below R’s`, () => {
        const fit = fitEtsModel(c.y, c.structure);
        expect(fit).to.not.equal(null);
        expect(fit!.loglik).to.be.at.least(c.loglik - 0.02 * Math.abs(c.loglik));
      });
    }

    const gridCases: Array<[string, EtsStructure]> = [
      ['USAccDeaths', { error: ADD, trend: NONE, damped: false, season: ADD, m: 12 }],
      ['AirPassengers', { error: MULT, trend: NONE, damped: false, season: MULT, m: 12 }],
      ['WWWusage', { error: ADD, trend: ADD, damped: false, season: NONE, m: 1 }],
    ];
    for (const [series, s] of gridCases) {
      it(`${series}: finds the best smoothing parameters for its initial states (no grid point is better by more than its tolerance)`, () => {
        const y = loadReference().find((r) => r.series === series)!.y;
        const fit = fitEtsModel(y, s)!;
        const objective = makeObjective(y, s);
        const x = new Float64Array(objective.nSmooth + fit.init.length - (s.season !== NONE ? 1 : 0));
        x.set(fit.init.subarray(0, x.length - objective.nSmooth), objective.nSmooth);
        let best = Infinity;
        for (let a = 0.01; a < 1; a += 0.02) {
          for (let g = 0; g < 1; g += 0.02) {
            // The second parameter is beta (at most alpha) or gamma (at most 1 - alpha).
            x[0] = a;
            x[1] = Math.max(1e-4, s.trend !== NONE ? g * a : g * (1 - a));
            best = Math.min(best, objective.f(x));
          }
        }
        // 0.01 in log-likelihood is the optimiser's stopping tolerance (relTol 1e-6 of ~1,000-2,000).
        expect(fit.loglik).to.be.at.least(-0.5 * best - 0.01);
      });
    }
  });

  // Seasonal parameters need many seasons to be pinned down (alpha and gamma trade off): n = 1200 for
  // seasonal models, 480 otherwise. Multiplicative-error trends grow their own noise, so they stay mild.
  describe('recovers the parameters of series simulated from the model (seeded)', () => {
    const cases: Array<{ code: string; s: EtsStructure; p: [number, number, number, number]; init: number[] }> = [
      { code: 'ANN', s: st(ADD, NONE, false, NONE), p: [0.3, 0, 0, 1], init: [100] },
      { code: 'AAN', s: st(ADD, ADD, false, NONE), p: [0.4, 0.1, 0, 1], init: [100, 1] },
      { code: 'AAdN', s: st(ADD, ADD, true, NONE), p: [0.4, 0.15, 0, 0.9], init: [100, 2] },
      { code: 'ANA', s: st(ADD, NONE, false, ADD), p: [0.3, 0, 0.2, 1], init: [100, ...season(10, false)] },
      { code: 'AAA', s: st(ADD, ADD, false, ADD), p: [0.3, 0.05, 0.2, 1], init: [100, 0.5, ...season(10, false)] },
      { code: 'MNN', s: st(MULT, NONE, false, NONE), p: [0.3, 0, 0, 1], init: [100] },
      { code: 'MAN', s: st(MULT, ADD, false, NONE), p: [0.4, 0.02, 0, 1], init: [1000, 5] },
      { code: 'MNM', s: st(MULT, NONE, false, MULT), p: [0.3, 0, 0.2, 1], init: [100, ...season(0.2, true)] },
      { code: 'MAM', s: st(MULT, ADD, false, MULT), p: [0.3, 0.02, 0.2, 1], init: [1000, 5, ...season(0.2, true)] },
      { code: 'MAdM', s: st(MULT, ADD, true, MULT), p: [0.3, 0.1, 0.2, 0.9], init: [100, 1, ...season(0.2, true)] },
    ];
    for (const c of cases) {
      it(`ETS ${c.code}`, () => {
        const [alpha, beta, gamma, phi] = c.p;
        const sigma = c.s.error === ADD ? 2 : 0.02;
        const y = new Float64Array(c.s.season !== NONE ? 1200 : 480);
        etsSimulatePath(
          Float64Array.from(c.init),
          c.s,
          { alpha, beta, gamma, phi },
          sigma,
          normals(7),
          makeWorkspace(c.s.m),
          y,
        );
        const fit = fitEts(y, 12, { model: c.code, damped: c.s.trend === NONE ? null : c.s.damped }).fit;
        expect(fit.params.alpha, 'alpha').to.be.closeTo(alpha, 0.1);
        if (c.s.trend !== NONE) expect(fit.params.beta, 'beta').to.be.closeTo(beta, 0.1);
        if (c.s.season !== NONE) expect(fit.params.gamma, 'gamma').to.be.closeTo(gamma, 0.1);
        if (c.s.damped) expect(fit.params.phi, 'phi').to.be.closeTo(phi, 0.08);
        expect(Math.sqrt(fit.sigma2), 'sigma').to.be.closeTo(sigma, 0.15 * sigma);
      });
    }
  });
});

function st(error: 1 | 2, trend: 0 | 1, damped: boolean, season: 0 | 1 | 2): EtsStructure {
  return { error, trend, damped, season, m: season === NONE ? 1 : 12 };
}

/** Twelve seasonal states in R's order (most recent first) summing to 0 (additive) or 12 (multiplicative). */
function season(amplitude: number, multiplicative: boolean): number[] {
  const out: number[] = [];
  for (let k = 0; k < 12; k++) {
    const v = amplitude * Math.sin((2 * Math.PI * k) / 12);
    out.push(multiplicative ? 1 + v : v);
  }
  return out;
}
