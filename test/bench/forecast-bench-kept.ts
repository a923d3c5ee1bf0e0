/**
 * `--kept-forms K[,K…]`: what an incremental re-fit costs in accuracy by keeping the model forms of the last
 * full selection (forecasting/kept-forms.ts). For each k the default method's forms are chosen on each
 * series' training data without its last k months, then kept, their parameters estimated again, on the whole
 * of it: the re-fit a month (or k months) after a full one. Scored exactly as the normal run, with the same
 * seeds. Its lines never hold the summary's keys (`smape=`, `cov80=`): the bench's last line with `smape=`
 * stays the default method's normal summary.
 */
import type { SeriesResult } from './forecast-bench-worker.js';
import type { MethodScore } from './forecast-bench.js';

/** Parses `--kept-forms`: months left out of the selection, each a whole number from 1 to 24. */
export function parseKeptForms(value: string): number[] {
  return value.split(',').map((part) => {
    const k = Number(part);
    if (!Number.isInteger(k) || k < 1 || k > 24)
      throw new Error(`--kept-forms takes months from 1 to 24, comma-separated; got ${JSON.stringify(value)}`);
    return k;
  });
}

/** One run with forms kept from `k` months earlier, scored, beside the normal run of the same method. */
export interface KeptRun {
  readonly k: number;
  readonly score: MethodScore;
  readonly results: readonly SeriesResult[];
}

/** Two lines per k: the incremental run's accuracy and what it kept, then its difference from the normal run. */
export function keptFormsLines(
  runs: readonly KeptRun[],
  normal: MethodScore,
  normalResults: readonly SeriesResult[],
): string[] {
  return runs.flatMap(({ k, score, results }) => {
    const kept = results.filter((r) => r.kept === true).length;
    const differs = results.filter((r, i) => r.model !== normalResults[i]?.model).length;
    const months = `${k} training month${k === 1 ? '' : 's'}`;
    return [
      `incremental k=${k} (${normal.method}'s forms chosen without the last ${months}, kept on all of them): ` +
        `sMAPE ${score.smape.toFixed(3)} MASE ${score.mase.toFixed(4)} coverage80 ${score.cov80.toFixed(3)} ` +
        `coverage95 ${score.cov95.toFixed(3)} s/series ${score.secondsPerSeries.toFixed(4)}; forms kept for ${kept} ` +
        `of ${results.length} series (the others chosen again), a model other than the full selection's for ${differs}`,
      `incremental k=${k} against the full selection: sMAPE ${signed(score.smape - normal.smape, 3)}, ` +
        `MASE ${signed(score.mase - normal.mase, 4)} (${normal.method}: sMAPE ${normal.smape.toFixed(3)}, MASE ${normal.mase.toFixed(4)})`,
    ];
  });
}

function signed(v: number, digits: number): string {
  return `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;
}
