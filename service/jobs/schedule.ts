/**
 * Schedule arithmetic and the node-cron adapter. node-cron 4 fires jobs but no longer catches up
 * runs missed while the process was down, and it only answers "when next?" from the wall clock;
 * catch-up needs "which slot was last due at this instant?" for an instant the Clock gives, so
 * croner (zero dependencies, time-zone aware) answers that, for the same expression.
 */
import { Cron } from 'croner';
import cron from 'node-cron';

/** The newest slot of `expression` in `timezone` at or before `now` (ms), or null when none in the past year. */
export function latestSlot(expression: string, timezone: string, now: number): number | null {
  const probe = new Cron(expression, { timezone, paused: true });
  // previousRuns looks strictly before its reference: one ms later includes a slot at `now` itself.
  const [slot] = probe.previousRuns(1, new Date(now + 1));
  probe.stop();
  return slot && now - slot.getTime() <= 366 * 24 * 3600_000 ? slot.getTime() : null;
}

/** The first slot after `after` (ms). */
export function nextSlot(expression: string, timezone: string, after: number): number | null {
  const probe = new Cron(expression, { timezone, paused: true });
  const next = probe.nextRun(new Date(after));
  probe.stop();
  return next ? next.getTime() : null;
}

/** Why a slot runs: its time came, or it fell due while nothing ran (start-up catch-up, or a first run). */
export type SlotTrigger = 'schedule' | 'catch-up' | 'initial';

export interface ScheduledTask {
  /** This process stops firing the schedule (a shared schedule goes on for the other instances). */
  stop(): void;
  /** The schedule is gone for good (a deleted report): for every instance sharing it. Absent: as stop(). */
  remove?(): void;
  /**
   * Runs a missed slot through the scheduler, once across every instance that shares it (the
   * scheduler then calls `onSlot(slot, trigger)` wherever it runs). Absent: the caller runs it itself.
   */
  runMissed?(slot: number, trigger: SlotTrigger): Promise<void>;
}

/** What fires jobs on their schedule; tests pass one they fire by hand. */
export interface Scheduler {
  /**
   * Calls `onSlot(slotMs, trigger)` at every slot of the expression until stopped. What `onSlot`
   * returns is the slot's work: a scheduler shared by several instances holds the slot until it settles.
   */
  schedule(
    name: string,
    expression: string,
    timezone: string,
    onSlot: (slot: number, trigger?: SlotTrigger) => unknown,
  ): ScheduledTask;
}

export const nodeCronScheduler: Scheduler = {
  schedule(name, expression, timezone, onSlot) {
    // Overlap is guarded by the registry, which records a skipped run; node-cron's own noOverlap would skip silently.
    const task = cron.createTask(
      expression,
      (ctx) => void onSlot(Math.floor(ctx.date.getTime() / 1000) * 1000, 'schedule'),
      { name, timezone, noOverlap: false },
    );
    void task.start();
    return { stop: () => void task.destroy() };
  },
};
