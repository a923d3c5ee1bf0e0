import { expect } from 'chai';
import { ForecastInputError } from '../../../forecasting/errors.js';
import { boxMuller, etsAuto, fitEts } from '../../../forecasting/models/ets.js';
import { loadReference, maxRelDiff } from './ets-reference.js';

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

const ldeaths = loadReference().find((c) => c.series === 'ldeaths')!.y;
const nile = loadReference().find((c) => c.series === 'Nile')!.y;

describe('models/ets', () => {
  describe('etsAuto', () => {
    it('forecasts the same figures in any units', () => {
      for (const [name, y] of [
        ['ldeaths', ldeaths],
        ['Nile', nile],
      ] as const) {
        const base = etsAuto.fit(y, 12);
        for (const units of [1000, 0.001]) {
          const scaled = etsAuto.fit(
            Float64Array.from(y, (v) => v * units),
            12,
          );
          expect(scaled.name, `${name} ×${units}`).to.equal(base.name);
          const expected = base.forecast(12);
          scaled.forecast(12).forEach((v, i) => {
            const e = (expected[i] as number) * units;
            expect(v, `${name} ×${units}, step ${i + 1}`).to.be.closeTo(e, 1e-6 * Math.abs(e));
          });
        }
      }
    });

    it('is registered as "ets" and fits with AICc selection', () => {
      expect(etsAuto.name).to.equal('ets');
      const fit = etsAuto.fit(ldeaths, 12);
      expect(fit.name).to.match(/^ETS\([AM],(N|A|Ad),[NAM]\)$/);
      expect(Number.isFinite(fit.aicc)).to.equal(true);
      expect(fit.residuals.length).to.equal(ldeaths.length);
      expect(fit.forecast(18).length).to.equal(18);
    });

    // Auto-selection keeps R's candidates and criterion but not R's initial-state search (see ets-fit.ts),
    // so on these classic series we ask for R's choice where the data leave no doubt and forecasts within
    // 10 % of R's at every horizon.
    for (const c of loadReference().filter((r) => r.request === 'ZZZ')) {
      it(`${c.series}: forecasts within 10 % of R’s ets() (${c.method})`, () => {
        const fit = etsAuto.fit(c.y, c.period);
        expect(maxRelDiff(fit.forecast(24), c.forecast)).to.be.below(0.1);
      });
    }
  });

  describe('fitEts', () => {
    it('gives one-step residuals on the data’s scale for multiplicative error (y minus fitted)', () => {
      const m = fitEts(ldeaths, 12, { model: 'MNM' });
      const { e, fitted } = m.fit;
      for (let t = 0; t < ldeaths.length; t++) {
        expect(m.residuals[t]).to.be.closeTo(ldeaths[t]! - fitted[t]!, 1e-9 * ldeaths[t]!);
        expect(e[t]).to.be.closeTo((ldeaths[t]! - fitted[t]!) / fitted[t]!, 1e-12);
      }
    });

    it('forecasts a constant series as that constant, with zero residuals', () => {
      const y = new Float64Array(40).fill(250);
      const m = fitEts(y, 12);
      expect(Array.from(m.forecast(12))).to.deep.equal(new Array(12).fill(250));
      expect(Array.from(m.residuals).every((r) => r === 0)).to.equal(true);
    });

    it('fits a short monthly series (n = 20) without seasonal models that have more parameters than data allow', () => {
      const y = ldeaths.slice(0, 20);
      const m = fitEts(y, 12);
      expect(m.fit.nParams).to.be.below(y.length - 1);
      expect(m.forecast(6).every(Number.isFinite)).to.equal(true);
    });

    it('fits the shortest series it accepts (5 values)', () => {
      expect(
        fitEts(Float64Array.of(3, 4, 3.5, 5, 4.5), 12)
          .forecast(3)
          .every(Number.isFinite),
      ).to.equal(true);
    });

    it('honours an explicit model code and damping', () => {
      expect(fitEts(nile, 1, { model: 'AAdN' }).name).to.equal('ETS(A,Ad,N)');
      expect(fitEts(nile, 1, { model: 'MAN', damped: false }).name).to.equal('ETS(M,A,N)');
      expect(fitEts(ldeaths, 12, { model: 'ANA' }).name).to.equal('ETS(A,N,A)');
    });

    const bad: Array<[string, () => unknown, RegExp]> = [
      ['too short a series', () => fitEts(Float64Array.of(1, 2, 3, 4), 1), /at least 5/],
      ['a NaN value, naming it', () => fitEts(Float64Array.of(1, 2, NaN, 4, 5, 6), 1), /values\[2\]/],
      ['an infinite value', () => fitEts(Float64Array.of(1, 2, 3, Infinity, 5), 1), /finite/],
      [
        'multiplicative error with a zero value',
        () => fitEts(Float64Array.of(3, 0, 2, 4, 5, 6), 1, { model: 'MNN' }),
        /positive/,
      ],
      [
        'multiplicative season with a negative value',
        () => fitEts(shifted(ldeaths, -2000), 12, { model: 'MNM' }),
        /positive/,
      ],
      ['additive error with multiplicative season', () => fitEts(ldeaths, 12, { model: 'ANM' }), /not allowed/],
      ['a multiplicative trend', () => fitEts(ldeaths, 12, { model: 'MMN' }), /multiplicative trend/],
      ['a malformed model code', () => fitEts(ldeaths, 12, { model: 'XYZ' }), /not of the form/],
      ['damping without a trend', () => fitEts(ldeaths, 12, { model: 'ANN', damped: true }), /damp/],
      ['a seasonal model on non-seasonal data', () => fitEts(nile, 1, { model: 'ANA' }), /period/],
      ['a non-integer period', () => fitEts(ldeaths, 2.5), /period/],
      [
        'a series too short for the requested model',
        () => fitEts(ldeaths.slice(0, 14), 12, { model: 'MAdM' }),
        /too short/,
      ],
    ];
    for (const [what, call, message] of bad) {
      it(`refuses ${what} with a ForecastInputError`, () => {
        expect(call).to.throw(ForecastInputError, message);
        try {
          call();
        } catch (err) {
          expect((err as ForecastInputError).code).to.equal('FORECAST_INPUT_INVALID');
        }
      });
    }

    it('chooses only additive-error models for data with zero or negative values', () => {
      const m = fitEts(shifted(ldeaths, -1500), 12);
      expect(m.name).to.match(/^ETS\(A,/);
    });
  });

  describe('simulate', () => {
    it('draws paths whose mean and variance match the point forecasts and analytic variances', () => {
      const m = fitEts(ldeaths, 12, { model: 'ANA' });
      const h = 13;
      const paths = m.simulate(h, 4000, mulberry32(42));
      expect(paths.length).to.equal(4000);
      const f = m.forecast(h);
      const v = m.variance(h)!;
      for (let j = 0; j < h; j++) {
        let sum = 0;
        let sq = 0;
        for (const p of paths) {
          sum += p[j]!;
          sq += p[j]! * p[j]!;
        }
        const mean = sum / paths.length;
        const variance = sq / paths.length - mean * mean;
        // Monte Carlo error of the mean: 4 standard errors; of the variance: ~2.2 % per standard error.
        expect(mean).to.be.closeTo(f[j]!, 4 * Math.sqrt(v[j]! / paths.length));
        expect(variance / v[j]!).to.be.closeTo(1, 0.1);
      }
    });

    it('is reproducible for the same uniform generator seed', () => {
      const m = fitEts(ldeaths, 12, { model: 'MNM' });
      const a = m.simulate(6, 3, mulberry32(9));
      const b = m.simulate(6, 3, mulberry32(9));
      expect(a.map((p) => Array.from(p))).to.deep.equal(b.map((p) => Array.from(p)));
    });
  });

  describe('boxMuller', () => {
    it('turns uniforms into standard normals (mean 0, variance 1, 2.5 % beyond 1.96)', () => {
      const normal = boxMuller(mulberry32(1));
      const n = 40000;
      let sum = 0;
      let sq = 0;
      let tail = 0;
      for (let i = 0; i < n; i++) {
        const z = normal();
        sum += z;
        sq += z * z;
        if (z > 1.96) tail++;
      }
      expect(sum / n).to.be.closeTo(0, 0.02);
      expect(sq / n).to.be.closeTo(1, 0.03);
      expect(tail / n).to.be.closeTo(0.025, 0.004);
    });
  });
});

function shifted(y: Float64Array, by: number): Float64Array {
  return y.map((v) => v + by);
}
