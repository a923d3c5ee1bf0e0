import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { forecast } from '../../forecasting/index.js';
import type { MonthKey } from '../../forecasting/types.js';

/**
 * The engine against R's forecast package on public series (test/reference/README.md). Tolerances:
 * - Theta is a closed-form method (classical decomposition, SES, half the drift): the same arithmetic as
 *   thetaf, so the points agree to 0.1 %, far inside what any change of method would move.
 * - ARIMA with the same orders: both maximise the exact likelihood, with different optimisers and
 *   starting values, so the estimates (and points) differ in the last digits (0.01 % here): 0.1 %.
 * - ETS with the same model: R's ets() minimises the likelihood by Nelder-Mead from its own starting
 *   states, ours by its own search; parameters that differ slightly on a flat likelihood move the points
 *   (0.5 % on nottem): 1.5 %. Where the AICc choice differs (a near tie, AirPassengers' damped trend in R),
 *   the error and season forms must still agree and the held-out year's mean absolute error may be at most
 *   10 % above R's.
 */
const dir = new URL('../reference/r/', import.meta.url);
const read = (file: string): Record<string, string>[] => {
  const [header, ...lines] = readFileSync(new URL(file, dir), 'utf8').trim().split('\n');
  const names = (header as string).split(',').map((n) => n.replace(/"/g, ''));
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v.replace(/"/g, '')])));
};
const models = read('models.csv');
const points = read('points.csv');

interface Case {
  readonly series: string;
  readonly start: MonthKey;
  readonly train: number[];
  readonly actual: number[];
  readonly r: (column: string) => number[];
  readonly model: Record<string, string>;
}

const cases: Case[] = models.map((model) => {
  const series = model.series as string;
  const values = read(`${series}.csv`).map((row) => Number(row.value));
  const rows = points.filter((p) => p.series === series);
  const nTrain = Number(model.n_train);
  return {
    series,
    start: model.start as MonthKey,
    train: values.slice(0, nTrain),
    actual: values.slice(nTrain),
    r: (column) => rows.map((p) => Number(p[column])),
    model,
  };
});

const ours = (c: Case, method: string) =>
  forecast({ values: c.train, start: c.start, horizon: 12, method, backtest: false });
const mae = (a: readonly number[], f: readonly number[]): number =>
  a.reduce((s, v, i) => s + Math.abs(v - (f[i] as number)), 0) / a.length;

function expectClose(actual: readonly number[], expected: readonly number[], relative: number): void {
  actual.forEach((v, i) => {
    const e = expected[i] as number;
    expect(v, `step ${i + 1}`).to.be.closeTo(e, relative * Math.abs(e));
  });
}

describe('forecasting against R (test/reference)', () => {
  it('has the reference series and R figures it compares with', () => {
    expect(cases.map((c) => c.series)).to.deep.equal(['AirPassengers', 'nottem']);
    for (const c of cases) {
      expect(c.actual).to.have.length(12);
      expect(c.r('theta')).to.have.length(12);
    }
  });

  for (const c of cases) {
    it(`${c.series}: Theta's points agree with thetaf() to 0.1 %`, () => {
      expectClose(
        ours(c, 'theta').points.map((p) => p.point),
        c.r('theta'),
        0.001,
      );
    });

    const { p, d, q, P, D, Q } = c.model;
    const orders = `ARIMA(${p},${d},${q})(${P},${D},${Q})[12]`;
    it(`${c.series}: ARIMA picks auto.arima()'s ${orders} and its points agree to 0.1 %`, () => {
      const f = ours(c, 'arima');
      expect(f.model).to.contain(orders);
      expect(f.model.includes('with drift')).to.equal(c.model.arima_drift === 'TRUE');
      expectClose(
        f.points.map((x) => x.point),
        c.r('arima'),
        0.001,
      );
    });

    const rEts = [c.model.ets_error, c.model.ets_trend, c.model.ets_season].join(',');
    it(`${c.series}: ETS agrees with ets()'s ETS(${rEts}) in form, and in points or held-out accuracy`, () => {
      const f = ours(c, 'ets');
      const chosen = /^ETS\((.*)\)$/.exec(f.model)?.[1] ?? f.model;
      const [error, , season] = chosen.split(',');
      expect([error, season]).to.deep.equal([c.model.ets_error, c.model.ets_season]);
      const point = f.points.map((x) => x.point);
      if (chosen === rEts) expectClose(point, c.r('ets'), 0.015);
      else expect(mae(c.actual, point)).to.be.at.most(1.1 * mae(c.actual, c.r('ets')));
    });
  }
});
