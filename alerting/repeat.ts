/**
 * `repeatInterval`: a rule may have its firing alerts told again while they go on firing, so that
 * an alert nobody acted on is not forgotten once its first message scrolls away. A repeat is due
 * once the interval has passed since the channels last heard of the alert (it fired, escalated,
 * fell back, or repeated); an acknowledged or silenced alert does not repeat, and neither does one
 * whose condition is already clear and only waits out its flap window.
 */
import type { AlertState } from './state-machine.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** The longest interval a rule may set: a month. */
export const MAX_REPEAT_MS = 31 * UNIT_MS.d;

/** `30m`, `4h`, `2d` as ms; NaN for anything else. */
export function intervalMs(text: string): number {
  const match = /^([1-9]\d{0,5})([mhd])$/.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : Number.NaN;
}

/** What holds a firing alert's repeats back. */
export interface Quiet {
  readonly acknowledged: boolean;
  readonly silenced: boolean;
}

/** Whether the channels are due to hear of this alert again at `now` (ms). */
export function repeatDue(state: AlertState, everyMs: number, now: number, quiet: Quiet): boolean {
  if (state.status !== 'firing' || state.clearSince !== null || quiet.acknowledged || quiet.silenced) return false;
  return now - (state.notifiedAt ?? state.updatedAt) >= everyMs;
}
