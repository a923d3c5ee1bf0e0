/**
 * `npm run bench:forecast`: every method on every series of a monthly data set (M3 monthly by default),
 * fitted on the training part, scored on the test part by sMAPE, MASE and 80/95 % interval coverage, with
 * the wall time per series on two worker threads. The last line summarises the default method.
 *
 * Options: --data FILE --meta FILE (another data set in the same format), --forecasts FILE (CSV of the
 * default method's forecasts), --methods a,b,c (subset; the default method is always run), --paths N
 * (sample paths per series, default 1000), --no-r (skip timing R's ets()), --split odd|even (only the series
 * at odd / even 1-based positions of the meta file), --regime sparse (short, gappy, quarter-reported series
 * derived from the data set: forecast-bench-sparse.ts; --regime gappy: longer series, 40 % of months never
 * published, no totals) with --emit DIR (write the derived inputs) and --r
 * (score R's ets(na.interp(x)) on them); --r in any other mode scores R's ets(), auto.arima(), thetaf()
 * and their mean on exactly the bench's inputs (forecast-bench-r-methods.ts), --earlier N (each series
 * forecast from N months before the end of its training part and scored on those months: a period the
 * calibration never scored; forecast-bench-earlier.ts), --kept-forms 1,3 (the default method again with its model forms
 * chosen 1 and 3 months before the end of training and kept: forecast-bench-kept.ts), --related (with
 * --regime sparse: each series is given its training months before the kept window as its related series,
 * whose seasonal shape the engine borrows where the series cannot estimate its own).
 * Coverage of the default method is printed by horizon and by history length (months with a figure: < 24,
 * 24-47, 48-95, >= 96).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { listMethods } from '../../forecasting/index.js';
import { coverage, mase, maseScale, smape } from '../../forecasting/metrics.js';
import { coverageByYear, readStarts, type MonthIndex } from './forecast-bench-calendar.js';
import { loadBenchData, type BenchSeries } from './forecast-bench-data.js';
import { historyBucket, HISTORY_BUCKETS } from '../../forecasting/calibration.js';
import { rForecastAvailable, timeREts } from './forecast-bench-r.js';
import { keptFormsLines, parseKeptForms, type KeptRun } from './forecast-bench-kept.js';
import { earlierOrigin, MIN_EARLIER_TRAIN, parseEarlier } from './forecast-bench-earlier.js';
import { R_CALLS, rMethods } from './forecast-bench-r-methods.js';
import { parseSplit, splitSeries, type Split } from './forecast-bench-split.js';
import {
  FALLBACK,
  type SparseSeries,
  sparseLines,
  deriveSparse,
  emitSparse,
  scaleSeries,
  sparseInputs,
  REGIMES,
  type Regime,
} from './forecast-bench-sparse.js';
import type { SeriesResult, WorkerReply, WorkerRequest } from './forecast-bench-worker.js';
import { M3 } from './m3-data.js';

const DEFAULT_METHOD = 'auto';
const WORKERS = 2;
/** R's COMB on M3 monthly, from shared/benchmarks/README.md (the best R forecast figure there). */
const R_COMB = { smape: 13.532, mase: 0.828 };

interface Options {
  data: string;
  meta: string;
  forecasts: string | null;
  methods: string[];
  paths: number;
  timeR: boolean;
  split: Split | null;
  regime: Regime | null;
  related: boolean;
  emit: string | null;
  scoreR: boolean;
  keptForms: number[];
  earlier: number | null;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    data: M3.data,
    meta: M3.meta,
    forecasts: null,
    methods: ['snaive', 'naive2', 'yoy-growth', 'theta', 'dotm', 'ets', 'arima', 'comb'],
    paths: 1000,
    timeR: true,
    split: null,
    regime: null,
    related: false,
    emit: null,
    scoreR: false,
    keptForms: [],
    earlier: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--data') options.data = resolve(value());
    else if (flag === '--meta') options.meta = resolve(value());
    else if (flag === '--forecasts') options.forecasts = resolve(value());
    else if (flag === '--methods') options.methods = value().split(',');
    else if (flag === '--paths') options.paths = Number(value());
    else if (flag === '--no-r') options.timeR = false;
    else if (flag === '--split') options.split = parseSplit(value());
    else if (flag === '--regime') options.regime = sparseRegime(value());
    else if (flag === '--related') options.related = true;
    else if (flag === '--emit') options.emit = resolve(value());
    else if (flag === '--r') options.scoreR = true;
    else if (flag === '--kept-forms') options.keptForms = parseKeptForms(value());
    else if (flag === '--earlier') options.earlier = parseEarlier(value());
    else throw new Error(`unknown option ${flag}`);
  }
  const known = new Set(listMethods().map((m) => m.name));
  for (const m of options.methods)
    if (!known.has(m)) throw new Error(`unknown method ${m}; known: ${[...known].join(', ')}`);
  if (!options.methods.includes(DEFAULT_METHOD)) options.methods.push(DEFAULT_METHOD);
  if (options.related && options.regime === null) throw new Error('--related needs --regime sparse or gappy');
  if (options.earlier !== null && options.regime !== null) throw new Error('--earlier and --regime cannot be combined');
  return options;
}

