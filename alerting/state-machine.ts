/**
 * One alert per (rule, series, month) and how it moves: inactive → pending → firing → resolved.
 *
 * - A condition seen for the first time goes pending when the rule has a pending period, and
 *   fires once it has held that long (a later evaluation, or the scheduled sweep, sees that);
 *   without one it fires at once. Pending is shown, never notified; a pending alert whose
 *   condition clears goes back to inactive without a word.
 * - A firing alert whose severity rises or falls moves once ("escalated", "deescalated").
 * - A firing alert whose condition clears resolves, at once or, with a flap window, once the
 *   condition has stayed clear for the window: fire, clear, fire again within it is one firing.
 * - A resolved alert whose condition returns fires again, as a new episode of the same alert.
 * - A firing alert may be told again ("repeated", repeat.ts decides when) without changing.
 *
 * Each move that channels hear of is a transition whose id comes from the alert's id and its
 * count of transitions so far: evaluating the same state again (after a crash, before the new
 * state was stored) gives the same id, and no other transition ever has it.
 */
import { rank, type Severity } from './rules.js';
import type { AlertDetails } from './details.js';

export type AlertStatus = 'pending' | 'firing' | 'resolved';
export type TransitionChange = 'fired' | 'escalated' | 'deescalated' | 'repeated' | 'resolved';

export interface AlertKey {
  readonly rule: string;
  readonly series: string;
  readonly month: string;
}

/** What an evaluation wants for an alert: its condition holds, how severe, and what to say. */
export interface Condition {
  readonly severity: Severity;
  readonly summary: string;
  readonly details: AlertDetails;
}

/** An alert that exists (pending, firing or resolved). Times in ms since the epoch. */
export interface AlertState extends AlertKey, Condition {
  readonly id: string;
  readonly kind: AlertDetails['kind'];
  readonly status: AlertStatus;
  /** When the condition was first seen in this episode. */
  readonly since: number;
  readonly updatedAt: number;
  readonly resolvedAt: number | null;
  /** Firing, but the condition is clear since then: it resolves once the flap window has passed. */
  readonly clearSince: number | null;
  /** Transitions so far: the next one's id is made from it. */
  readonly seq: number;
  /** When the channels last heard of it while firing (fired, escalated, deescalated, repeated); null otherwise. */
  readonly notifiedAt: number | null;
}

export interface Transition {
  readonly id: string;
  readonly change: TransitionChange;
  readonly at: number;
  /** The alert as the transition left it. */
  readonly alert: AlertState;
}

export interface Timing {
  /** How long a condition must hold before firing (ms). */
  readonly pendingMs: number;
  /** How long a firing alert's condition must stay clear before it resolves (ms). */
  readonly flapMs: number;
}

export interface Step {
  /** The alert after the step; null when it is (back to) inactive and has no record. */
  readonly state: AlertState | null;
  readonly transitions: readonly Transition[];
  /** Whether the state differs from the one given (to be stored). */
  readonly changed: boolean;
}

/** `<rule>|<series>|<month>`, as the contract documents. */
export function alertId(key: AlertKey): string {
  return `${key.rule}|${key.series}|${key.month}`;
}

export function transitionId(alert: string, seq: number): string {
  return `${alert}#${seq}`;
}

/**
 * The next state of one alert given what the evaluation found: `condition` when it holds, null
 * when it does not.
 */
export function step(
  prev: AlertState | null,
  key: AlertKey,
  condition: Condition | null,
  now: number,
  timing: Timing,
): Step {
  if (prev === null || prev.status === 'resolved') {
    if (condition === null) return unchanged(prev);
    const fresh: AlertState = {
      ...key,
      ...condition,
      id: alertId(key),
      kind: condition.details.kind,
      status: 'pending',
      since: now,
      updatedAt: now,
      resolvedAt: null,
      clearSince: null,
      seq: prev?.seq ?? 0,
      notifiedAt: null,
    };
    return timing.pendingMs > 0 ? { state: fresh, transitions: [], changed: true } : move(fresh, 'fired', now);
  }
  if (prev.status === 'pending') {
    if (condition === null) return { state: null, transitions: [], changed: true };
    const held: AlertState = { ...prev, ...condition, updatedAt: now };
    if (now - prev.since >= timing.pendingMs) return move(held, 'fired', now);
    return { state: held, transitions: [], changed: !sameCondition(prev, condition) };
  }
  // Firing.
  if (condition === null) {
    const clearSince = prev.clearSince ?? now;
    if (now - clearSince >= timing.flapMs) return move({ ...prev, clearSince: null, resolvedAt: now }, 'resolved', now);
    return prev.clearSince === null
      ? { state: { ...prev, clearSince, updatedAt: now }, transitions: [], changed: true }
      : unchanged(prev);
  }
  const next: AlertState = { ...prev, ...condition, clearSince: null, updatedAt: now };
  if (condition.severity !== prev.severity) {
    return move(next, rank(condition.severity) > rank(prev.severity) ? 'escalated' : 'deescalated', now);
  }
  const changed = prev.clearSince !== null || !sameCondition(prev, condition);
  return changed ? { state: next, transitions: [], changed: true } : unchanged(prev);
}

/**
 * Moves an alert on with time alone, between evaluations of its condition: a pending alert whose
 * period has passed fires, a clear one whose flap window has passed resolves.
 */
export function advance(state: AlertState, now: number, timing: Timing): Step {
  if (state.status === 'pending') return step(state, state, state, now, timing);
  if (state.status === 'firing' && state.clearSince !== null) return step(state, state, null, now, timing);
  return unchanged(state);
}

/** Tells a firing alert again, unchanged but for when it was last told: a transition of its own. */
export function repeat(state: AlertState, now: number): Step {
  return move(state, 'repeated', now);
}

function move(state: AlertState, change: TransitionChange, now: number): Step {
  const status: AlertStatus = change === 'resolved' ? 'resolved' : 'firing';
  const notifiedAt = change === 'resolved' ? null : now;
  const moved: AlertState = { ...state, status, updatedAt: now, seq: state.seq + 1, notifiedAt };
  return {
    state: moved,
    transitions: [{ id: transitionId(moved.id, state.seq), change, at: now, alert: moved }],
    changed: true,
  };
}

function unchanged(state: AlertState | null): Step {
  return { state, transitions: [], changed: false };
}

function sameCondition(a: Condition, b: Condition): boolean {
  return (
    a.severity === b.severity && a.summary === b.summary && JSON.stringify(a.details) === JSON.stringify(b.details)
  );
}
