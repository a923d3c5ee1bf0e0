/**
 * `--r` in the sparse regime: R's `ets(na.interp(x))` (forecast package) on exactly the derived inputs,
 * 80 % and 95 % intervals included, one R process; the bench scores its forecasts as it scores its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SparseSeries } from './forecast-bench-sparse.js';
import type { SeriesResult } from './forecast-bench-worker.js';

/** Forecasts of `forecast(ets(na.interp(y)), h, level = c(80, 95))` per series, and R's wall seconds. */
export function rEtsInterp(series: readonly SparseSeries[]): { results: SeriesResult[]; seconds: number } {
  const dir = mkdtempSync(join(tmpdir(), 'forecast-bench-sparse-r-'));
  try {
    const input = join(dir, 'series.csv');
    const output = join(dir, 'forecasts.csv');
    const lines = series.map(
      (s) =>
        `${s.horizon},${s.startYear},${s.phase + 1},${Array.from(s.train, (v) => (Number.isNaN(v) ? 'NA' : v)).join(' ')}`,
    );
    writeFileSync(input, `${lines.join('\n')}\n`);
    const script = [
      'suppressMessages(library(forecast))',
      `lines <- readLines(${JSON.stringify(input)})`,
      'out <- character(0)',
      'elapsed <- system.time(for (l in lines) {',
      '  p <- strsplit(l, ",")[[1]]',
      '  y <- ts(as.numeric(strsplit(p[4], " ")[[1]]), frequency = 12, start = c(as.integer(p[2]), as.integer(p[3])))',
      '  f <- forecast(ets(na.interp(y)), h = as.integer(p[1]), level = c(80, 95))',
      '  out <- c(out, paste(c(f$mean, f$lower[, 1], f$upper[, 1], f$lower[, 2], f$upper[, 2]), collapse = " "))',
      '})[["elapsed"]]',
      `writeLines(out, ${JSON.stringify(output)})`,
      'cat(sprintf("%.3f\\n", elapsed))',
    ].join('\n');
    writeFileSync(join(dir, 'run.R'), script);
    const run = spawnSync('Rscript', [join(dir, 'run.R')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`Rscript failed: ${run.stderr}`);
    const seconds = Number(run.stdout.trim().split('\n').pop());
    const rows = readFileSync(output, 'utf8').trim().split('\n');
    const results = rows.map((row, index): SeriesResult => {
      const v = row.split(' ').map(Number);
      const h = (series[index] as SparseSeries).horizon;
      const part = (k: number) => Float64Array.from(v.slice(k * h, (k + 1) * h));
      return {
        index,
        model: 'ets(na.interp)',
        point: part(0),
        lo80: part(1),
        hi80: part(2),
        lo95: part(3),
        hi95: part(4),
      };
    });
    return { results, seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
