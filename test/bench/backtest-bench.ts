/**
 * `npm run bench:backtest`: what a forecast's backtest costs against its fit, and what it shows, when its
 * origins re-run the fitted filter (`backtestFit`, what the engine does) and when they re-estimate the
 * method (`backtest`), on the first N series of a monthly data set (M3 by default), one thread. Accuracy
 * columns are the backtests' own sMAPE, MASE and 80/95 % coverage, beside the same for the real test
 * months, so one sees which backtest tells the truth about the forecast.
 *
 * Options: --series N (default 200), --data FILE --meta FILE, --paths N (per origin, default the engine's).
 * The last line: `series=… fit_s=… forecast_s=… refilter_backtest_s=… refit_backtest_s=… refilter_ratio=… refit_ratio=…`.
 */
import { resolve } from 'node:path';
import { BACKTEST_PATHS, backtest, backtestFit } from '../../forecasting/backtest.js';
import { prepareSeries } from '../../forecasting/gaps.js';
import { coverage, mase, maseScale, smape } from '../../forecasting/metrics.js';
import { runMethod } from '../../forecasting/run.js';
import { chooseMethod } from '../../forecasting/select.js';
import type { BacktestSummary } from '../../forecasting/types.js';
import { loadBenchData } from './forecast-bench-data.js';
import { M3 } from './m3-data.js';

const args = process.argv.slice(2);
const option = (flag: string, fallback: string): string => {
  const i = args.indexOf(flag);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
};
const count = Number(option('--series', '200'));
const paths = Number(option('--paths', String(BACKTEST_PATHS)));
/** What forecast() simulates for the chosen method by default. */
const FORECAST_PATHS = 2000;
const data = loadBenchData(resolve(option('--data', M3.data)), resolve(option('--meta', M3.meta))).slice(0, count);

/** CPU seconds of this process (one thread), which other processes' load on the machine disturbs far less than wall time. */
const seconds = <T>(f: () => T): [T, number] => {
  const started = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(started);
  return [value, (used.user + used.system) / 1e6];
};

interface Tally {
  smape: number;
  mase: number;
  cov80: number;
  cov95: number;
  n: number;
}
const empty = (): Tally => ({ smape: 0, mase: 0, cov80: 0, cov95: 0, n: 0 });
const add = (t: Tally, s: BacktestSummary): void => {
  t.smape += s.smape;
  t.mase += s.mase;
  t.cov80 += s.coverage80;
  t.cov95 += s.coverage95;
  t.n++;
};
const line = (name: string, t: Tally): string =>
  `${name.padEnd(22)} sMAPE ${(t.smape / t.n).toFixed(3)}  MASE ${(t.mase / t.n).toFixed(3)}  80 % ${(t.cov80 / t.n).toFixed(3)}  95 % ${(t.cov95 / t.n).toFixed(3)}  (${t.n} series)`;

let fitS = 0;
let forecastS = 0;
let refilterS = 0;
let refitS = 0;
const refiltered = empty();
const refitted = empty();
const truth = empty();
for (const [index, s] of data.entries()) {
  const series = prepareSeries(s.train);
  const choice = chooseMethod('auto', series);
  const [, fit] = seconds(() => choice.spec.fit(series.y, 12));
  const [run, whole] = seconds(() => runMethod(choice, series, 12, 12, FORECAST_PATHS, index + 1));
  const options = { method: 'auto', horizon: 12, paths, seed: index + 1 };
  const [outcome, filter] = seconds(() => backtestFit(s.train, { choice, model: run.model, series }, options));
  const [again, refit] = seconds(() => backtest(s.train, options));
  fitS += fit;
  forecastS += whole;
  refilterS += filter;
  refitS += refit;
  if (outcome.summary !== null) add(refiltered, outcome.summary);
  add(refitted, again);
  const h = Math.min(12, s.test.length);
  const test = s.test.subarray(0, h);
  const iv = run.intervals.slice(0, h);
  truth.smape += smape(test, run.point.subarray(0, h));
  truth.mase += mase(test, run.point.subarray(0, h), maseScale(s.train, 12));
  truth.cov80 += coverage(
    test,
    iv.map((v) => v.lo80),
    iv.map((v) => v.hi80),
  );
  truth.cov95 += coverage(
    test,
    iv.map((v) => v.lo95),
    iv.map((v) => v.hi95),
  );
  truth.n++;
}
console.log(
  `${data.length} series, method auto, horizon 12, ${paths} paths per origin, one thread, CPU seconds; fit_s is the estimation alone, forecast_s the fit and ${FORECAST_PATHS} paths as forecast() makes them`,
);
console.log(line('backtest, re-filtered', refiltered));
console.log(line('backtest, re-estimated', refitted));
console.log(line('test months (truth)', truth));
const n = data.length;
console.log(
  `series=${n} fit_s=${(fitS / n).toFixed(4)} forecast_s=${(forecastS / n).toFixed(4)} refilter_backtest_s=${(refilterS / n).toFixed(4)} refit_backtest_s=${(refitS / n).toFixed(4)} refilter_ratio=${(refilterS / fitS).toFixed(2)} refit_ratio=${(refitS / fitS).toFixed(2)}`,
);
