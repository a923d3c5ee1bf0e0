/**
 * Re-fitting with the model forms an earlier full selection chose (a request's `selection`) instead of
 * searching for them again. The searches are most of what a fit costs: on the refit bench's series, ETS's
 * fifteen candidate forms and auto-ARIMA's stepwise search take about 35 of the 66 ms a whole forecast takes
 * (fits, sample paths, baseline, backtest), and estimating the two forms they chose about 1 ms. Every
 * parameter is estimated again on the whole history; only the forms are kept. What that costs in accuracy
 * grows with the months since the forms were chosen: on M3 monthly (`bench:forecast -- --kept-forms`),
 * MASE 0.0006 and 0.0005 worse than choosing again (0.8235) for forms chosen 1 and 3 months earlier, 0.0028
 * at 6 and 0.0043 at 12; how long to keep them is the caller's choice (the service: a quarter).
 *
 * A kept form that can no longer be fitted (a multiplicative ETS after a zero, an ARIMA whose new estimate has
 * a root the search would refuse) makes the whole method choose again, so a kept fit never lacks a member the
 * full one would have.
 */
import { ForecastInputError } from './errors.js';
import { orderName } from './models/arima/arima-fit.js';
import type { MethodRun } from './run.js';
import type { MethodChoice } from './select.js';
import type { ArimaForm, ModelForms, MonthKey, Selection } from './types.js';

/** ETS codes a selection can choose: no multiplicative trend, no additive error with a multiplicative season. */
const ETS_CODE = /^(?:A(?:N|Ad?)[NA]|M(?:N|Ad?)[NAM])$/;
/** The largest order auto-ARIMA searches (and the largest seasonal period the engine fits). */
const ARIMA_MAX: Readonly<Record<Exclude<keyof ArimaForm, 'constant'>, number>> = {
  p: 5,
  d: 2,
  q: 5,
  P: 2,
  D: 1,
  Q: 2,
  m: 24,
};

/** Checks the forms of a request's `selection`; throws a ForecastInputError naming the field at fault. */
export function checkForms(raw: unknown, field: string): ModelForms {
  if (typeof raw !== 'object' || raw === null) throw new ForecastInputError(field, 'must be an object of model forms');
  const forms = raw as Record<string, unknown>;
  for (const key of Object.keys(forms))
    if (key !== 'ets' && key !== 'arima')
      throw new ForecastInputError(`${field}.${key}`, 'is not a model family with forms (ets, arima)');
  if (forms.ets !== undefined && (typeof forms.ets !== 'string' || !ETS_CODE.test(forms.ets)))
    throw new ForecastInputError(`${field}.ets`, `must be an ETS code such as MAdM, got ${JSON.stringify(forms.ets)}`);
  return {
    ...(forms.ets !== undefined && { ets: forms.ets as string }),
    ...(forms.arima !== undefined && { arima: checkArima(forms.arima, `${field}.arima`) }),
  };
}

function checkArima(raw: unknown, field: string): ArimaForm {
  if (typeof raw !== 'object' || raw === null)
    throw new ForecastInputError(field, 'must be {p, d, q, P, D, Q, m, constant}');
  const o = raw as Record<string, unknown>;
  const order: Record<string, number> = {};
  for (const [key, max] of Object.entries(ARIMA_MAX)) {
    const v = o[key];
    const min = key === 'm' ? 1 : 0;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      throw new ForecastInputError(`${field}.${key}`, `must be an integer from ${min} to ${max}, got ${String(v)}`);
    order[key] = v;
  }
  if (typeof o.constant !== 'boolean') throw new ForecastInputError(`${field}.constant`, 'must be true or false');
  if (o.constant && (order.d as number) + (order.D as number) > 1)
    throw new ForecastInputError(`${field}.constant`, 'a constant needs d + D of at most 1');
  return { ...(order as Omit<ArimaForm, 'constant'>), constant: o.constant };
}

/** How a forecast was run: with the kept forms (`kept`) or chosen afresh, and the forms to store. */
export interface SelectingRun {
  readonly choice: MethodChoice;
  readonly run: MethodRun;
  readonly selection: Selection | null;
  readonly kept: boolean;
}

/**
 * Runs `choice` keeping the forms of `selection` when it belongs to the same method, else (or when a kept
 * form no longer fits) with a full selection, whose record says it was chosen on the history through
 * `lastMonth`. `run` fits and simulates a choice.
 */
export function runSelecting(
  choice: MethodChoice,
  selection: Selection | undefined,
  lastMonth: MonthKey,
  run: (choice: MethodChoice) => MethodRun,
): SelectingRun {
  const keeping = selection && choice.spec.keeping && selection.method === choice.spec.name ? selection : null;
  let fresh = choice;
  if (keeping) {
    const kept: MethodChoice = {
      ...choice,
      spec: choice.spec.keeping!(keeping.forms),
      reason: `${choice.reason} Kept the model forms chosen on the figures through ${keeping.through} (${describeForms(keeping.forms)}) instead of choosing them again.`,
    };
    const tried = tryRun(kept, run);
    if (tried && holdsForms(tried.model.forms, keeping.forms)) {
      const forms = tried.model.forms ?? keeping.forms;
      return { choice: kept, run: tried, selection: { ...keeping, forms }, kept: true };
    }
    fresh = {
      ...choice,
      reason: `${choice.reason} The model forms chosen on the figures through ${keeping.through} no longer fit the series, so they were chosen again.`,
    };
  }
  const done = run(fresh);
  const forms = done.model.forms;
  return {
    choice: fresh,
    run: done,
    selection: forms ? { through: lastMonth, method: choice.spec.name, forms } : null,
    kept: false,
  };
}

/** The run, or null when the method refuses the series with a ForecastInputError. */
function tryRun(choice: MethodChoice, run: (choice: MethodChoice) => MethodRun): MethodRun | null {
  try {
    return run(choice);
  } catch (error) {
    if (error instanceof ForecastInputError) return null;
    throw error;
  }
}

/**
 * Whether a fit has every form that was kept: a combination leaves out a member that cannot fit, so a kept form
 * that failed shows as a missing one.
 */
function holdsForms(fitted: ModelForms | undefined, kept: ModelForms): boolean {
  if (kept.ets !== undefined && fitted?.ets !== kept.ets) return false;
  if (kept.arima === undefined) return true;
  const a = fitted?.arima;
  const b = kept.arima;
  return (
    a !== undefined &&
    a.p === b.p &&
    a.d === b.d &&
    a.q === b.q &&
    a.P === b.P &&
    a.D === b.D &&
    a.Q === b.Q &&
    a.m === b.m &&
    a.constant === b.constant
  );
}

/** The forms in the names the forecasts carry, e.g. `ETS(M,Ad,M), ARIMA(1,0,0)(0,1,0)[12] with drift`. */
export function describeForms(forms: ModelForms): string {
  const parts: string[] = [];
  if (forms.ets !== undefined) {
    const [e, t, s] = [forms.ets[0], forms.ets.slice(1, -1), forms.ets.at(-1)];
    parts.push(`ETS(${e},${t},${s})`);
  }
  if (forms.arima !== undefined) parts.push(orderName(forms.arima));
  return parts.join(', ');
}
