/**
 * The forecasting engine's public contract. The engine is pure: no I/O, no clock, no logging.
 * Randomness (sample paths) comes from a seeded generator so that a forecast is reproducible.
 */

import type { MonthKey } from '../common/month.js';

export type { MonthKey };

/** What the service asks for. */
export interface ForecastRequest {
  /** Monthly values, oldest first, one per calendar month; NaN marks a month with no figure (a gap). */
  readonly values: ArrayLike<number>;
  /** The calendar month of `values[0]`. */
  readonly start: MonthKey;
  /** Months to forecast after the last value; default 12, from 1 to 36. */
  readonly horizon?: number;
  /** A registered method name; default `auto`. */
  readonly method?: string;
  /** Full-year targets by calendar year: the answer gives the probability of reaching each. */
  readonly targets?: Readonly<Record<number, number>>;
  /** Seed for the sample paths; the same request and seed give the same answer. */
  readonly seed?: number;
  /** Number of sample paths for totals and probabilities; default 2,000. */
  readonly paths?: number;
  /** Also run a rolling-origin backtest of the chosen method (default true). */
  readonly backtest?: boolean;
  /**
   * Known sums over spans of months (quarterly, half-year, or the months between two year-to-date figures),
   * inside the months of `values` and not overlapping. Missing months inside a span are filled so that they
   * add up to its total (one missing month: exactly the total less the others), and the forecast's
   * intervals carry how uncertain the filled months are.
   */
  readonly totals?: readonly KnownTotal[];
  /**
   * What an earlier full selection chose for this series (a result's `selection`, stored): when its method is
   * the one the request resolves to, the engine estimates those model forms again on `values` instead of
   * searching, and says so in `reason`. Give it only when the series merely gained months after
   * `selection.through`; a form that no longer fits (e.g. a multiplicative one after a zero) is chosen again.
   */
  readonly selection?: Selection;
  /**
   * A related series (e.g. the market's figures of the same metric) whose seasonal shape the series borrows
   * where its own figures cannot estimate one: its gaps are filled along that shape and `auto`'s models fit
   * the series with the shape divided out. Ignored where the series has a shape of its own, and where the
   * related series has none either.
   */
  readonly related?: RelatedSeries;
}

/** A series given beside the one forecast, for what it knows that the other cannot (its seasonal shape). */
export interface RelatedSeries {
  /** How the forecast's reason and model name it, e.g. its id. */
  readonly name: string;
  readonly start: MonthKey;
  /** Monthly values, oldest first; NaN marks a gap. */
  readonly values: ArrayLike<number>;
  /** Its known sums over spans of months, as the request's own `totals`. */
  readonly totals?: readonly KnownTotal[];
}

/**
 * The forms an automatic selection chose, by model family: what makes a fit repeatable without the search.
 * Plain data (JSON) so that it can be stored beside the forecast. Families that search nothing (Theta and
 * DOTM test their seasonality again on every fit, a statistic, not a search) have no entry.
 */
export interface ModelForms {
  /** ETS in R's model code with damping written out, e.g. `MAdM`, `MAM`, `ANN`. */
  readonly ets?: string;
  /** ARIMA's orders and whether it has a constant (mean or drift). */
  readonly arima?: ArimaForm;
}

export interface ArimaForm {
  readonly p: number;
  readonly d: number;
  readonly q: number;
  readonly P: number;
  readonly D: number;
  readonly Q: number;
  /** Seasonal period of P, D, Q. */
  readonly m: number;
  /** Mean of the differenced series (drift when d + D = 1); only when d + D ≤ 1. */
  readonly constant: boolean;
}

/** What a full selection chose for a series, and on which history. */
export interface Selection {
  /** The last month of the history the forms were chosen on. */
  readonly through: MonthKey;
  /** The method the forms belong to (e.g. `comb4`, `comb4-yoy`): kept only while the request resolves to it. */
  readonly method: string;
  readonly forms: ModelForms;
}

/** The sum of the months `from` through `to` (both included). */
export interface KnownTotal {
  readonly from: MonthKey;
  readonly to: MonthKey;
  readonly total: number;
}

/** A central value with 80 % and 95 % prediction intervals. */
export interface Interval {
  readonly point: number;
  readonly lo80: number;
  readonly hi80: number;
  readonly lo95: number;
  readonly hi95: number;
}

export interface ForecastPoint extends Interval {
  readonly month: MonthKey;
  /**
   * Growth on the same month a year before, in percent (common/yoy.ts: unrounded); null when that month has
   * no value (or only an interpolated one) or a value ≤ 0.
   */
  readonly yoyPct: number | null;
  /** Whether last year's value was an actual or itself a forecast; null when there is no growth. */
  readonly yoyBasis: 'actual' | 'forecast' | null;
}

