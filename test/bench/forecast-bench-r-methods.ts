/**
 * `--r` outside the sparse regime: R's `ets()`, `auto.arima()` and `thetaf()` (forecast package, default
 * settings, 80 % and 95 % intervals) on exactly the bench's inputs, and COMB, the mean of their three point
 * forecasts, as the M3 reference figures define it. The reference figures hold for M3's own split only; on
 * another period (`--earlier`) or another data set this measures R on the same inputs, in this run.
 * The series are shared among `processes` R processes (one a core); each process's wall time is summed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchSeries } from './forecast-bench-data.js';
import type { SeriesResult } from './forecast-bench-worker.js';

export const R_METHODS = ['ets', 'arima', 'theta'] as const;
export type RMethod = (typeof R_METHODS)[number] | 'comb';

/** The R call behind each method's name, as the bench prints it. */
export const R_CALLS: Record<RMethod, string> = {
  ets: 'ets()',
  arima: 'auto.arima()',
  theta: 'thetaf()',
  comb: 'COMB (mean of the three)',
};

const SCRIPT = [
  'suppressMessages(library(forecast))',
  'args <- commandArgs(trailingOnly = TRUE)',
  'lines <- readLines(args[1])',
  'out <- character(0)',
  'row <- function(f) paste(c(f$mean, f$lower[, 1], f$upper[, 1], f$lower[, 2], f$upper[, 2]), collapse = " ")',
  'elapsed <- system.time(for (l in lines) {',
  '  p <- strsplit(l, ",")[[1]]',
  '  h <- as.integer(p[1])',
  '  y <- ts(as.numeric(strsplit(p[2], " ")[[1]]), frequency = 12)',
  '  out <- c(out,',
  '    row(forecast(ets(y), h = h, level = c(80, 95))),',
  '    row(forecast(auto.arima(y), h = h, level = c(80, 95))),',
  '    row(thetaf(y, h = h, level = c(80, 95))))',
  '})[["elapsed"]]',
  'writeLines(out, args[2])',
  'cat(sprintf("%.3f\\n", elapsed))',
].join('\n');

/** Forecasts of each R method per series (in the order given), and the R processes' summed seconds. */
export async function rMethods(
  series: readonly BenchSeries[],
  processes = 2,
): Promise<{ results: Map<RMethod, SeriesResult[]>; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'forecast-bench-r-methods-'));
  try {
    writeFileSync(join(dir, 'run.R'), SCRIPT);
    const size = Math.ceil(series.length / processes);
    const chunks = Array.from({ length: processes }, (_, k) => series.slice(k * size, (k + 1) * size)).filter(
      (c) => c.length > 0,
    );
    const answers = await Promise.all(
      chunks.map((chunk, k) => {
        const input = join(dir, `series-${k}.csv`);
        const output = join(dir, `forecasts-${k}.csv`);
        writeFileSync(input, `${chunk.map((s) => `${s.horizon},${Array.from(s.train).join(' ')}`).join('\n')}\n`);
        return runR(join(dir, 'run.R'), input).then((seconds) => ({
          seconds,
          rows: readFileSync(output, 'utf8').trim().split('\n'),
        }));
      }),
    );
    const results = new Map<RMethod, SeriesResult[]>([...R_METHODS, 'comb' as const].map((m) => [m, []]));
    answers.forEach(({ rows }, k) => {
      const chunk = chunks[k]!;
      chunk.forEach((s, i) => {
        const index = k * size + i;
        const byMethod = R_METHODS.map((method, j) => parseRow(rows[3 * i + j]!, s.horizon, index, method));
        byMethod.forEach((r, j) => results.get(R_METHODS[j]!)!.push(r));
        const point = Float64Array.from({ length: s.horizon }, (_, t) => mean(byMethod.map((r) => r.point[t]!)));
        // COMB has no interval of its own: its bounds are its point, and the bench prints no coverage for it.
        results.get('comb')!.push({ index, model: 'COMB', point, lo80: point, hi80: point, lo95: point, hi95: point });
      });
    });
    return { results, seconds: answers.reduce((sum, a) => sum + a.seconds, 0) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runR(script: string, input: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('Rscript', [script, input, input.replace('series-', 'forecasts-')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(stdout.trim().split('\n').pop());
      if (code !== 0 || !Number.isFinite(seconds))
        reject(new Error(`Rscript failed (${code}): ${stderr.slice(-2000)}`));
      else resolve(seconds);
    });
  });
}

function parseRow(row: string, h: number, index: number, method: string): SeriesResult {
  const v = row.split(' ').map(Number);
  const part = (k: number) => Float64Array.from(v.slice(k * h, (k + 1) * h));
  return { index, model: `R ${method}`, point: part(0), lo80: part(1), hi80: part(2), lo95: part(3), hi95: part(4) };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
