/**
 * `target`: a full-year target per series and year; fires when the probability of reaching it
 * (from the forecast's sample paths of the year total) falls below the rule's threshold, resolves
 * when it rises to it again. The alert's month is the year's December.
 */
import type { TargetDetails } from './details.js';
import type { RuleOf } from './rules.js';
import type { Condition } from './state-machine.js';
import { num, pct } from './wording.js';

export interface TargetFacts {
  readonly year: number;
  readonly target: number;
  /** 0..1 */
  readonly probability: number;
  readonly run: string;
}

/** The alert's month for a year's target. */
export function targetMonth(year: number): string {
  return `${String(year).padStart(4, '0')}-12`;
}

export function targetCondition(facts: TargetFacts, rule: RuleOf<'target'>, label: string): Condition | null {
  const { threshold } = rule.settings;
  if (facts.probability >= threshold) return null;
  const details: TargetDetails = { kind: 'target', ...facts, threshold };
  return {
    severity: rule.severity,
    summary: `${label} ${facts.year}: the target ${num(facts.target)} has a ${pct(facts.probability * 100)} chance (below ${pct(threshold * 100)})`,
    details,
  };
}
