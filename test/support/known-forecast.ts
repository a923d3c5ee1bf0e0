/**
 * A stored forecast with bands the test chooses, written straight to the store as if a run before the
 * test's figures had fitted it: what surprise alerts are measured against.
 */
import type { SeriesForecast } from '../../service/contract/index.js';

export interface KnownBand {
  readonly month: string;
  readonly h: number;
  readonly point: number;
  readonly lo80: number;
  readonly hi80: number;
  readonly lo95: number;
  readonly hi95: number;
}

export function knownForecast(
  series: string,
  run: string,
  fittedAt: string,
  lastActual: string,
  points: readonly KnownBand[],
): SeriesForecast {
  return {
    series,
    run,
    fittedAt,
    method: 'test',
    model: 'test',
    reason: 'written by the test',
    calibration: null,
    noBacktest: null,
    lastActual,
    backtest: null,
    years: [],
    points: points.map((p) => ({ ...p, yoyPct: null, yoyBasis: null })),
    baseline: { method: 'yoy', points: [] },
  };
}
