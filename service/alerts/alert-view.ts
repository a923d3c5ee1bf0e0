/** Alerts as the contract shows them: instants in ISO 8601, acknowledgement and silence attached. */
import type { AlertState, Transition } from '../../alerting/state-machine.js';
import type { Alert, AlertTransition } from '../contract/index.js';
import type { Acknowledgement } from './alert-store.js';

/** The silence that covers an alert, as the alert shows it. */
export interface SilenceMark {
  readonly silence: string;
  readonly by: string;
  /** ms since the epoch */
  readonly until: number;
  readonly reason: string;
}

export function alertView(state: AlertState, ack: Acknowledgement | null, silence: SilenceMark | null): Alert {
  return {
    id: state.id,
    rule: state.rule,
    kind: state.kind,
    series: state.series,
    month: state.month,
    severity: state.severity,
    status: state.status,
    since: iso(state.since),
    updatedAt: iso(state.updatedAt),
    resolvedAt: state.resolvedAt === null ? null : iso(state.resolvedAt),
    summary: state.summary,
    details: state.details,
    silenced: silence && {
      silence: silence.silence,
      by: silence.by,
      until: iso(silence.until),
      reason: silence.reason,
    },
    acknowledged: ack && { by: ack.by, at: iso(ack.at) },
  };
}

export function transitionView(
  t: Transition,
  ack: Acknowledgement | null,
  silence: SilenceMark | null,
): AlertTransition {
  return { id: t.id, change: t.change, at: iso(t.at), alert: alertView(t.alert, ack, silence) };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
