/**
 * The Scheduler port on BullMQ job schedulers, for several instances on one Redis. Each scheduled
 * name (the forecast job, each report) has a queue of its own and one job scheduler in it, so a
 * slot is one job: whichever instance's worker takes it holds its lock while the slot's work runs,
 * renews the lock as it goes, and if that instance dies the lock lapses and another instance's
 * stalled-job check puts the slot back for someone else. A queue per name also means an instance
 * only takes slots it knows how to run (a report defined through one instance's API is not known
 * to the others until they restart).
 *
 * BullMQ delivers a slot at least once; the job registry and the report send log make a second
 * delivery of a completed slot a no-op.
 *
 * A scheduler's next time is the slot arithmetic's (`jobs/slots.ts`), not BullMQ's own cron parser:
 * with it, BullMQ fires the slots node-cron's firings are mapped onto, and it keeps going where its
 * parser does not (across Lord Howe's half-hour change it computes no next time at all, which ends
 * the schedule; test/service/jobs/schedule-agreement.test.ts shows where the two differ).
 */
import { Queue, UnrecoverableError, Worker, type Job, type RepeatStrategy } from 'bullmq';
import type { Redis } from 'ioredis';
import { parseSchedule, type ParsedSchedule } from '../jobs/cron-schedule.js';
import type { ScheduledTask, Scheduler, SlotTrigger } from '../jobs/scheduler.js';
import { nextSlot } from '../jobs/slots.js';
import type { Logger } from '../logger.js';
import type { RedisKeys } from './redis.js';

export interface BullmqSchedulerDeps {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  /** Shown as `processedBy` on the jobs this instance takes. */
  readonly instance: string;
  /** Lock lifetime without renewal, ms: how soon a dead instance's slot is taken over. */
  readonly lockMs: number;
  readonly logger: Logger;
}

interface SlotData {
  /** Set on missed slots; scheduled slots carry theirs in the job's `prevMillis`. */
  readonly slot?: number;
  readonly trigger?: SlotTrigger;
}

/** BullMQ's hook for "the next time after `millis`": the next slot of the scheduler's pattern and zone. */
export const slotRepeatStrategy: RepeatStrategy = (millis, opts) =>
  nextSlot(parseSchedule(opts.pattern, opts.tz ?? 'UTC'), millis) ?? undefined;

/** Completed and failed slot jobs kept this long: the dedup window of a missed slot handed over twice. */
const KEEP_SECONDS = 7 * 24 * 3600;

/** The queue a scheduled name's slots go through: BullMQ refuses ':' in queue names. */
export function slotQueueName(name: string): string {
  return `slots.${name.replaceAll(':', '.')}`;
}

/**
 * The id of the job that stands for one slot of a queue's schedule. BullMQ names a scheduler's job
 * for the iteration at `millis` `repeat:<scheduler id>:<millis>`; a missed slot handed over at
 * start-up gets that same id, so a slot that the schedule itself fired meanwhile (on an instance
 * that started earlier) is not added a second time, whichever instance hands it over.
 */
export function slotJobId(queueName: string, slot: number): string {
  return `repeat:${queueName}:${slot}`;
}

/** The id of the job that runs a slot once for `key` (see ScheduledTask.runOnce): no ':', as BullMQ wants. */
export function onceJobId(queueName: string, key: string): string {
  return `once.${queueName}.${key.replaceAll(':', '.')}`;
}

/** The slot a job stands for: its own (missed slots) or its scheduler's iteration time. */
export function slotOf(job: Pick<Job<SlotData>, 'data' | 'opts'>): number | null {
  if (typeof job.data.slot === 'number') return job.data.slot;
  return typeof job.opts.prevMillis === 'number' ? job.opts.prevMillis : null;
}

export class BullmqScheduler implements Scheduler {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly queues = new Set<Queue<SlotData>>();

  constructor(private readonly deps: BullmqSchedulerDeps) {}

  schedule(
    name: string,
    schedule: ParsedSchedule,
    onSlot: (slot: number, trigger: SlotTrigger) => unknown,
  ): ScheduledTask {
    const { redis, keys, instance, lockMs } = this.deps;
    const log = this.deps.logger.child({ component: 'slots', job: name });
    const queueName = slotQueueName(name);
    const queue = new Queue<SlotData>(queueName, {
      connection: redis,
      prefix: keys.bull,
      settings: { repeatStrategy: slotRepeatStrategy },
      defaultJobOptions: { removeOnComplete: { age: KEEP_SECONDS }, removeOnFail: { age: KEEP_SECONDS } },
    });
    this.queues.add(queue);
    // Every instance upserts the same scheduler; an unchanged one keeps its next slot's job. Its id
    // is the queue's name, free of the ':' a custom job id may not hold (see slotJobId); earlier
    // versions used the job's name, and such a scheduler would fire every slot a second time.
    this.keep(
      Promise.all([
        queue.removeJobScheduler(name),
        queue.upsertJobScheduler(queueName, { pattern: schedule.cron, tz: schedule.timezone }, { name, data: {} }),
      ]),
      log,
      'could not register the schedule in Redis',
    );
    const worker = new Worker<SlotData>(
      queueName,
      async (job) => {
        const slot = slotOf(job);
        if (slot === null) throw new UnrecoverableError(`job ${job.id} names no slot`);
        log.debug(
          { slot: new Date(slot).toISOString(), trigger: job.data.trigger ?? 'schedule', jobId: job.id },
          'took a slot',
        );
        await onSlot(slot, job.data.trigger ?? 'schedule');
      },
      // One slot of a name at a time per instance; the lock is renewed at half its lifetime.
      {
        connection: redis,
        prefix: keys.bull,
        settings: { repeatStrategy: slotRepeatStrategy },
        name: instance,
        concurrency: 1,
        lockDuration: lockMs,
        stalledInterval: lockMs,
        maxStalledCount: 2,
      },
    );
    worker.on('error', (error) => log.warn({ err: error }, 'slot worker error'));
    worker.on('failed', (job, error) => log.error({ err: error, jobId: job?.id }, 'slot job failed'));
    const stop = (then: () => Promise<unknown> = async () => {}) => {
      this.queues.delete(queue);
      this.keep(
        worker
          .close()
          .then(then)
          .finally(() => queue.close()),
        log,
        'could not close the slot worker',
      );
    };
    return {
      // This instance stops taking slots; the schedule stays in Redis for the other instances.
      stop: () => stop(),
      // No instance gets another slot of it (a deleted report).
      remove: () => stop(() => queue.removeJobScheduler(queueName)),
      runMissed: async (slot, trigger) => {
        // One id per slot: a second instance handing over the same slot, or the schedule firing it, adds nothing.
        await queue.add(name, { slot, trigger }, { jobId: slotJobId(queueName, slot) });
      },
      // One id per key: kept KEEP_SECONDS, so an instance that starts later with the same version adds nothing.
      runOnce: async (slot, trigger, key) => {
        await queue.add(name, { slot, trigger }, { jobId: onceJobId(queueName, key) });
      },
    };
  }

  /** Waits for the workers to let go and closes the queues. */
  async close(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    await Promise.allSettled([...this.queues].map((q) => q.close()));
    this.queues.clear();
  }

  private keep(work: Promise<unknown>, log: Logger, message: string): void {
    const tracked = work.catch((error: unknown) => log.error({ err: error }, message));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
}