function sparseRegime(name: string): Regime {
  const regime = REGIMES.find((r) => r === name);
  if (regime === undefined) throw new Error(`unknown regime ${name}; known: ${REGIMES.join(', ')}`);
  return regime;
}

function startWorker(series: readonly BenchSeries[], related: boolean): Promise<Worker> {
  const self = fileURLToPath(import.meta.url);
  const ts = self.endsWith('.ts');
  const file = join(dirname(self), `forecast-bench-worker.${ts ? 'ts' : 'js'}`);
  // Under tsx (development) the worker registers tsx's loader itself before importing the TypeScript file.
  const worker = ts
    ? new Worker(
        `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); });`,
        { eval: true },
      )
    : new Worker(file);
  return new Promise((resolveReady, reject) => {
    worker.once('error', reject);
    worker.once('message', (reply: WorkerReply) =>
      reply.type === 'ready' ? resolveReady(worker) : reject(new Error(JSON.stringify(reply))),
    );
    worker.postMessage({
      type: 'init',
      series: series.map((s) => ({ train: s.train, horizon: s.horizon, ...sparseInputs(s, related) })),
    } satisfies WorkerRequest);
  });
}

function runOn(
  worker: Worker,
  method: string,
  indices: number[],
  paths: number,
  keptFrom?: number,
): Promise<SeriesResult[]> {
  return new Promise((resolveDone, reject) => {
    worker.once('message', (reply: WorkerReply) => {
      if (reply.type === 'done') resolveDone(reply.results);
      else reject(new Error(`${method}: ${reply.type === 'error' ? reply.message : 'unexpected reply'}`));
    });
    worker.postMessage({
      type: 'run',
      method,
      indices,
      paths,
      ...(keptFrom !== undefined && { keptFrom }),
    } satisfies WorkerRequest);
  });
}

