import { expect } from 'chai';
import { Queue } from 'bullmq';
import { createLogger } from '../../../service/logger.js';
import { BullmqScheduler, slotJobId, slotOf, slotQueueName } from '../../../service/scale/bullmq-scheduler.js';
import { parseSchedule } from '../../../service/jobs/cron-schedule.js';
import type { ScheduledTask, SlotTrigger } from '../../../service/jobs/scheduler.js';
import { startTestRedis, type TestRedis } from '../../support/redis.js';
import { waitFor } from '../../support/wait-for.js';

const logger = createLogger('silent');

describe('scale/bullmq-scheduler', () => {
  describe('slotOf', () => {
    const cases: {
      name: string;
      job: { data: { slot?: number }; opts: { prevMillis?: number } };
      slot: number | null;
    }[] = [
      {
        name: 'a missed slot carries its own',
        job: { data: { slot: 1_000 }, opts: { prevMillis: 2_000 } },
        slot: 1_000,
      },
      {
        name: "a scheduled slot is its scheduler's iteration time",
        job: { data: {}, opts: { prevMillis: 2_000 } },
        slot: 2_000,
      },
      { name: 'a job with neither names no slot', job: { data: {}, opts: {} }, slot: null },
    ];
    for (const c of cases) it(c.name, () => expect(slotOf(c.job as never)).to.equal(c.slot));
  });

  it('names a queue without the colons BullMQ refuses', () => {
    expect(slotQueueName('report:monthly-ev')).to.equal('slots.report.monthly-ev');
    expect(slotQueueName('forecast')).to.equal('slots.forecast');
  });

  describe('two instances on one Redis', () => {
    let redis: TestRedis;
    const schedulers: BullmqScheduler[] = [];
    const tasks: ScheduledTask[] = [];
    const instance = (name: string) => {
      const scheduler = new BullmqScheduler({
        redis: redis.redis,
        keys: redis.keys,
        instance: name,
        lockMs: 2000,
        logger,
      });
      schedulers.push(scheduler);
      return scheduler;
    };

    beforeEach(async () => {
      redis = await startTestRedis();
    });
    afterEach(async () => {
      for (const task of tasks.splice(0)) task.stop();
      await Promise.all(schedulers.splice(0).map((s) => s.close()));
      await redis.close();
    });

    it('runs each slot of a shared schedule once, on one of them', async () => {
      const runs: { by: string; slot: number; trigger: SlotTrigger | undefined }[] = [];
      for (const name of ['A', 'B']) {
        tasks.push(
          instance(name).schedule(
            'tick',
            parseSchedule('* * * * * *', 'UTC'),
            async (slot, trigger) => void runs.push({ by: name, slot, trigger }),
          ),
        );
      }
      await waitFor(() => new Set(runs.map((r) => r.slot)).size >= 3, 'three slots', 15_000);
      const slots = runs.map((r) => r.slot);
      expect(new Set(slots).size, `slots run: ${JSON.stringify(runs)}`).to.equal(slots.length);
      expect(runs.every((r) => r.trigger === 'schedule' && r.slot % 1000 === 0)).to.equal(true);
    });

    it('stops every instance firing a schedule that one of them removes, and leaves no job behind', async () => {
      const runs: string[] = [];
      const queue = new Queue(slotQueueName('gone'), { connection: redis.redis, prefix: redis.keys.bull });
      try {
        const a = instance('A').schedule('gone', parseSchedule('* * * * * *', 'UTC'), async () => void runs.push('A'));
        tasks.push(
          instance('B').schedule('gone', parseSchedule('* * * * * *', 'UTC'), async () => void runs.push('B')),
        );
        await waitFor(() => runs.length > 0, 'a first slot', 10_000);
        a.remove!();
        await waitFor(async () => (await queue.getJobSchedulersCount()) === 0, 'the schedule to be gone');
        await waitFor(async () => {
          const counts = await queue.getJobCounts('delayed', 'wait', 'active');
          return counts.delayed === 0 && counts.wait === 0 && counts.active === 0;
        }, 'no slot waiting');
      } finally {
        await queue.close();
      }
    });

    it('runs a missed slot once however many instances hand it over', async () => {
      const runs: { by: string; slot: number; trigger: SlotTrigger | undefined }[] = [];
      const slot = Date.UTC(2026, 0, 1);
      const queue = new Queue(slotQueueName('yearly'), { connection: redis.redis, prefix: redis.keys.bull });
      try {
        for (const name of ['A', 'B']) {
          const task = instance(name).schedule(
            'yearly',
            parseSchedule('0 0 0 1 1 *', 'UTC'),
            async (s, trigger) => void runs.push({ by: name, slot: s, trigger }),
          );
          tasks.push(task);
          await task.runMissed!(slot, 'catch-up');
        }
        await waitFor(
          async () => (await queue.getJobCounts('completed')).completed === 1,
          'the missed slot to be done',
        );
        const counts = await queue.getJobCounts('completed', 'active', 'wait', 'failed');
        expect(counts).to.deep.equal({ completed: 1, active: 0, wait: 0, failed: 0 });
        expect(runs).to.have.length(1);
        expect(runs[0]).to.include({ slot, trigger: 'catch-up' });
      } finally {
        await queue.close();
      }
    });

    it('runs a slot once per key however many instances ask, though the slot ran already', async () => {
      const runs: { by: string; slot: number; trigger: SlotTrigger | undefined }[] = [];
      const slot = Date.UTC(2026, 0, 1);
      const queue = new Queue(slotQueueName('upgraded'), { connection: redis.redis, prefix: redis.keys.bull });
      try {
        for (const name of ['A', 'B']) {
          const task = instance(name).schedule(
            'upgraded',
            parseSchedule('0 0 0 1 1 *', 'UTC'),
            async (s, trigger) => void runs.push({ by: name, slot: s, trigger }),
          );
          tasks.push(task);
          await task.runMissed!(slot, 'catch-up');
          await task.runOnce!(slot, 'upgrade', 'upgrade-engine-2');
        }
        await waitFor(async () => (await queue.getJobCounts('completed')).completed === 2, 'both runs done');
        // A later version is another key: it runs again.
        await tasks.at(-1)!.runOnce!(slot, 'upgrade', 'upgrade-engine-3');
        await waitFor(async () => (await queue.getJobCounts('completed')).completed === 3, 'the third run done');
        expect(runs.map((r) => r.trigger).sort()).to.deep.equal(['catch-up', 'upgrade', 'upgrade']);
        expect(runs.every((r) => r.slot === slot)).to.equal(true);
      } finally {
        await queue.close();
      }
    });

    it("gives a missed slot the id of the schedule's own job for that slot, so the slot runs once", async () => {
      const runs: { slot: number; trigger: SlotTrigger }[] = [];
      const queue = new Queue(slotQueueName('daily'), { connection: redis.redis, prefix: redis.keys.bull });
      try {
        const task = instance('A').schedule('daily', parseSchedule('0 0 12 * * *', 'UTC'), async (slot, trigger) => {
          runs.push({ slot, trigger });
        });
        tasks.push(task);
        await waitFor(async () => (await queue.getJobSchedulers()).length === 1, 'the schedule in Redis');
        const [scheduler] = await queue.getJobSchedulers();
        const next = scheduler!.next!;
        // The schedule's job for its next slot is there under the id a handed-over slot gets.
        expect(await queue.getJob(slotJobId(slotQueueName('daily'), next))).to.not.equal(undefined);
        await task.runMissed!(next, 'catch-up');
        expect((await queue.getJobs(['delayed', 'wait', 'active'])).map((j) => j.id)).to.deep.equal([
          slotJobId(slotQueueName('daily'), next),
        ]);
        expect(runs).to.deep.equal([]);
      } finally {
        await queue.close();
      }
    });
  });
});
