/**
 * What a stored forecast was computed from, as one short string: the whole fit request (values,
 * first month, horizon, method, targets, seed: whatever the request carries now or later) and the
 * engine's code. A re-fit whose request and engine give the fingerprint of the series' last stored
 * forecast would store that forecast again, so an incremental run leaves the series as it is.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monthIndex, type MonthKey } from '../../common/month.js';
import type { ForecastRequest } from '../../forecasting/types.js';

/**
 * The fingerprint of a fit request on an engine (see {@link engineFingerprint}). An earlier selection the
 * request carries is left out: it says how to fit, not what.
 */
export function fitFingerprint(request: ForecastRequest, engine: string): string {
  const { selection: _, ...what } = request;
  return digest(engine, { ...what, values: Array.from(request.values) });
}

/**
 * The fingerprint of the history a selection was made on, the months of the request up to `through`
 * (figures, and known totals starting by then), with the rest of the request but the selection itself,
 * and the engine: while a later request gives the same for the same month, its series merely gained
 * months after `through` and nothing else about the fit changed.
 */
export function historyFingerprint(request: ForecastRequest, through: MonthKey, engine: string): string {
  const { selection: _, values, totals, ...settings } = request;
  const months = monthIndex(through) - monthIndex(request.start) + 1;
  const before = totals?.filter((t) => monthIndex(t.from) <= monthIndex(through)) ?? [];
  return digest(engine, { ...settings, values: Array.prototype.slice.call(values, 0, months), totals: before });
}

function digest(engine: string, request: unknown): string {
  // NaN (a gap) becomes null in JSON: still distinct from every figure.
  const text = JSON.stringify(request);
  return createHash('sha256').update(engine).update('\u0000').update(text).digest('base64url').slice(0, 32);
}

/**
 * The engine's version, read from its code: a hash of every file of `forecasting/` (models,
 * calibration, backtests). Any change to the engine makes every series' next incremental run a re-fit.
 */
export function engineFingerprint(dir = fileURLToPath(new URL('../../forecasting/', import.meta.url))): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(dir)) hash.update(path.relative(dir, file)).update('\u0000').update(readFileSync(file));
  return hash.digest('base64url').slice(0, 16);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(full);
      return entry.name.endsWith('.map') || entry.name.endsWith('.d.ts') ? [] : [full];
    });
}
