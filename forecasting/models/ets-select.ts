/**
 * Model selection as forecast::ets() does it: parse the three-letter model code, enumerate the allowed
 * candidates (no multiplicative trend; with `restrict = TRUE` no additive error with multiplicative
 * season; multiplicative error only for positive data), fit each and keep the lowest AICc.
 */
import { ForecastInputError } from '../errors.js';
import type { EtsStructure, ErrorType, SeasonType, TrendType } from './ets-core.js';
import { ADD, MULT, NONE } from './ets-core.js';
import type { EtsFit, EtsFitOptions } from './ets-fit.js';
import { fitEtsModel } from './ets-fit.js';

/** What to fit: letters E, T, S each fixed or `Z` (choose), and damping fixed or chosen (null). */
export interface EtsRequest {
  /** `ZZZ` by default; e.g. `MAM`, `AAdN` (a `d` after the trend letter means damped), `ANN`. */
  readonly model?: string;
  /** true / false forces damping of the trend; null or undefined lets AICc choose. */
  readonly damped?: boolean | null;
}

interface Choices {
  readonly errors: ErrorType[];
  readonly trends: TrendType[];
  readonly seasons: SeasonType[];
  readonly damped: boolean[];
}

const LETTER: Record<string, number> = { N: NONE, A: ADD, M: MULT };

/** Turns a request into candidate lists, refusing codes R refuses. */
export function parseRequest(req: EtsRequest, n: number, period: number, positive: boolean): Choices {
  const code = (req.model ?? 'ZZZ').toUpperCase().replace('D', 'd');
  const match = /^([AMZ])([NAMZ])(d?)([NAMZ])$/.exec(code);
  if (match === null) {
    throw new ForecastInputError(
      'model',
      `ETS model code "${req.model}" is not of the form E T S, e.g. "ZZZ", "MAdM", "ANN"`,
    );
  }
  const [, e, t, d, z] = match as unknown as [string, string, string, string, string];
  if (t === 'M')
    throw new ForecastInputError(
      'model',
      'ETS with a multiplicative trend is not supported (R excludes it by default)',
    );
  let damped: boolean | null = d === 'd' ? true : (req.damped ?? null);
  if (d === 'd' && req.damped === false)
    throw new ForecastInputError('model', 'ETS model code says damped but damped is false');
  if (damped === true && t === 'N') throw new ForecastInputError('model', 'ETS cannot damp a model without trend');
  let s = z;
  if (period <= 1 || n <= period) {
    if (s === 'A' || s === 'M') {
      throw new ForecastInputError('model', `a seasonal ETS model needs period > 1 and more than ${period} values`);
    }
    s = 'N';
  }
  if (e === 'A' && s === 'M') {
    throw new ForecastInputError(
      'model',
      'ETS with additive error and multiplicative season is unstable and not allowed',
    );
  }
  if (e === 'M' && !positive) {
    throw new ForecastInputError('values', 'ETS with multiplicative error needs all values to be positive');
  }
  if (s === 'M' && !positive) {
    throw new ForecastInputError('values', 'ETS with multiplicative season needs all values to be positive');
  }
  const errors: ErrorType[] = e === 'Z' ? (positive ? [ADD, MULT] : [ADD]) : [LETTER[e] as ErrorType];
  const trends: TrendType[] = t === 'Z' ? [NONE, ADD] : [LETTER[t] as TrendType];
  const seasons: SeasonType[] = s === 'Z' ? (positive ? [NONE, ADD, MULT] : [NONE, ADD]) : [LETTER[s] as SeasonType];
  if (damped === null && t === 'N') damped = false;
  return { errors, trends, seasons, damped: damped === null ? [true, false] : [damped] };
}

/** The allowed structures for a request, in R's loop order (error, trend, season, damped TRUE first). */
export function candidates(choices: Choices, period: number): EtsStructure[] {
  const out: EtsStructure[] = [];
  for (const error of choices.errors) {
    for (const trend of choices.trends) {
      for (const season of choices.seasons) {
        for (const damped of choices.damped) {
          if (trend === NONE && damped) continue;
          if (error === ADD && season === MULT) continue;
          out.push({ error, trend, damped, season, m: season === NONE ? 1 : period });
        }
      }
    }
  }
  return out;
}

/**
 * Fits every candidate and returns the one with the lowest AICc (first one on ties, as R).
 * Throws a ForecastInputError when no candidate can be fitted (series too short for all of them).
 */
export function selectEts(y: Float64Array, structures: EtsStructure[], options?: EtsFitOptions): EtsFit {
  let best: EtsFit | null = null;
  for (const s of structures) {
    const fit = fitEtsModel(y, s, options);
    if (fit !== null && Number.isFinite(fit.aicc) && (best === null || fit.aicc < best.aicc)) best = fit;
  }
  if (best === null) {
    throw new ForecastInputError(
      'values',
      `no ETS model can be fitted to ${y.length} values (too short for its parameters)`,
    );
  }
  return best;
}
