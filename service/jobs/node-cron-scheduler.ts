/**
 * The Scheduler port on node-cron, for a single instance. node-cron fires the row's own expression
 * in its zone; each firing stands for the newest slot of the slot arithmetic due at its instant.
 * Away from daylight-saving changes the two are the same instant. Where they are not, the slot
 * arithmetic decides: node-cron skips a reading the clocks jump over, as the slots do; a reading
 * the clocks pass twice is one slot at its first occurrence, while node-cron fires at the first
 * occurrence in zones west of UTC and at the second in zones east of it (London, Lord Howe). That
 * firing comes up to the size of the change late and runs the slot then; a schedule that has
 * several slots in the repeated hour runs the newest of them, as catch-up would.
 */
import cron from 'node-cron';
import type { Clock } from '../clock.js';
import type { ParsedSchedule } from './cron-schedule.js';
import type { Scheduler } from './scheduler.js';
import { latestSlot } from './slots.js';

/**
 * The slot a firing at `firedAt` (ms) stands for, or null when that slot was delivered already
 * (`lastDelivered`): the newest slot due at the firing.
 */
export function slotOfFiring(schedule: ParsedSchedule, firedAt: number, lastDelivered: number | null): number | null {
  const slot = latestSlot(schedule, firedAt);
  return slot === null || (lastDelivered !== null && slot <= lastDelivered) ? null : slot;
}

/** node-cron firing the rows; `clock` says which slots were due before the schedule started (catch-up's). */
export function nodeCronScheduler(clock: Clock): Scheduler {
  return {
    schedule(name, schedule, onSlot) {
      let delivered = latestSlot(schedule, clock.now());
      const task = cron.createTask(
        schedule.cron,
        (ctx) => {
          const slot = slotOfFiring(schedule, ctx.date.getTime(), delivered);
          if (slot === null) return;
          delivered = slot;
          void onSlot(slot, 'schedule');
        },
        // Overlap is guarded by the registry, which records a skipped run; node-cron's own noOverlap would skip silently.
        { name, timezone: schedule.timezone, noOverlap: false },
      );
      void task.start();
      return { stop: () => void task.destroy() };
    },
  };
}
