/**
 * `surprise`: an actual outside the band of the forecast stored before it arrived. Outside the
 * 80 % band is a warning, outside the 95 % band critical; back inside the 80 % band, no surprise.
 */
import type { SurpriseDetails } from './details.js';
import type { RuleOf } from './rules.js';
import type { Condition } from './state-machine.js';
import { num, pct } from './wording.js';

/** A stored forecast of one month: the last run whose data did not include that month. */
export interface ForecastBand {
  readonly run: string;
  readonly point: number;
  readonly lo80: number;
  readonly hi80: number;
  readonly lo95: number;
  readonly hi95: number;
}

export interface SurpriseFacts {
  /** The month's value as queries show it, and the figure it came from. */
  readonly actual: number;
  readonly source: string;
  readonly quote: string;
  /** Null when no run forecast the month before its actual arrived. */
  readonly forecast: ForecastBand | null;
}

export function surpriseCondition(
  facts: SurpriseFacts,
  rule: RuleOf<'surprise'>,
  label: string,
  month: string,
): Condition | null {
  const f = facts.forecast;
  if (f === null) return null;
  const { actual } = facts;
  const outside95 = actual < f.lo95 || actual > f.hi95;
  const outside80 = actual < f.lo80 || actual > f.hi80;
  if (!outside80 || (rule.settings.raiseFrom === 'critical' && !outside95)) return null;
  const severity = outside95 ? 'critical' : 'warning';
  const details: SurpriseDetails = {
    kind: 'surprise',
    actual,
    forecast: f.point,
    run: f.run,
    lo80: f.lo80,
    hi80: f.hi80,
    lo95: f.lo95,
    hi95: f.hi95,
    surprisePct: f.point === 0 ? null : ((actual - f.point) / Math.abs(f.point)) * 100,
    bandWidths: bandWidths(actual, f.lo80, f.hi80),
    source: facts.source,
    quote: facts.quote,
  };
  const band = outside95 ? `95 % band ${num(f.lo95)}–${num(f.hi95)}` : `80 % band ${num(f.lo80)}–${num(f.hi80)}`;
  const direction = actual < f.point ? 'below' : 'above';
  const by = details.surprisePct === null ? '' : ` ${pct(Math.abs(details.surprisePct))}`;
  return {
    severity,
    summary: `${label} ${month}: ${num(actual)} is${by} ${direction} the forecast ${num(f.point)}, outside its ${band}`,
    details,
  };
}

/**
 * How far outside [lo, hi] `x` lies, in widths of the band. A band of no width (a forecast
 * certain of itself) is measured in widths of 1 unit, so the number stays finite.
 */
export function bandWidths(x: number, lo: number, hi: number): number {
  const distance = x < lo ? lo - x : x > hi ? x - hi : 0;
  return distance / (hi - lo > 0 ? hi - lo : 1);
}
