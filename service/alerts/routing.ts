/**
 * Which channels a transition goes to. The dashboard takes every one; the other channels are the
 * ones the alert's rule names for its severity (`channels`, `*` for all, from `notifyFrom` up:
 * `channelsFor` in alerting/rules.ts), and none while the alert is silenced. Pure.
 */
import type { AlertTransition } from '../contract/index.js';

export interface Route {
  /** Channels to deliver to. */
  readonly to: readonly string[];
  /** Channels the rule names that a silence holds back. */
  readonly silenced: readonly string[];
}

/** `wanted`: the rule's channel ids for this severity (`*`: every one); `defined`: the channels besides the dashboard. */
export function routeTransition(
  transition: AlertTransition,
  dashboard: string,
  wanted: readonly string[],
  defined: readonly string[],
): Route {
  const named = wanted.includes('*') ? defined : defined.filter((id) => wanted.includes(id));
  return transition.alert.silenced === null
    ? { to: [dashboard, ...named], silenced: [] }
    : { to: [dashboard], silenced: named };
}
