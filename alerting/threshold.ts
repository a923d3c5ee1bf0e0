/** `threshold`: the latest month's value or YoY growth crosses a bound (e.g. YoY below 0 %). */
import type { ThresholdDetails } from './details.js';
import type { RuleOf } from './rules.js';
import type { Condition } from './state-machine.js';
import { num } from './wording.js';

export interface LatestMonth {
  readonly month: string;
  readonly value: number;
  /** Null when last year's month is missing or not positive. */
  readonly yoyPct: number | null;
}

const HOLDS: Record<ThresholdDetails['op'], (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

export function thresholdCondition(latest: LatestMonth, rule: RuleOf<'threshold'>, label: string): Condition | null {
  const { measure, op, bound } = rule.settings;
  const observed = measure === 'value' ? latest.value : latest.yoyPct;
  if (observed === null || !HOLDS[op](observed, bound)) return null;
  const details: ThresholdDetails = { kind: 'threshold', measure, op, bound, observed };
  const what = measure === 'value' ? `value ${num(observed)}` : `YoY growth ${num(observed)} %`;
  const limit = measure === 'value' ? num(bound) : `${num(bound)} %`;
  return { severity: rule.severity, summary: `${label} ${latest.month}: ${what} ${op} ${limit}`, details };
}
