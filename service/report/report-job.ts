/**
 * The report schedule: each report's cron slots, in its time zone, fire a send of that slot. On
 * start, the newest slot that fell due while the service was down (after the report was first
 * seen, and not yet sent) is sent once, marked late. Reports defined or removed through the API
 * are scheduled or unscheduled at once.
 *
 * It uses the job table's Scheduler port (node-cron in production, fired by hand in tests) and
 * its slot arithmetic; the send log, not the job-run records, is the memory of what was sent,
 * because a report's unit of work is one slot's email, and reports come and go at run time.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { parseSchedule } from '../jobs/cron-schedule.js';
import type { ScheduledTask, Scheduler } from '../jobs/scheduler.js';
import { latestSlot } from '../jobs/slots.js';
import { MAIL_TEMPORARY } from './mailer.js';
import type { CatalogEntry, ReportCatalog } from './report-catalog.js';
import type { ReportSender } from './report-sender.js';
import type { SendLog, SendRecord } from './send-log.js';

export interface ReportScheduleDeps {
  readonly catalog: ReportCatalog;
  readonly sender: ReportSender;
  readonly log: SendLog;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The slot a report should send at start-up, if any: the newest due slot not yet delivered. */
export async function missedSlot(entry: CatalogEntry, log: SendLog, now: number): Promise<number | null> {
  const due = latestSlot(parseSchedule(entry.config.cron, entry.config.timezone), now);
  if (due === null || due <= entry.since) return null;
  const record = await log.get(entry.config.name, new Date(due).toISOString());
  return needsSending(record) ? due : null;
}

/** Not sent yet, interrupted mid-send, or failed for a reason that may pass. */
export function needsSending(record: SendRecord | null): boolean {
  return (
    record === null ||
    record.state === 'sending' ||
    (record.state === 'failed' && record.error?.code === MAIL_TEMPORARY)
  );
}

export class ReportSchedule {
  private readonly tasks = new Map<string, ScheduledTask>();
  private readonly background = new Set<Promise<unknown>>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: ReportScheduleDeps) {}

  /** Schedules every report, then sends (in the background) each slot missed while down. */
  async start(): Promise<void> {
    if (this.unsubscribe) return;
    this.unsubscribe = this.deps.catalog.onChange((name, entry) => {
      this.unschedule(name, { removed: !entry });
      if (entry) this.schedule(entry);
    });
    for (const entry of this.deps.catalog.list()) this.schedule(entry);
    const now = this.deps.clock.now();
    for (const entry of this.deps.catalog.list()) {
      const slot = await missedSlot(entry, this.deps.log, now);
      if (slot !== null) {
        this.deps.logger.info(
          { report: entry.config.name, slot: new Date(slot).toISOString() },
          'sending a report slot missed while the service was down',
        );
        // A shared scheduler hands the slot to one instance; without one, this process sends it.
        const task = this.tasks.get(entry.config.name);
        if (task?.runMissed) await task.runMissed(slot, 'catch-up');
        else this.track(this.deps.sender.sendSlot(entry.config, slot, { late: true }));
      }
    }
  }

  /** Resolves when no send started by the schedule or by catch-up is still going. */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const name of [...this.tasks.keys()]) this.unschedule(name);
    await this.idle();
  }

  private schedule(entry: CatalogEntry): void {
    const { name, cron, timezone } = entry.config;
    const task = this.deps.scheduler.schedule(`report:${name}`, parseSchedule(cron, timezone), (slot, trigger) => {
      // Look the report up again: its definition may have changed since it was scheduled.
      const current = this.deps.catalog.list().find((e) => e.config.name === name);
      return current
        ? this.track(this.deps.sender.sendSlot(current.config, slot, { late: trigger !== 'schedule' }))
        : undefined;
    });
    this.tasks.set(name, task);
  }

  private unschedule(name: string, options: { removed?: boolean } = {}): void {
    const task = this.tasks.get(name);
    if (options.removed && task?.remove) task.remove();
    else task?.stop();
    this.tasks.delete(name);
  }

  /**
   * Keeps a send started elsewhere (API send-now) in view of {@link idle} and logs its failure;
   * resolves when it ends (a shared scheduler holds the slot until then).
   */
  track(run: Promise<unknown>): Promise<void> {
    const tracked = run.then(
      () => {},
      (error: unknown) => this.deps.logger.error({ err: error }, 'report send failed'),
    );
    this.background.add(tracked);
    void tracked.finally(() => this.background.delete(tracked));
    return tracked;
  }
}
