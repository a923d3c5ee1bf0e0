/**
 * The Scheduler port: what fires the job table's rows at their slots. node-cron does in a single
 * instance (`node-cron-scheduler.ts`), BullMQ job schedulers do across instances on Redis
 * (`scale/bullmq-scheduler.ts`), and tests pass one they fire by hand. Whichever fires, a slot is
 * an instant of the slot arithmetic (`slots.ts`).
 */
import type { ParsedSchedule } from './cron-schedule.js';

/**
 * Why a slot runs: its time came, it fell due while nothing ran (start-up catch-up, or a first run), or the
 * row's version changed since its last run (its newest slot again, with the new version).
 */
export type SlotTrigger = 'schedule' | 'catch-up' | 'initial' | 'upgrade';

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
  /**
   * Runs a slot once across every instance that asks with the same `key`, though the slot itself ran already
   * (an upgrade: every instance that starts with the new version asks). Absent: the caller runs it itself.
   */
  runOnce?(slot: number, trigger: SlotTrigger, key: string): Promise<void>;
}

export interface Scheduler {
  /**
   * Calls `onSlot(slotMs, trigger)` at every slot of the schedule until stopped. What `onSlot`
   * returns is the slot's work: a scheduler shared by several instances holds the slot until it settles.
   */
  schedule(
    name: string,
    schedule: ParsedSchedule,
    onSlot: (slot: number, trigger: SlotTrigger) => unknown,
  ): ScheduledTask;
}
