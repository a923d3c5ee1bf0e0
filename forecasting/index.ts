/**
 * The forecasting engine's public surface. Pure: no I/O, no clock, no logging.
 */
import { registeredMethods, type MethodInfo } from './models/index.js';

export { forecast, whatIsMissing, wouldBorrowShape } from './engine.js';
export { backtest, type BacktestOptions } from './backtest.js';
export { ForecastInputError, InsufficientHistoryError } from './errors.js';
export type * from './types.js';
export type { MethodInfo } from './models/index.js';

/** Every method a request may name, `auto` first. */
export function listMethods(): MethodInfo[] {
  return [
    {
      name: 'auto',
      description:
        'Chosen per series: the default combination when the history allows, else its mean with the YoY growth baseline.',
    },
    ...registeredMethods(),
  ];
}
