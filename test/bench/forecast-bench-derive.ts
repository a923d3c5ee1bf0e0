/**
 * Writes variants of a benchmark data set for checks beyond M3 as distributed, in the same two-file format
 * (so `npm run bench:forecast -- --data FILE --meta FILE` reads them):
 *
 * - `short<N>`: only the last N training months of each series, same test months (short histories).
 * - `zeros24`: every fifth series, a 24-month horizon (the last 6 training months join the test part), with
 *   the 20th percentile of the training values subtracted and negatives set to 0 (series with zeros).
 *
 * Usage: npx tsx test/bench/forecast-bench-derive.ts OUT_DIR [--data FILE --meta FILE] [--short 18,36]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBenchData, type BenchSeries } from './forecast-bench-data.js';
import { M3 } from './m3-data.js';

function write(
  dir: string,
  name: string,
  series: readonly { id: string; train: ArrayLike<number>; test: ArrayLike<number> }[],
): void {
  const data = ['series_id,split,t,value'];
  const meta = ['series_id,horizon'];
  for (const s of series) {
    Array.from(s.train).forEach((v, i) => data.push(`${s.id},train,${i + 1},${v}`));
    Array.from(s.test).forEach((v, i) => data.push(`${s.id},test,${i + 1},${v}`));
    meta.push(`${s.id},${s.test.length}`);
  }
  writeFileSync(join(dir, `${name}.csv`), `${data.join('\n')}\n`);
  writeFileSync(join(dir, `${name}-meta.csv`), `${meta.join('\n')}\n`);
  console.log(`${join(dir, `${name}.csv`)}: ${series.length} series`);
}

function withZeros(s: BenchSeries): { id: string; train: number[]; test: number[] } | null {
  const full = [...s.train, ...s.test];
  const train = full.slice(0, full.length - 24);
  const test = full.slice(full.length - 24);
  const floor = [...train].sort((a, b) => a - b)[Math.floor(train.length / 5)] as number;
  const cut = (v: number): number => Math.max(0, Number((v - floor).toPrecision(6)));
  const t = train.map(cut);
  // A series whose last training year is all zeros has no MASE scale: leave it out.
  return t.slice(12).some((v) => v !== 0) ? { id: s.id, train: t, test: test.map(cut) } : null;
}

const args = process.argv.slice(2);
const out = args[0];
if (out === undefined || out.startsWith('--'))
  throw new Error('usage: forecast-bench-derive.ts OUT_DIR [--data FILE --meta FILE] [--short 18,36]');
const option = (flag: string, fallback: string): string => {
  const i = args.indexOf(flag);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
};
const source = loadBenchData(option('--data', M3.data), option('--meta', M3.meta));
mkdirSync(out, { recursive: true });
for (const n of option('--short', '18,36').split(',').map(Number)) {
  write(
    out,
    `short${n}`,
    source.map((s) => ({ id: s.id, train: s.train.slice(-n), test: s.test })),
  );
}
write(
  out,
  'zeros24',
  source
    .filter((_, i) => i % 5 === 0)
    .map(withZeros)
    .filter((s) => s !== null),
);
