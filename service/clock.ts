/** Time as a dependency: jobs, schedules and revision stamps ask the clock, so tests can drive it. */
export interface Clock {
  /** ms since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
