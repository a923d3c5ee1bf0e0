/**
 * Every alert that exists, in memory, and what an evaluation does to them. An evaluation of one
 * rule over one series says which of the months it looked at have their condition holding; an
 * alert of a month it looked at but did not find is clear. Applying gives the steps; the caller
 * hands their transitions over, stores the new states and only then commits them here, so that a
 * failure leaves the book as the store has it and the same evaluation can be made again.
 */
import type { AlertRule } from './rules.js';
import { intervalMs, repeatDue, type Quiet } from './repeat.js';
import {
  advance,
  alertId,
  repeat,
  step,
  type AlertState,
  type Condition,
  type Step,
  type Timing,
} from './state-machine.js';

export interface Finding {
  readonly rule: AlertRule;
  readonly series: string;
  /** The months looked at: every month of the series (`all`), or those this says yes to. */
  readonly months: 'all' | ((month: string) => boolean);
  /** The months whose condition holds. */
  readonly found: ReadonlyMap<string, Condition>;
}

export function timingOf(rule: AlertRule): Timing {
  return { pendingMs: rule.pendingMinutes * 60_000, flapMs: rule.flapMinutes * 60_000 };
}

export class AlertBook {
  private readonly byId = new Map<string, AlertState>();
  /** Alert ids by `<rule>|<series>`. */
  private readonly byRuleSeries = new Map<string, Set<string>>();

  constructor(states: Iterable<AlertState> = []) {
    for (const s of states) this.put(s);
  }

  get(id: string): AlertState | undefined {
    return this.byId.get(id);
  }

  list(): AlertState[] {
    return [...this.byId.values()];
  }

  /** The steps an evaluation makes (those that change something), not yet committed. */
  apply(finding: Finding, now: number): { id: string; step: Step }[] {
    const { rule, series } = finding;
    const timing = timingOf(rule);
    const ids = new Set<string>();
    for (const month of finding.found.keys()) ids.add(alertId({ rule: rule.id, series, month }));
    const existing = this.byRuleSeries.get(`${rule.id}|${series}`) ?? new Set<string>();
    const looked = finding.months === 'all' ? () => true : finding.months;
    for (const id of existing) if (looked(this.byId.get(id)!.month)) ids.add(id);
    const steps: { id: string; step: Step }[] = [];
    for (const id of ids) {
      const prev = this.byId.get(id) ?? null;
      const month = prev?.month ?? id.slice(id.lastIndexOf('|') + 1);
      const s = step(prev, { rule: rule.id, series, month }, finding.found.get(month) ?? null, now, timing);
      if (s.changed) steps.push({ id, step: s });
    }
    return steps;
  }

  /** What time alone does to the alerts of these rules (pending periods, flap windows), not yet committed. */
  advance(rules: ReadonlyMap<string, AlertRule>, now: number): { id: string; step: Step }[] {
    const steps: { id: string; step: Step }[] = [];
    for (const state of this.byId.values()) {
      const rule = rules.get(state.rule);
      if (!rule) continue;
      const s = advance(state, now, timingOf(rule));
      if (s.changed) steps.push({ id: state.id, step: s });
    }
    return steps;
  }

  /** Firing alerts of rules with a `repeatInterval` that are due to be told again, not yet committed. */
  repeats(
    rules: ReadonlyMap<string, AlertRule>,
    now: number,
    quiet: (s: AlertState) => Quiet,
  ): { id: string; step: Step }[] {
    const steps: { id: string; step: Step }[] = [];
    for (const state of this.byId.values()) {
      const every = rules.get(state.rule)?.repeatInterval;
      if (every !== undefined && repeatDue(state, intervalMs(every), now, quiet(state)))
        steps.push({ id: state.id, step: repeat(state, now) });
    }
    return steps;
  }

  commit(steps: readonly { id: string; step: Step }[]): void {
    for (const { id, step: s } of steps) {
      if (s.state) this.put(s.state);
      else this.remove(id);
    }
  }

  /** Forgets resolved alerts resolved before `before` (ms): the list keeps 30 days. */
  prune(before: number): AlertState[] {
    const gone = this.list().filter((s) => s.status === 'resolved' && (s.resolvedAt ?? 0) < before);
    for (const s of gone) this.remove(s.id);
    return gone;
  }

  private put(state: AlertState): void {
    this.byId.set(state.id, state);
    const key = `${state.rule}|${state.series}`;
    const set = this.byRuleSeries.get(key) ?? new Set<string>();
    set.add(state.id);
    this.byRuleSeries.set(key, set);
  }

  private remove(id: string): void {
    const state = this.byId.get(id);
    if (!state) return;
    this.byId.delete(id);
    this.byRuleSeries.get(`${state.rule}|${state.series}`)?.delete(id);
  }
}
