/**
 * The seam between deciding and telling: the alert evaluator decides that an alert moved and hands
 * the transition over here; the notification side (one file per channel) routes it, groups it and
 * delivers it, each transition at most once per channel across instances and restarts.
 */
import type { AlertTransition } from '../contract/index.js';

export interface AlertNotifier {
  /**
   * Accepts transitions for delivery. Resolves once they are durable (a crash afterwards still
   * delivers them after the restart); delivery itself happens later. Idempotent by transition id:
   * a transition handed over again (re-evaluation after a crash) is not delivered twice.
   */
  enqueue(transitions: readonly AlertTransition[]): Promise<void>;
}