/** Runs one method over all series on the workers; returns results in series order and the wall seconds. */
async function runMethod(
  workers: Worker[],
  method: string,
  n: number,
  paths: number,
  keptFrom?: number,
): Promise<{ results: SeriesResult[]; seconds: number }> {
  const shares = workers.map((_, k) => Array.from({ length: n }, (_, i) => i).filter((i) => i % workers.length === k));
  const started = process.hrtime.bigint();
  const parts = await Promise.all(workers.map((w, k) => runOn(w, method, shares[k] as number[], paths, keptFrom)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const results = parts.flat().sort((a, b) => a.index - b.index);
  return { results, seconds };
}

export interface MethodScore {
  readonly method: string;
  readonly smape: number;
  readonly mase: number;
  readonly cov80: number;
  readonly cov95: number;
  readonly secondsPerSeries: number;
}

/** Scores one method: per-series sMAPE and MASE averaged over series; coverage over all test points. */
function score(
  method: string,
  data: readonly BenchSeries[],
  results: readonly SeriesResult[],
  seconds: number,
): MethodScore {
  let s = 0;
  let m = 0;
  let masedSeries = 0;
  let in80 = 0;
  let in95 = 0;
  let points = 0;
  results.forEach((r, i) => {
    const d = data[i] as BenchSeries;
    s += smape(d.test, r.point);
    const scale = maseScale(scaleSeries(d), 12);
    if (Number.isFinite(scale)) {
      m += mase(d.test, r.point, scale);
      masedSeries++;
    }
    in80 += coverage(d.test, r.lo80, r.hi80) * d.horizon;
    in95 += coverage(d.test, r.lo95, r.hi95) * d.horizon;
    points += d.horizon;
  });
  return {
    method,
    smape: s / results.length,
    mase: m / masedSeries,
    cov80: in80 / points,
    cov95: in95 / points,
    secondsPerSeries: seconds / results.length,
  };
}

/** Coverage of the 80 % and 95 % intervals at each horizon step, over the series that reach it. */
function coverageByHorizon(data: readonly BenchSeries[], results: readonly SeriesResult[]): string {
  const maxH = Math.max(...data.map((d) => d.horizon));
  const cells: string[] = [];
  for (let h = 0; h < maxH; h++) {
    let in80 = 0;
    let in95 = 0;
    let n = 0;
    results.forEach((r, i) => {
      const y = (data[i] as BenchSeries).test[h];
      if (y === undefined) return;
      if (y >= (r.lo80[h] as number) && y <= (r.hi80[h] as number)) in80++;
      if (y >= (r.lo95[h] as number) && y <= (r.hi95[h] as number)) in95++;
      n++;
    });
    cells.push(`h${h + 1} ${(in80 / n).toFixed(2)}/${(in95 / n).toFixed(2)}`);
  }
  return cells.join(', ');
}

/**
 * Coverage of the 80 % and 95 % intervals over all test points of the series in each history bucket (months
 * with a figure in the training part), one line per bucket holding series.
 */
function coverageByHistory(data: readonly BenchSeries[], results: readonly SeriesResult[]): string[] {
  const months = (d: BenchSeries): number => d.train.filter((v) => !Number.isNaN(v)).length;
  return HISTORY_BUCKETS.flatMap((bucket) => {
    const kept = data.flatMap((d, i) => (historyBucket(months(d)) === bucket ? [i] : []));
    if (kept.length === 0) return [];
    const c = score(
      DEFAULT_METHOD,
      kept.map((i) => data[i] as BenchSeries),
      kept.map((i) => results[i] as SeriesResult),
      0,
    );
    return [
      `history=${bucket} series=${kept.length} coverage80=${c.cov80.toFixed(3)} coverage95=${c.cov95.toFixed(3)}`,
    ];
  });
}

function writeForecasts(file: string, data: readonly BenchSeries[], results: readonly SeriesResult[]): void {
  const lines = ['series_id,h,point,lo80,hi80,lo95,hi95'];
  results.forEach((r, i) => {
    for (let h = 0; h < r.point.length; h++) {
      lines.push([data[i]?.id, h + 1, r.point[h], r.lo80[h], r.hi80[h], r.lo95[h], r.hi95[h]].join(','));
    }
  });
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** R's methods scored on exactly these inputs, each beside the bench's method of the same name (none contains `smape=`). */
async function rMethodLines(data: readonly BenchSeries[], scores: readonly MethodScore[]): Promise<string[]> {
  const { results, seconds } = await rMethods(data);
  const lines = [`R forecast package on these ${data.length} series: ${seconds.toFixed(1)} s in R processes`];
  for (const [method, rResults] of results) {
    const r = score(method, data, rResults, seconds);
    const ours = scores.find((x) => x.method === (method === 'comb' ? DEFAULT_METHOD : method));
    const coverage = method === 'comb' ? '' : `, coverage 80 % ${r.cov80.toFixed(3)}, 95 % ${r.cov95.toFixed(3)}`;
    const ratio = ours
      ? `; ${ours.method} here: sMAPE ratio ${(ours.smape / r.smape).toFixed(4)}, MASE ratio ${(ours.mase / r.mase).toFixed(4)}`
      : '';
    lines.push(`R ${R_CALLS[method]}: sMAPE ${r.smape.toFixed(3)}, MASE ${r.mase.toFixed(3)}${coverage}${ratio}`);
  }
  return lines;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const loaded = loadBenchData(options.data, options.meta);
  const sparse = options.regime === null ? null : deriveSparse(loaded, options.meta, options.regime);
  // Split first: the halves are positions in the meta file, whichever series an earlier origin leaves out.
  const half = splitSeries(sparse ?? loaded, options.split);
  const data = options.earlier === null ? half : earlierOrigin(half, options.earlier);
  if (sparse !== null && options.emit !== null)
    console.log(`derived inputs written: ${emitSparse(options.emit, sparse).join(', ')}`);
  const horizons = [...new Set(data.map((d) => d.horizon))].join(', ');
  const described =
    (options.split === null ? '' : `, ${options.split} positions only`) +
    (options.earlier === null
      ? ''
      : `, from ${options.earlier} months before the end of training (${half.length - data.length} left out with under ${MIN_EARLIER_TRAIN} months before it)`) +
    (options.related ? ', each given its training months before the kept window as its related series' : '');
  console.log(
    `data: ${options.data} (${data.length} series${described}, horizon ${horizons}); ${WORKERS} worker threads; ${options.paths} sample paths per series`,
  );
  const loadBefore = loadavg()[0] as number;
  const workers = await Promise.all(Array.from({ length: WORKERS }, () => startWorker(data, options.related)));
  const scores: MethodScore[] = [];
  let defaultResults: SeriesResult[] = [];
  const keptRuns: KeptRun[] = [];
  const fallbacks = new Map<string, number>();
  try {
    for (const method of options.methods) {
      const { results, seconds } = await runMethod(workers, method, data.length, options.paths);
      scores.push(score(method, data, results, seconds));
      const fellBack = results.filter((r) => r.model.startsWith(FALLBACK)).length;
      if (fellBack > 0) fallbacks.set(method, fellBack);
      if (method === DEFAULT_METHOD) defaultResults = results;
    }
    for (const k of options.keptForms) {
      const { results, seconds } = await runMethod(workers, DEFAULT_METHOD, data.length, options.paths, k);
      keptRuns.push({ k, score: score(DEFAULT_METHOD, data, results, seconds), results });
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  // Wall times depend on what else the machine runs: say so next to them.
  console.log(
    `1-minute load average ${loadBefore.toFixed(1)} at the start, ${(loadavg()[0] as number).toFixed(1)} after the runs (2 cores)`,
  );
  const { printTable } = await import('./forecast-bench-table.js');
  await printTable(scores);
  const best = scores.find((s) => s.method === DEFAULT_METHOD) as MethodScore;
  if (fallbacks.size > 0)
    console.log(
      `series a method could not fit, given auto's forecast: ${[...fallbacks].map(([m, n]) => `${m} ${n}`).join(', ')}`,
    );
  const models = new Map<string, number>();
  for (const r of defaultResults) {
    const family = r.model.replace(/\(.*/, '').replace(/ of .*/, ' of …');
    models.set(family, (models.get(family) ?? 0) + 1);
  }
  console.log(
    `default method ${DEFAULT_METHOD} resolved to: ${[...models.entries()].map(([k, v]) => `${k} ×${v}`).join(', ')}`,
  );
  console.log(`${DEFAULT_METHOD} coverage by horizon (80 %/95 %): ${coverageByHorizon(data, defaultResults)}`);
  for (const line of coverageByHistory(data, defaultResults)) console.log(`${DEFAULT_METHOD} ${line}`);
  const starts = readStarts(options.meta);
  if (starts === null)
    console.log('coverage by calendar year not shown: the meta file has no start_year and start_month');
  else {
    // The sparse regime keeps a later window of each series; an earlier origin keeps its start.
    const testStart = (i: number): MonthIndex | undefined => {
      const d = data[i] as BenchSeries;
      const first = sparse === null ? starts.get(d.id) : (d as SparseSeries).startYear * 12 + (d as SparseSeries).phase;
      return first === undefined ? undefined : first + d.train.length;
    };
    console.log(
      `${DEFAULT_METHOD} coverage by calendar year of the forecast month (80 %/95 %): ${coverageByYear(data, defaultResults, testStart)}`,
    );
  }
  if (basename(options.data) === 'm3-monthly.csv' && sparse === null && options.earlier === null) {
    console.log(
      `default vs R COMB on the whole set (sMAPE ${R_COMB.smape}, MASE ${R_COMB.mase}): sMAPE ratio ${(best.smape / R_COMB.smape).toFixed(4)}, MASE ratio ${(best.mase / R_COMB.mase).toFixed(4)}`,
    );
  }
  if (options.forecasts !== null) {
    writeForecasts(options.forecasts, data, defaultResults);
    console.log(`forecasts of ${DEFAULT_METHOD} written to ${options.forecasts}`);
  }
  if (sparse !== null) {
    // The half's series only: the filled months and R's scores belong to the series scored above.
    for (const line of sparseLines(half as SparseSeries[], options.scoreR && rForecastAvailable(), best, (r, s) =>
      score('R', data, r, s),
    ))
      console.log(line);
  } else if (options.timeR && rForecastAvailable()) {
    const r = timeREts(data.slice(0, 100));
    const perSeries = r.seconds / r.series;
    console.log(
      `R ets() on the first ${r.series} series, one core: ${perSeries.toFixed(4)} s/series; ${DEFAULT_METHOD} is ${(perSeries / best.secondsPerSeries).toFixed(1)}x faster per series`,
    );
  } else {
    console.log('R ets() not timed (Rscript with the forecast package not found, or --no-r)');
  }
  if (sparse === null && options.scoreR) {
    if (!rForecastAvailable()) console.log('R methods not scored: Rscript with the forecast package not found');
    else for (const line of await rMethodLines(data, scores)) console.log(line);
  }
  for (const line of keptFormsLines(keptRuns, best, defaultResults)) console.log(line);
  console.log(
    `method=${best.method} smape=${best.smape.toFixed(3)} mase=${best.mase.toFixed(3)} cov80=${best.cov80.toFixed(3)} cov95=${best.cov95.toFixed(3)} s_per_series=${best.secondsPerSeries.toFixed(4)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
