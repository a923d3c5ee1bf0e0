/**
 * Which channels a transition goes to: the dashboard takes every one; another channel takes those
 * its match names (rules, kinds, severities; a list left out matches all) and never a silenced
 * alert's. Pure.
 */
import type { AlertTransition } from '../contract/index.js';

export interface ChannelMatch {
  readonly rules?: readonly string[] | undefined;
  readonly kinds?: readonly string[] | undefined;
  readonly severities?: readonly string[] | undefined;
}

export function matchesRoute(match: ChannelMatch, transition: AlertTransition): boolean {
  const { alert } = transition;
  if (alert.silenced !== null) return false;
  return (
    (match.rules === undefined || match.rules.includes(alert.rule)) &&
    (match.kinds === undefined || match.kinds.includes(alert.kind)) &&
    (match.severities === undefined || match.severities.includes(alert.severity))
  );
}
