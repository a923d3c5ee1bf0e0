/**
 * Which model forms an incremental re-fit keeps: those of the selection stored with the series' newest
 * forecast (the engine re-estimates them instead of searching, forecasting/kept-forms.ts), while the series
 * merely gained months after it and for at most {@link MAX_KEPT_MONTHS} of them. Its history up to the
 * selection's month, the known totals starting by then, the rest of the request and the engine must give the
 * fingerprint they gave then: a restated or back-filled month, a new method, horizon or targets, or a new
 * engine (whose fingerprint covers the calibration tables) makes the series choose afresh. A full run
 * (`?full=true`) keeps nothing.
 */
import { monthIndex } from '../../common/month.js';
import type { ForecastRequest, ForecastResult, Selection } from '../../forecasting/types.js';
import type { StoredSelection } from '../forecasts/forecast-store.js';
import { historyFingerprint } from './fit-fingerprint.js';

/**
 * New months after which a series chooses its forms afresh, chosen on M3's odd half
 * (`bench:forecast -- --split odd --kept-forms 3,6`): forms chosen 3 months before the end of training and
 * kept changed MASE by -0.0005 against choosing on all of it (0.8085), 6 months before by +0.0048. On the
 * even half, not looked at for the choice: +0.0015 MASE and +0.021 sMAPE at 3 months (0.8384, 13.774).
 * A quarter: a monthly series chooses afresh every fourth month.
 */
export const MAX_KEPT_MONTHS = 3;

/** The stored selection to give the engine with `request`, or null when the series should choose afresh. */
export function selectionToKeep(
  stored: StoredSelection | null | undefined,
  request: ForecastRequest,
  engine: string,
): Selection | null {
  if (!stored) return null;
  const newMonths = monthIndex(request.start) + request.values.length - 1 - monthIndex(stored.through);
  if (newMonths < 0 || newMonths > MAX_KEPT_MONTHS) return null;
  if (historyFingerprint(request, stored.through, engine) !== stored.history) return null;
  return { through: stored.through, method: stored.method, forms: stored.forms };
}

/** The forms a forecast was fitted with, to store with it; undefined when its method searches none. */
export function selectionToStore(
  result: ForecastResult,
  request: ForecastRequest,
  engine: string,
): StoredSelection | undefined {
  const selection = result.selection;
  if (selection === null) return undefined;
  return { ...selection, history: historyFingerprint(request, selection.through, engine) };
}
