/**
 * Automatic seasonal ARIMA as R's auto.arima() with its default arguments (Hyndman & Khandakar 2008): the
 * search is in arima-search.ts; this wraps its result as the engine's model. `fixedArima` fits one order by
 * exact ML, as R's Arima(); `autoArima.keeping` fits the order an earlier search chose the same way, refusing
 * it where the search would now refuse it (a root near the unit circle).
 */
import { ForecastInputError } from '../../errors.js';
import type { ArimaForm, FittedModel, ModelForms, ModelSpec } from '../../types.js';
import {
  arimaPath,
  arimaPaths,
  fitArima,
  orderName,
  refilterArima,
  refineArima,
  type ArimaFit,
  type ArimaOrder,
} from './arima-fit.js';
import { acceptableRoots, searchArima } from './arima-search.js';

/** Wraps a fitted ARIMA as the engine's FittedModel. */
export function arimaModel(fit: ArimaFit): FittedModel {
  return {
    name: orderName(fit.order),
    nParams: fit.order.p + fit.order.q + fit.order.P + fit.order.Q + (fit.order.constant ? 1 : 0) + 1,
    aicc: fit.aicc,
    residuals: fit.kalman.innovations,
    forms: { arima: arimaForm(fit.order) },
    forecast: (h: number) => arimaPath(fit, h, () => 0),
    simulate: (h: number, paths: number, random: () => number) => arimaPaths(fit, h, paths, random),
    refilter: (y: Float64Array) => arimaModel(refilterArima(fit, y)),
  };
}

const MIN_LENGTH = 8;

function checkLength(y: Float64Array): void {
  if (y.length < MIN_LENGTH)
    throw new ForecastInputError('values', `auto ARIMA needs at least ${MIN_LENGTH} values, got ${y.length}`);
}

/** The order as a form, its fields always in one order (the stored record reads the same for the same form). */
function arimaForm({ p, d, q, P, D, Q, m, constant }: ArimaOrder): ArimaForm {
  return { p, d, q, P, D, Q, m, constant };
}

/** Automatic ARIMA; needs at least 8 values. */
export const autoArima: ModelSpec = {
  name: 'arima',
  fit(y: Float64Array, period: number): FittedModel {
    checkLength(y);
    return arimaModel(searchArima(y, period));
  },
  keeping: (forms: ModelForms) => (forms.arima === undefined ? autoArima : keptArima(forms.arima)),
};

/** The order a search chose, estimated as the search estimates each candidate, with no search. */
function keptArima(order: ArimaOrder): ModelSpec {
  return {
    name: autoArima.name,
    fit(y: Float64Array): FittedModel {
      checkLength(y);
      const fit = estimateOrder(y, order);
      if (!acceptableRoots(fit))
        throw new ForecastInputError('values', `${orderName(order)} now has a root near the unit circle`);
      return arimaModel(fit);
    },
    keeping: autoArima.keeping!,
  };
}

/** CSS then exact ML, as R's Arima(); throws when the series is too short for the order. */
function estimateOrder(y: Float64Array, order: ArimaOrder): ArimaFit {
  const found = fitArima(y, order);
  if (found === null) throw new ForecastInputError('values', `${orderName(order)} needs more than ${y.length} values`);
  return refineArima(found);
}

/** ARIMA of a fixed order (no search), for tests and for callers who know the order. */
export function fixedArima(order: ArimaOrder): ModelSpec {
  return {
    name: orderName(order),
    fit: (y: Float64Array): FittedModel => arimaModel(estimateOrder(y, order)),
  };
}
