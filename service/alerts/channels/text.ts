/**
 * Transitions in words, shared by the channels that speak to people (email subject and text, the
 * webhook's chat `text`). The alert's own summary says what happened; this adds what moved.
 */
import type { AlertTransition, TransitionChange } from '../../contract/index.js';

const CHANGE_WORDS: Readonly<Record<TransitionChange, string>> = {
  fired: 'firing',
  escalated: 'escalated to critical',
  deescalated: 'back to warning',
  repeated: 'still firing',
  resolved: 'resolved',
};

/** `[critical] firing: seres_nev_sales 2025-06: <summary>`. */
export function transitionLine(t: AlertTransition): string {
  const { alert } = t;
  return `[${alert.severity}] ${CHANGE_WORDS[t.change]}: ${alert.series} ${alert.month}: ${alert.summary}`;
}

/** What a transition did, in a word or three (`firing`, `resolved`). */
export function changeWords(change: TransitionChange): string {
  return CHANGE_WORDS[change];
}
