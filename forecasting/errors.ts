/**
 * Errors raised by the forecasting engine. Each carries a stable `code` so that callers (HTTP layer, jobs)
 * can map it without parsing messages.
 */

/** The series does not suit the requested model: too short, gaps, non-finite or non-positive values. */
export class ForecastInputError extends Error {
  readonly code = 'FORECAST_INPUT_INVALID';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ForecastInputError';
  }
}
