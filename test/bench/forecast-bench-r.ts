/**
 * Times R's `ets()` (forecast package) on the first series of the data set in this same run, when Rscript
 * and the forecast package are installed, so that the speed ratio is measured on this machine, now.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchSeries } from './forecast-bench-data.js';

export interface RTiming {
  readonly series: number;
  readonly seconds: number;
}

/** Whether Rscript with the forecast package is available. */
export function rForecastAvailable(): boolean {
  const probe = spawnSync(
    'Rscript',
    ['-e', 'quit(status = if (requireNamespace("forecast", quietly = TRUE)) 0 else 1)'],
    { stdio: 'ignore' },
  );
  return probe.status === 0;
}

/** Wall seconds R takes for `forecast(ets(y), h, PI = FALSE)` over `series` (one R process, one core). */
export function timeREts(series: readonly BenchSeries[]): RTiming {
  const dir = mkdtempSync(join(tmpdir(), 'forecast-bench-r-'));
  try {
    const lines = series.map((s) => `${s.horizon},${Array.from(s.train).join(' ')}`);
    writeFileSync(join(dir, 'series.csv'), `${lines.join('\n')}\n`);
    const script = [
      'suppressMessages(library(forecast))',
      `lines <- readLines(${JSON.stringify(join(dir, 'series.csv'))})`,
      'data <- lapply(lines, function(l) { p <- strsplit(l, ",")[[1]]; list(h = as.integer(p[1]), y = ts(as.numeric(strsplit(p[2], " ")[[1]]), frequency = 12)) })',
      'elapsed <- system.time(for (s in data) forecast(ets(s$y), h = s$h, PI = FALSE))[["elapsed"]]',
      'cat(sprintf("%.3f\\n", elapsed))',
    ].join('\n');
    writeFileSync(join(dir, 'time.R'), script);
    const run = spawnSync('Rscript', [join(dir, 'time.R')], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`Rscript failed: ${run.stderr}`);
    const seconds = Number(run.stdout.trim().split('\n').pop());
    if (!Number.isFinite(seconds)) throw new Error(`unexpected Rscript output: ${run.stdout}`);
    return { series: series.length, seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
