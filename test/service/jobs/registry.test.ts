import { expect } from 'chai';
import type { RunRecord } from '../../../service/contract/index.js';
import type { RunLog } from '../../../service/jobs/run-log.js';
import { silentPublisher, type Publisher } from '../../../service/live/publisher.js';
import { createLogger } from '../../../service/logger.js';
import { noOptions, type JobContext, type JobDefinition, type JobResult } from '../../../service/jobs/job.js';
import { JobRegistry } from '../../../service/jobs/registry.js';
import { startedRecord } from '../../../service/jobs/run-record.js';
import type { Scheduler } from '../../../service/jobs/scheduler.js';
import { deferred, ManualClock } from './manual-clock.js';

/** Run records kept in memory, with the same "last completed slot" rule as the InfluxDB store. */
class MemoryRunLog implements RunLog {
  readonly saved: RunRecord[] = [];
  constructor(private readonly completedSlot: number | null = null) {}
  async save(record: RunRecord): Promise<void> {
    this.saved.push(record);
  }
  async lastCompletedSlot(): Promise<number | null> {
    const slots = this.saved
      .filter((r) => (r.status === 'ok' || r.status === 'partial') && r.slot !== null)
      .map((r) => Date.parse(r.slot!));
    return slots.length ? Math.max(...slots) : this.completedSlot;
  }
  async lastVersion(): Promise<string | null | undefined> {
    const runs = this.saved.filter((r) => r.status === 'ok' || r.status === 'partial');
    return runs.length ? runs[runs.length - 1]!.version : this.completedSlot === null ? undefined : null;
  }
  final(): RunRecord[] {
    return this.saved.filter((r) => r.status !== 'running');
  }
}

/** Fires slots by hand. */
class HandScheduler implements Scheduler {
  readonly fire = new Map<string, (slot: number) => void>();
  schedule(name: string, _schedule: unknown, onSlot: (slot: number, trigger: 'schedule') => unknown) {
    this.fire.set(name, (slot) => void onSlot(slot, 'schedule'));
    return { stop: () => this.fire.delete(name) };
  }
}

const DAILY = '0 30 6 * * *';
const TZ = 'Asia/Shanghai';

/** A row at 06:30 in Shanghai that takes no options; the test adds its run. */
function daily(name: string): Omit<JobDefinition, 'run'> {
  return { name, schedule: { cron: DAILY, timezone: TZ }, options: noOptions(name) };
}
const at = (iso: string) => Date.parse(iso);
const logger = createLogger('silent');

function setup(options: {
  now: string;
  completedSlot?: string | null;
  since?: string;
  run?: (ctx: JobContext<undefined>) => Promise<JobResult>;
  publisher?: Publisher;
}) {
  const clock = new ManualClock(at(options.now));
  const runLog = new MemoryRunLog(options.completedSlot ? at(options.completedSlot) : null);
  const scheduler = new HandScheduler();
  const registry = new JobRegistry({
    clock,
    runLog,
    publisher: options.publisher ?? silentPublisher,
    logger,
    scheduler,
  });
  const calls: JobContext<undefined>[] = [];
  registry.add({
    ...daily('forecast'),
    ...(options.since ? { since: at(options.since) } : {}),
    run: async (ctx) => {
      calls.push(ctx);
      return options.run ? options.run(ctx) : { total: 1, done: 1, errors: [] };
    },
  });
  return { clock, runLog, scheduler, registry, calls };
}

