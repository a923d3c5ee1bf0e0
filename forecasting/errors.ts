/**
 * Errors the forecasting engine throws. Each has a stable `code` that the service maps to an HTTP status
 * (400 for input errors) without parsing messages.
 */

/** A request the engine cannot answer as asked: the message names the offending field. */
export class ForecastInputError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'FORECAST_INPUT_INVALID' as const;
  /** HTTP status the service should answer with. */
  readonly status = 400;
  /** The request field at fault, e.g. `horizon` or `values[3]`. */
  readonly field: string;

  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(`${field}: ${message}`, options);
    this.name = 'ForecastInputError';
    this.field = field;
  }

  /** The `{code, message, details}` shape shared by the HTTP error middleware and socket acks. */
  toJSON(): { code: string; message: string; details: { field: string } } {
    return { code: this.code, message: this.message, details: { field: this.field } };
  }
}

/**
 * A series with too few figures for any method: `missing` says what it lacks in words a planner can read
 * (shown where its forecast would be), `figuresNeeded` how many more monthly figures it takes.
 */
export class InsufficientHistoryError extends ForecastInputError {
  readonly missing: string;
  readonly figuresNeeded: number;

  constructor(missing: string, figuresNeeded: number) {
    super('values', missing);
    this.name = 'InsufficientHistoryError';
    this.missing = missing;
    this.figuresNeeded = figuresNeeded;
  }
}
