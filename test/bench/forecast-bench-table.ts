/**
 * The benchmark's results table, built as a danfojs frame (the project's data-frame library; imported only
 * here, after the timed runs, because loading it takes over a second).
 */
import type { MethodScore } from './forecast-bench.js';

export async function printTable(scores: readonly MethodScore[]): Promise<void> {
  const dfd = await import('danfojs-node');
  const frame = new dfd.DataFrame(
    scores.map((s) => ({
      method: s.method,
      smape: s.smape,
      mase: s.mase,
      cov80: s.cov80,
      cov95: s.cov95,
      s_per_series: s.secondsPerSeries,
    })),
  );
  const header = ['method', 'sMAPE', 'MASE', 'cov80', 'cov95', 's/series'];
  const rows = (frame.values as (string | number)[][]).map((row) => {
    const [method, sm, ma, c80, c95, sec] = row as [string, number, number, number, number, number];
    return [method, sm.toFixed(3), ma.toFixed(3), c80.toFixed(3), c95.toFixed(3), sec.toFixed(4)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}