export interface YearTotal {
  readonly year: number;
  /** Months of the year with actual values, and months filled by the forecast. */
  readonly monthsActual: number;
  readonly monthsForecast: number;
  /**
   * Months of the year before the forecast with no figure of their own, inside a known total that the year holds
   * whole (a quarter, January and February together): the year's total has their sum exactly.
   */
  readonly monthsInTotals: number;
  /**
   * The other months of the year before the forecast with no figure, filled in the fitted span (along the
   * seasonal shape, or to add up to a total the year does not hold whole): estimates inside the year's total,
   * whose uncertainty its interval carries.
   */
  readonly monthsFilled: number;
  /** Year-to-date through the last forecast month of the year (or December), with intervals from the sample paths. */
  readonly ytd: Interval & { readonly through: MonthKey };
  /** Last year's total over the same months, when every one of them is known (actual or forecast). */
  readonly ytdLastYear: number | null;
  readonly ytdYoyPct: number | null;
  /** The full calendar year, when the horizon reaches December; null otherwise. */
  readonly fullYear: Interval | null;
  readonly fullYearLastYear: number | null;
  readonly fullYearYoyPct: number | null;
  /** Probability (0..1) that the full year reaches `targets[year]`, when a target was given. */
  readonly probTarget: number | null;
}

export interface HorizonAccuracy {
  readonly h: number;
  readonly smape: number;
  readonly mase: number;
  readonly coverage80: number;
  readonly coverage95: number;
  readonly n: number;
}

export interface BacktestSummary {
  readonly method: string;
  readonly origins: number;
  readonly smape: number;
  readonly mase: number;
  readonly coverage80: number;
  readonly coverage95: number;
  readonly perHorizon: readonly HorizonAccuracy[];
}

export interface ForecastResult {
  /** The method asked for (e.g. `auto`) and the model it resolved to (e.g. `ETS(M,Ad,M)`). */
  readonly method: string;
  readonly model: string;
  /** Why this model: plain words a planner can read. */
  readonly reason: string;
  /** How the intervals were calibrated, in words: the evidence, method and history (or none). */
  readonly calibration: string;
  readonly points: readonly ForecastPoint[];
  readonly years: readonly YearTotal[];
  /** The literal year-over-year growth model, always given beside the chosen one. */
  readonly baseline: { readonly method: string; readonly points: readonly ForecastPoint[] };
  readonly backtest: BacktestSummary | null;
  /** Why `backtest` is null, in words a planner can read (e.g. too little history before the origins); null when there is one. */
  readonly noBacktest: string | null;
  /**
   * The forms this forecast was fitted with, to give back as the next request's `selection`: the request's own
   * when it kept them, else chosen now (`through` the last month of `values`); null for a method that
   * searches no forms.
   */
  readonly selection: Selection | null;
}

/**
 * A model fitted to one series. Values are plain typed arrays; gaps are already handled by the caller.
 */
export interface FittedModel {
  /** e.g. `ETS(M,Ad,M)`, `ARIMA(0,1,1)(0,1,1)[12]`, `Theta`. */
  readonly name: string;
  /** Number of estimated parameters, for information criteria. */
  readonly nParams: number;
  /** AICc where the model has a likelihood; NaN otherwise. */
  readonly aicc: number;
  /** One-step in-sample errors, y_t minus the one-step forecast of y_t. */
  readonly residuals: Float64Array;
  /** Point forecasts for steps 1..h. */
  forecast(h: number): Float64Array;
  /**
   * Sample paths for steps 1..h from the model's own error distribution, `paths` rows of length h.
   * Models without a generative form may leave it out; the engine then bootstraps residuals.
   */
  simulate?(h: number, paths: number, random: () => number): Float64Array[];
  /**
   * The same model with its estimated parameters (and error variance) held fixed, its filter re-run over
   * `y`, typically the first months of the series it was fitted to: what a backtest origin needs, at the
   * cost of one pass over the data instead of an estimation. Models without a filter to re-run leave it out.
   */
  refilter?(y: Float64Array): FittedModel;
  /** The forms this fit's search chose (merged over a combination's members); absent where nothing was searched. */
  readonly forms?: ModelForms;
}

/** A model family that can be fitted to a series. */
export interface ModelSpec {
  readonly name: string;
  /** `y` has no gaps; `period` is 12 for monthly data. Throws a ForecastInputError when the series does not suit the model. */
  fit(y: Float64Array, period: number): FittedModel;
  /**
   * The same family fitting the forms in `forms` (its own entry) without searching: a repeat of an earlier
   * selection at the cost of one estimation. Throws a ForecastInputError when that form cannot be fitted to
   * the series any more. Families that search nothing leave it out; one whose entry is absent searches.
   */
  keeping?(forms: ModelForms): ModelSpec;
}
