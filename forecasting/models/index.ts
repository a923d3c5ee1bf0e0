/**
 * The registry of forecasting methods by name. Names are unique: registering one twice is a programming
 * error and throws. `auto` is not a model but a choice made per series (see select.ts).
 */
import type { ModelSpec } from '../types.js';
import { autoArima } from './arima/auto-arima.js';
import { combination } from './combination.js';
import { dotm } from './dotm.js';
import { onLogs } from './on-logs.js';
import { etsAuto } from './ets.js';
import { naive2 } from './naive2.js';
import { snaive } from './snaive.js';
import { theta } from './theta.js';
import { yoyGrowth, yoyGrowthModel } from './yoy-growth.js';

export interface MethodInfo {
  readonly name: string;
  readonly description: string;
}

interface Entry extends MethodInfo {
  readonly spec: ModelSpec;
}

const registry = new Map<string, Entry>();

/** Adds a method; throws when the name is taken. */
export function registerMethod(spec: ModelSpec, description: string): void {
  if (registry.has(spec.name) || spec.name === 'auto')
    throw new Error(`forecast method ${spec.name} is already registered`);
  registry.set(spec.name, { name: spec.name, description, spec });
}

/** The method registered under `name`, or undefined. */
export function findMethod(name: string): ModelSpec | undefined {
  return registry.get(name)?.spec;
}

/** Every registered method, in registration order. */
export function registeredMethods(): MethodInfo[] {
  return [...registry.values()].map(({ name, description }) => ({ name, description }));
}

/** R's COMB: the mean of ETS, ARIMA and Theta. */
export const comb: ModelSpec = combination('comb', [etsAuto, autoArima, theta], 'mean');
/**
 * The default for series with enough history: the equal-weight mean of ETS, ARIMA, Theta and DOTM, the
 * two Theta models fitted on logs of a positive series (on-logs.ts). Equal weights because estimated
 * weights are noisy and rarely beat them out of sample (the "forecast combination puzzle"); four members
 * from three families because their errors differ. On M3 monthly it beats R's COMB on both sMAPE and MASE
 * (see the benchmark); the choice rests on combination being the most reliable finding of the M
 * competitions, and the logs were chosen on M3's odd half alone.
 */
export const comb4: ModelSpec = combination('comb4', [etsAuto, autoArima, onLogs(theta), onLogs(dotm)], 'mean');
export const defaultCombination: ModelSpec = comb4;

/**
 * `auto` on short or gappy histories: the equal-weight mean of comb4 and the YoY growth model, whose
 * errors differ most there (the models cannot estimate a season from under two years; the baseline
 * repeats last year's months, noise and fills included). `observed` marks the months the YoY model may
 * take as figures; `models` stands for comb4 where comb4 fits the series another way (on a borrowed
 * seasonal shape).
 */
export function combinationWithYoy(observed?: Uint8Array, models: ModelSpec = comb4): ModelSpec {
  return combination('comb4-yoy', [models, yoyGrowthModel(observed)], 'mean');
}

registerMethod(snaive, 'Seasonal naive: the same month last year.');
registerMethod(naive2, 'Naive 2 (M3 benchmark): last seasonally adjusted value times the seasonal index.');
registerMethod(yoyGrowth, 'Same month last year times one plus a robust recent YoY growth rate, damped toward zero.');
registerMethod(theta, "Theta method as R's thetaf (classical multiplicative decomposition when seasonal).");
registerMethod(dotm, 'Dynamic optimised Theta model (Fiorucci et al. 2016).');
registerMethod(etsAuto, "Exponential smoothing state space model chosen by AICc, as R's ets().");
registerMethod(autoArima, "Seasonal ARIMA chosen by R's auto.arima() stepwise AICc search, exact ML estimation.");
registerMethod(comb, "Mean of ETS, ARIMA and Theta (R's COMB).");
registerMethod(comb4, 'Mean of ETS, ARIMA, Theta and DOTM (the default for series with two years or more).');
registerMethod(combinationWithYoy(), 'Mean of comb4 and YoY growth (the default for shorter or gappier series).');
