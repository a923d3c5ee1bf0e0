/**
 * The registry of forecasting methods by name. Names are unique: registering one twice is a programming
 * error and throws. `auto` is not a model but a choice made per series (see select.ts).
 */
import type { ModelSpec } from '../types.js';
import { combination } from './combination.js';
import { dotm } from './dotm.js';
import { naive2 } from './naive2.js';
import { snaive } from './snaive.js';
import { theta } from './theta.js';
import { yoyGrowth } from './yoy-growth.js';

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
  if (registry.has(spec.name) || spec.name === 'auto') throw new Error(`forecast method ${spec.name} is already registered`);
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

/** The default combination: see DEFAULT_MEMBERS_REASON. */
export const defaultCombination: ModelSpec = combination('comb', [theta, dotm], 'mean');

registerMethod(snaive, 'Seasonal naive: the same month last year.');
registerMethod(naive2, 'Naive 2 (M3 benchmark): last seasonally adjusted value times the seasonal index.');
registerMethod(yoyGrowth, 'Same month last year times one plus a robust recent YoY growth rate, damped toward zero.');
registerMethod(theta, "Theta method as R's thetaf (classical multiplicative decomposition when seasonal).");
registerMethod(dotm, 'Dynamic optimised Theta model (Fiorucci et al. 2016).');
registerMethod(defaultCombination, 'Mean of the member models (the default for series long enough to fit them).');
