/**
 * Loads test/cases/ets-reference.json (fits of R 4.2.2 / forecast 8.20, produced by the script stored in
 * the file) and turns each case into our types.
 */
import { readFileSync } from 'node:fs';
import type { EtsParams, EtsStructure } from '../../../forecasting/models/ets-core.js';
import { ADD, MULT, NONE } from '../../../forecasting/models/ets-core.js';

interface RawCase {
  series: string;
  period: number;
  request: string;
  command: string;
  method: string;
  values: number[];
  alpha: number;
  beta: number | null;
  gamma: number | null;
  phi: number | null;
  initState: number[];
  loglik: number;
  aicc: number;
  sigma2: number;
  forecast: number[];
  variance95: number[];
}

export interface ReferenceCase extends RawCase {
  /** e.g. `AirPassengers ets(model = "MAM", damped = FALSE)`. */
  readonly label: string;
  readonly y: Float64Array;
  /** The structure R chose. */
  readonly structure: EtsStructure;
  readonly params: EtsParams;
  /** Our request equivalent to R's call: model code and damped flag. */
  readonly ourModel: string;
  readonly ourDamped: boolean | null;
}

const LETTER: Record<string, number> = { N: NONE, A: ADD, M: MULT };

function parseMethod(method: string, period: number): EtsStructure {
  const m = /^ETS\(([AM]),([NA])(d?),([NAM])\)$/.exec(method);
  if (m === null) throw new Error(`unexpected R method ${method}`);
  const [, e, t, d, s] = m as unknown as [string, string, string, string, string];
  return {
    error: LETTER[e] as EtsStructure['error'],
    trend: LETTER[t] as EtsStructure['trend'],
    damped: d === 'd',
    season: LETTER[s] as EtsStructure['season'],
    m: s === 'N' ? 1 : period,
  };
}

export function loadReference(): ReferenceCase[] {
  const url = new URL('../../cases/ets-reference.json', import.meta.url);
  const doc = JSON.parse(readFileSync(url, 'utf8')) as { cases: RawCase[] };
  return doc.cases.map((c) => {
    const damped = c.request.includes('d');
    const code = c.request.replace('d', '');
    const hasTrend = code[1] === 'A';
    return {
      ...c,
      label: `${c.series} ${c.command.split(';')[0]}`,
      y: Float64Array.from(c.values),
      structure: parseMethod(c.method, c.period),
      params: { alpha: c.alpha, beta: c.beta ?? 0, gamma: c.gamma ?? 0, phi: c.phi ?? 1 },
      ourModel: c.request,
      // R was called with damped = FALSE for explicit codes with a trend and no "d".
      ourDamped: code === 'ZZZ' ? null : hasTrend ? damped : null,
    };
  });
}

/** Largest relative difference |a/b - 1| over the first `h` values. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, h = b.length): number {
  let worst = 0;
  for (let i = 0; i < h; i++) worst = Math.max(worst, Math.abs(a[i]! / b[i]! - 1));
  return worst;
}