describe('service/jobs/registry', () => {
  describe('missed-run catch-up on start', () => {
    // 06:30 in Shanghai is 22:30 UTC the day before.
    const cases: {
      name: string;
      completedSlot: string | null;
      now: string;
      expect: { trigger: string; slot: string } | null;
    }[] = [
      {
        name: 'runs the slot missed while down, once',
        completedSlot: '2026-11-22T22:30:00Z',
        now: '2026-11-25T01:00:00Z',
        expect: { trigger: 'catch-up', slot: '2026-11-24T22:30:00.000Z' },
      },
      {
        name: 'runs nothing when the last due slot was completed',
        completedSlot: '2026-11-24T22:30:00Z',
        now: '2026-11-25T01:00:00Z',
        expect: null,
      },
      {
        name: 'runs nothing just before the next slot is due',
        completedSlot: '2026-11-24T22:30:00Z',
        now: '2026-11-25T22:29:59Z',
        expect: null,
      },
      {
        name: 'catches up a slot due this very instant',
        completedSlot: '2026-11-24T22:30:00Z',
        now: '2026-11-25T22:30:00Z',
        expect: { trigger: 'catch-up', slot: '2026-11-25T22:30:00.000Z' },
      },
      {
        name: 'gives a job that never completed a first run',
        completedSlot: null,
        now: '2026-11-25T01:00:00Z',
        expect: { trigger: 'initial', slot: '2026-11-24T22:30:00.000Z' },
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const { registry, calls, runLog } = setup({ now: c.now, completedSlot: c.completedSlot });
        await registry.start();
        await registry.idle();
        if (c.expect === null) {
          expect(calls).to.have.length(0);
        } else {
          expect(calls.map((x) => [x.trigger, new Date(x.slot!).toISOString()])).to.deep.equal([
            [c.expect.trigger, c.expect.slot],
          ]);
          expect(runLog.final().map((r) => [r.trigger, r.status, r.slot])).to.deep.equal([
            [c.expect.trigger, 'ok', c.expect.slot],
          ]);
        }
        await registry.stop();
      });
    }

    it('after a catch-up, the next start finds nothing missed', async () => {
      const first = setup({ now: '2026-11-25T01:00:00Z', completedSlot: '2026-11-20T22:30:00Z' });
      await first.registry.start();
      await first.registry.idle();
      expect(await first.runLog.lastCompletedSlot()).to.equal(at('2026-11-24T22:30:00Z'));
      const again = new JobRegistry({
        clock: first.clock,
        runLog: first.runLog,
        publisher: silentPublisher,
        logger,
        scheduler: new HandScheduler(),
      });
      let runs = 0;
      again.add({
        ...daily('forecast'),
        run: async () => ((runs += 1), { total: 0, done: 0, errors: [] }),
      });
      await again.start();
      await again.idle();
      expect(runs).to.equal(0);
    });
  });

  describe('a new version of what a row computes with', () => {
    /** A registry on `runLog` with one row of version `version`, counting its runs by trigger. */
    async function startWith(runLog: MemoryRunLog, version: string | undefined, now = '2026-11-25T01:00:00Z') {
      const registry = new JobRegistry({
        clock: new ManualClock(at(now)),
        runLog,
        publisher: silentPublisher,
        logger,
        scheduler: new HandScheduler(),
      });
      const triggers: string[] = [];
      registry.add({
        ...daily('forecast'),
        ...(version !== undefined && { version }),
        run: async (ctx) => (triggers.push(ctx.trigger), { total: 1, done: 1, errors: [] }),
      });
      await registry.start();
      await registry.idle();
      return triggers;
    }

    it('runs the row once at the first start with a new version, and records the version its runs computed with', async () => {
      // Yesterday's slot was completed by runs recorded before versions were.
      const runLog = new MemoryRunLog(at('2026-11-24T22:30:00Z'));
      expect(await startWith(runLog, 'engine-2')).to.deep.equal(['upgrade']);
      expect(runLog.final().map((r) => [r.trigger, r.version])).to.deep.equal([['upgrade', 'engine-2']]);
      // The next start with the same version finds nothing to do; a newer one runs again.
      expect(await startWith(runLog, 'engine-2')).to.deep.equal([]);
      expect(await startWith(runLog, 'engine-3')).to.deep.equal(['upgrade']);
    });

    it('does not run twice when a slot was missed too, and never for a row without a version', async () => {
      const runLog = new MemoryRunLog(at('2026-11-20T22:30:00Z'));
      expect(await startWith(runLog, 'engine-2')).to.deep.equal(['catch-up']);
      expect(runLog.final().map((r) => r.version)).to.deep.equal(['engine-2']);
      expect(await startWith(new MemoryRunLog(at('2026-11-24T22:30:00Z')), undefined)).to.deep.equal([]);
    });

    it('hands the run to a shared scheduler under a key of the version, with the newest slot', async () => {
      const handed: [number, string, string][] = [];
      const registry = new JobRegistry({
        clock: new ManualClock(at('2026-11-25T01:00:00Z')),
        runLog: new MemoryRunLog(at('2026-11-24T22:30:00Z')),
        publisher: silentPublisher,
        logger,
        scheduler: {
          schedule: () => ({
            stop: () => {},
            runMissed: async () => expect.fail('no slot was missed'),
            runOnce: async (slot, trigger, key) => void handed.push([slot, trigger, key]),
          }),
        },
      });
      let runs = 0;
      registry.add({
        ...daily('forecast'),
        version: 'engine-2',
        run: async () => ((runs += 1), { total: 0, done: 0, errors: [] }),
      });
      await registry.start();
      await registry.idle();
      expect(handed).to.deep.equal([[at('2026-11-24T22:30:00Z'), 'upgrade', 'upgrade-engine-2']]);
      expect(runs, 'not run here as well').to.equal(0);
      // The slot, when the scheduler hands it back, runs though it was completed already.
      const record = await registry.trigger('forecast', 'upgrade', { slot: at('2026-11-24T22:30:00Z') });
      expect(record).to.include({ status: 'ok', trigger: 'upgrade', version: 'engine-2' });
    });

    it('runs it again when the upgrade run died with its process', async () => {
      const runLog = new MemoryRunLog(at('2026-11-24T22:30:00Z'));
      // The last start's upgrade run never finished: its record still says running.
      await runLog.save(startedRecord('forecast', 'upgrade', null, at('2026-11-25T00:59:00Z'), 'engine-2'));
      expect(await startWith(runLog, 'engine-2')).to.deep.equal(['upgrade']);
    });
  });

  describe('overlap guard', () => {
    it('skips a run that finds one in progress, says which, and runs again once it ended', async () => {
      const hold = deferred();
      const { registry, runLog, clock } = setup({
        now: '2026-11-25T01:00:00Z',
        completedSlot: '2026-11-24T22:30:00Z',
        run: async () => (await hold.promise, { total: 2, done: 2, errors: [] }),
      });
      const first = registry.trigger('forecast', 'manual');
      clock.advance(5_000);
      const second = await registry.trigger('forecast', 'ingest');
      expect(second.status).to.equal('skipped');
      const running = registry.list()[0]!.running!;
      expect(second.message).to.contain(running.id).and.contain('manual');
      hold.resolve();
      const done = await first;
      expect(done).to.include({ status: 'ok', seriesFitted: 2, durationMs: 5_000 });
      expect(registry.list()[0]!.running).to.equal(null);
      const third = await registry.trigger('forecast', 'manual');
      expect(third.status).to.equal('ok');
      expect(runLog.final().map((r) => r.status)).to.deep.equal(['skipped', 'ok', 'ok']);
    });

    it('skips a scheduled slot that fires while a run is in progress', async () => {
      const hold = deferred();
      const { registry, scheduler, runLog } = setup({
        now: '2026-11-25T01:00:00Z',
        completedSlot: '2026-11-24T22:30:00Z',
        run: async () => (await hold.promise, { total: 1, done: 1, errors: [] }),
      });
      await registry.start();
      const manual = registry.trigger('forecast', 'manual');
      scheduler.fire.get('forecast')!(at('2026-11-25T22:30:00Z'));
      hold.resolve();
      await manual;
      await registry.idle();
      const skipped = runLog.final().find((r) => r.status === 'skipped')!;
      expect(skipped).to.include({ trigger: 'schedule', slot: '2026-11-25T22:30:00.000Z' });
      // A skipped slot is not a completed one: the next start catches it up.
      expect(await runLog.lastCompletedSlot()).to.equal(at('2026-11-24T22:30:00Z'));
      await registry.stop();
    });
  });

  describe('slots delivered more than once (a scheduler shared by several instances)', () => {
    const cases: { name: string; trigger: 'schedule' | 'catch-up' | 'initial'; slot: string; runs: boolean }[] = [
      {
        name: 'a scheduled slot already completed is a no-op',
        trigger: 'schedule',
        slot: '2026-11-24T22:30:00Z',
        runs: false,
      },
      {
        name: 'a caught-up slot older than the last completed one is a no-op',
        trigger: 'catch-up',
        slot: '2026-11-23T22:30:00Z',
        runs: false,
      },
      {
        name: 'a slot after the last completed one runs',
        trigger: 'schedule',
        slot: '2026-11-25T22:30:00Z',
        runs: true,
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const events: string[] = [];
        const publisher: Publisher = { ...silentPublisher, jobResult: (r) => events.push(r.status) };
        const { registry, runLog, calls } = setup({
          now: '2026-11-25T23:00:00Z',
          completedSlot: '2026-11-24T22:30:00Z',
          publisher,
        });
        const record = await registry.trigger('forecast', c.trigger, { slot: at(c.slot) });
        expect(calls).to.have.length(c.runs ? 1 : 0);
        expect(record.status).to.equal(c.runs ? 'ok' : 'skipped');
        // Nothing stored or announced for a no-op.
        expect(runLog.saved).to.have.length(c.runs ? 2 : 0);
        expect(events).to.have.length(c.runs ? 2 : 0);
        if (!c.runs) expect(record.message).to.contain('completed already');
      });
    }

    it('hands a missed slot to a scheduler that takes it, instead of running it here', async () => {
      const handed: [number, string][] = [];
      const clock = new ManualClock(at('2026-11-25T01:00:00Z'));
      const scheduler: Scheduler = {
        schedule: () => ({ stop: () => {}, runMissed: async (slot, trigger) => void handed.push([slot, trigger]) }),
      };
      const registry = new JobRegistry({
        clock,
        runLog: new MemoryRunLog(at('2026-11-22T22:30:00Z')),
        publisher: silentPublisher,
        logger,
        scheduler,
      });
      let runs = 0;
      registry.add({
        ...daily('forecast'),
        run: async () => ((runs += 1), { total: 0, done: 0, errors: [] }),
      });
      await registry.start();
      await registry.idle();
      expect(handed).to.deep.equal([[at('2026-11-24T22:30:00Z'), 'catch-up']]);
      expect(runs).to.equal(0);
    });
  });

  it('records a failing run as failed and never rejects', async () => {
    const { registry } = setup({
      now: '2026-11-25T01:00:00Z',
      run: async () => Promise.reject(new Error('influx is down')),
    });
    const record = await registry.trigger('forecast', 'manual');
    expect(record.status).to.equal('failed');
    expect(record.message).to.contain('influx is down');
  });

  it('calls a run partial when some series failed, and announces start, progress and result', async () => {
    const events: string[] = [];
    const publisher: Publisher = {
      ...silentPublisher,
      jobProgress: (p) => events.push(`progress ${p.done}/${p.total}`),
      jobResult: (r) => events.push(`result ${r.status}`),
    };
    const { registry } = setup({
      now: '2026-11-25T01:00:00Z',
      publisher,
      run: async (ctx) => {
        ctx.progress(1, 2);
        return {
          total: 2,
          done: 1,
          errors: [{ series: 'b', code: 'FORECAST_INPUT_INVALID', message: 'too short' }],
        };
      },
    });
    const record = await registry.trigger('forecast', 'manual');
    expect(record.status).to.equal('partial');
    expect(events).to.deep.equal(['result running', 'progress 1/2', 'result partial']);
  });

  it('refuses two jobs with one name and a trigger of an unknown job', async () => {
    const { registry } = setup({ now: '2026-11-25T01:00:00Z' });
    expect(() =>
      registry.add({
        ...daily('forecast'),
        run: async () => ({ total: 0, done: 0, errors: [] }),
      }),
    ).to.throw(/in the table already/);
    try {
      await registry.trigger('nope', 'manual');
      expect.fail('should have thrown');
    } catch (error) {
      expect((error as { code: string }).code).to.equal('JOB_NOT_FOUND');
    }
  });

  describe('rows added, replaced and removed at run time', () => {
    /** Keeps what each schedule call got, and whether its task was stopped or removed. */
    class RecordingScheduler implements Scheduler {
      readonly tasks: { name: string; cron: string; ended: 'stopped' | 'removed' | null }[] = [];
      schedule(name: string, schedule: { cron: string }) {
        const task = { name, cron: schedule.cron, ended: null as 'stopped' | 'removed' | null };
        this.tasks.push(task);
        return { stop: () => void (task.ended = 'stopped'), remove: () => void (task.ended = 'removed') };
      }
    }

    it('schedules a row added after start, arms a replaced one anew, and removes a deleted one for every instance', async () => {
      const scheduler = new RecordingScheduler();
      const registry = new JobRegistry({
        clock: new ManualClock(at('2026-11-25T01:00:00Z')),
        runLog: new MemoryRunLog(),
        publisher: silentPublisher,
        logger,
        scheduler,
      });
      await registry.start();
      const weekly = (cron: string): JobDefinition => ({
        name: 'report:weekly',
        schedule: { cron, timezone: 'Europe/Berlin' },
        since: at('2026-11-25T01:00:00Z'),
        options: noOptions('report:weekly'),
        run: async () => ({ total: 1, done: 1, errors: [] }),
      });
      registry.add(weekly('0 8 * * 1'));
      registry.put(weekly('0 9 * * 1'));
      expect(registry.list().map((r) => [r.name, r.cron, new Date(r.nextRun!).toISOString()])).to.deep.equal([
        ['report:weekly', '0 9 * * 1', '2026-11-30T08:00:00.000Z'],
      ]);
      expect(registry.remove('report:weekly')).to.equal(true);
      expect(scheduler.tasks).to.deep.equal([
        { name: 'report:weekly', cron: '0 8 * * 1', ended: 'stopped' },
        { name: 'report:weekly', cron: '0 9 * * 1', ended: 'removed' },
      ]);
      expect(registry.list()).to.deep.equal([]);
      await registry.stop();
    });

    it('catches up a row that says since when it exists only for slots after that', async () => {
      const cases: { since: string; completed: string | null; runs: string[] }[] = [
        // Defined after the slot that is due now: nothing to catch up, and no first run either.
        { since: '2026-11-24T23:00:00Z', completed: null, runs: [] },
        // Defined before it, never completed: that slot, late.
        { since: '2026-11-20T00:00:00Z', completed: null, runs: ['catch-up 2026-11-24T22:30:00.000Z'] },
        { since: '2026-11-20T00:00:00Z', completed: '2026-11-24T22:30:00Z', runs: [] },
      ];
      for (const c of cases) {
        const { registry, calls } = setup({ now: '2026-11-25T01:00:00Z', completedSlot: c.completed, since: c.since });
        await registry.start();
        await registry.idle();
        expect(
          calls.map((x) => `${x.trigger} ${new Date(x.slot!).toISOString()}`),
          JSON.stringify(c),
        ).to.deep.equal(c.runs);
        await registry.stop();
      }
    });
  });

  describe('run options', () => {
    it("parses a manual run's query with the row's own options, and refuses what it does not take, naming it", async () => {
      const { registry } = setup({ now: '2026-11-25T01:00:00Z' });
      try {
        await registry.trigger('forecast', 'manual', { query: { everything: 'yes' } });
        expect.fail('accepted');
      } catch (error) {
        expect(error).to.include({ status: 400, code: 'INVALID_PARAMETER' });
        expect((error as { details: unknown }).details).to.deep.equal({ field: 'everything' });
      }
      const seen: unknown[] = [];
      const registry2 = new JobRegistry({
        clock: new ManualClock(at('2026-11-25T01:00:00Z')),
        runLog: new MemoryRunLog(),
        publisher: silentPublisher,
        logger,
        scheduler: new HandScheduler(),
      });
      const job: JobDefinition<{ full: boolean }> = {
        name: 'refit',
        schedule: null,
        options: (query) => ({ full: query['full'] === 'true' }),
        run: async (ctx) => (seen.push(ctx.options), { total: 0, done: 0, errors: [] }),
      };
      const handle = registry2.add(job);
      await registry2.trigger('refit', 'manual', { query: { full: 'true' } });
      await handle.run('ingest', { full: false });
      await registry2.trigger('refit', 'manual');
      expect(seen).to.deep.equal([{ full: true }, { full: false }, { full: false }]);
      expect(registry2.list()[0]).to.include({ cron: null, timezone: null, nextRun: null });
    });
  });

  it('begins a run and answers before it ends, keeps it in view of idle(), and tells listeners when it finished', async () => {
    const hold = deferred();
    const { registry } = setup({
      now: '2026-11-25T01:00:00Z',
      run: async () => (await hold.promise, { total: 1, done: 1, errors: [] }),
    });
    const finished: string[] = [];
    registry.onFinished((r) => finished.push(`${r.trigger} ${r.status}`));
    const { record, done } = await registry.begin('forecast', 'manual');
    expect(record.status).to.equal('running');
    expect(registry.list()[0]!.running!.id).to.equal(record.id);
    const idle = registry.idle();
    expect((await registry.trigger('forecast', 'manual')).status).to.equal('skipped');
    hold.resolve();
    await idle;
    expect((await done).status).to.equal('ok');
    expect(finished).to.deep.equal(['manual skipped', 'manual ok']);
  });
});
