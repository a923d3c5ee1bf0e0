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
import type { ForecastRequest } from '../../forecasting/types.js';

/** The fingerprint of a fit request on an engine (see {@link engineFingerprint}). */
export function fitFingerprint(request: ForecastRequest, engine: string): string {
  // NaN (a gap) becomes null in JSON: still distinct from every figure.
  const text = JSON.stringify({ ...request, values: Array.from(request.values) });
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
