/**
 * Auto-ETS on M3 monthly (train -> 18-step forecast, scored on test), printing sMAPE, MASE and ms/series
 * on one core. Usage: npx tsx test/bench/ets-check.ts [--limit N] [--mode fast|r] [--maxEval N]
 * [--relTol X] [--csv out.csv]
 * Reference (R forecast 8.20, test/bench/data/m3/README.md): sMAPE 14.139, MASE 0.865, 448 ms/series.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fitEts } from '../../forecasting/models/ets.js';
import type { EtsFitOptions } from '../../forecasting/models/ets-fit.js';
import { M3 } from './m3-data.js';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const limit = Number(arg('limit') ?? Infinity);
const tuning: EtsFitOptions = {
  ...(arg('mode') !== undefined ? { mode: arg('mode') as 'fast' | 'r' } : {}),
  ...(arg('maxEval') !== undefined ? { maxEval: Number(arg('maxEval')) } : {}),
  ...(arg('relTol') !== undefined ? { relTol: Number(arg('relTol')) } : {}),
  ...(arg('step') !== undefined ? { step: Number(arg('step')) } : {}),
};

const path = M3.data;
const series = new Map<string, { train: number[]; test: number[] }>();
for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
  if (line === '') continue;
  const [id, split, , value] = line.split(',') as [string, string, string, string];
  let s = series.get(id);
  if (s === undefined) series.set(id, (s = { train: [], test: [] }));
  (split === 'train' ? s.train : s.test).push(Number(value));
}

let smapeSum = 0;
let maseSum = 0;
let count = 0;
let evals = 0;
const rows: string[] = ['id,model,smape,mase,aicc'];
const models = new Map<string, number>();
// CPU time of this process as well as wall time: the machine is shared, and CPU time is what one core
// would spend without the neighbours.
const cpu0 = process.cpuUsage();
let elapsedNs = 0n;
for (const [id, { train, test }] of series) {
  if (count >= limit) break;
  const y = Float64Array.from(train);
  const start = process.hrtime.bigint();
  const fit = fitEts(y, 12, {}, tuning);
  const f = fit.forecast(test.length);
  elapsedNs += process.hrtime.bigint() - start;
  evals += fit.fit.evaluations;
  let sm = 0;
  let ae = 0;
  for (let h = 0; h < test.length; h++) {
    sm += (200 * Math.abs(test[h]! - f[h]!)) / (Math.abs(test[h]!) + Math.abs(f[h]!));
    ae += Math.abs(test[h]! - f[h]!);
  }
  let scale = 0;
  for (let t = 12; t < train.length; t++) scale += Math.abs(train[t]! - train[t - 12]!);
  scale /= train.length - 12;
  const smape = sm / test.length;
  const mase = ae / test.length / scale;
  smapeSum += smape;
  maseSum += mase;
  count++;
  models.set(fit.name, (models.get(fit.name) ?? 0) + 1);
  rows.push(`${id},"${fit.name}",${smape},${mase},${fit.aicc}`);
}
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(
  `series ${count}  sMAPE ${(smapeSum / count).toFixed(3)}  MASE ${(maseSum / count).toFixed(3)}  ` +
    `${(Number(elapsedNs) / 1e6 / count).toFixed(2)} ms/series wall (fit+forecast), ` +
    `${(cpuMs / count).toFixed(2)} ms/series CPU (whole loop)  ` +
    `chosen-model evals/series ${(evals / count).toFixed(0)}`,
);
if (process.env.QUIET === undefined)
  console.log(
    [...models.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  );
const out = arg('csv');
if (out !== undefined) writeFileSync(out, rows.join('\n') + '\n');
