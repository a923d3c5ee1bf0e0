/**
 * Automatic seasonal ARIMA as R's auto.arima() with its default arguments (Hyndman & Khandakar 2008): the
 * search is in arima-search.ts; this wraps its result as the engine's model. `fixedArima` fits one order by
 * exact ML, as R's Arima().
 */
import { ForecastInputError } from '../../errors.js';
import type { FittedModel, ModelSpec } from '../../types.js';
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
import { searchArima } from './arima-search.js';

/** Wraps a fitted ARIMA as the engine's FittedModel. */
export function arimaModel(fit: ArimaFit): FittedModel {
  return {
    name: orderName(fit.order),
    nParams: fit.order.p + fit.order.q + fit.order.P + fit.order.Q + (fit.order.constant ? 1 : 0) + 1,
    aicc: fit.aicc,
    residuals: fit.kalman.innovations,
    forecast: (h: number) => arimaPath(fit, h, () => 0),
    simulate: (h: number, paths: number, random: () => number) => arimaPaths(fit, h, paths, random),
    refilter: (y: Float64Array) => arimaModel(refilterArima(fit, y)),
  };
}

/** Automatic ARIMA; needs at least 8 values. */
export const autoArima: ModelSpec = {
  name: 'arima',
  fit(y: Float64Array, period: number): FittedModel {
    if (y.length < 8) throw new ForecastInputError('values', `auto ARIMA needs at least 8 values, got ${y.length}`);
    return arimaModel(searchArima(y, period));
  },
};

/** ARIMA of a fixed order (no search), for tests and for callers who know the order. */
export function fixedArima(order: ArimaOrder): ModelSpec {
  return {
    name: orderName(order),
    fit(y: Float64Array): FittedModel {
      const found = fitArima(y, order);
      const fit = found === null ? null : refineArima(found);
      if (fit === null)
        throw new ForecastInputError('values', `${orderName(order)} needs more than ${y.length} values`);
      return arimaModel(fit);
    },
  };
}
