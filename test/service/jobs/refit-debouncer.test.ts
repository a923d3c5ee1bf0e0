import { expect } from 'chai';
import type { RunRecord } from '../../../service/contract/index.js';
import { RefitDebouncer } from '../../../service/jobs/refit-debouncer.js';
import type { Scope } from '../../../service/jobs/refit-job.js';
import { ManualClock } from './manual-clock.js';

const record = (status: RunRecord['status']): RunRecord => ({
  id: 'r',
  job: 'forecast',
  trigger: 'ingest',
  status,
  slot: null,
  startedAt: new Date(0).toISOString(),
  finishedAt: null,
  durationMs: null,
  seriesTotal: 0,
  seriesFitted: 0,
  errors: [],
  message: '',
  version: null,
});

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(answers: RunRecord['status'][]) {
  const clock = new ManualClock(0);
  const scopes: Record<string, string[]>[] = [];
  const debouncer = new RefitDebouncer({
    delayMs: 2000,
    timers: clock,
    refit: async (scope: Scope) => {
      scopes.push(Object.fromEntries([...scope].map(([k, v]) => [k, [...v]])));
      return record(answers.shift() ?? 'ok');
    },
  });
  return { clock, scopes, debouncer };
}

describe('service/jobs/refit-debouncer', () => {
  it('re-fits once, after the ingests have been quiet for the delay, with every changed month', async () => {
    const { clock, scopes, debouncer } = setup([]);
    debouncer.add('a', ['2024-02']);
    clock.advance(1500);
    debouncer.add('a', ['2024-01']);
    debouncer.add('b', ['2024-05']);
    clock.advance(1999);
    expect(scopes).to.have.length(0);
    clock.advance(1);
    await flush();
    expect(scopes).to.deep.equal([{ a: ['2024-01', '2024-02'], b: ['2024-05'] }]);
    expect(debouncer.pendingSeries()).to.deep.equal([]);
  });

  it('re-fits at the latest maxWait after the first change when figures never stop coming', async () => {
    const { clock, scopes, debouncer } = setup([]);
    for (let t = 0; t < 30_000; t += 1000) {
      debouncer.add('a', [`2024-${String(((t / 1000) % 12) + 1).padStart(2, '0')}`]);
      clock.advance(1000);
    }
    await flush();
    expect(scopes).to.have.length(1);
    expect(Object.keys(scopes[0]!)).to.deep.equal(['a']);
    expect(scopes[0]!['a']).to.have.length(12);
  });

  it('keeps the series of a skipped re-fit and tries again after the delay', async () => {
    const { clock, scopes, debouncer } = setup(['skipped', 'ok']);
    debouncer.add('a', ['2024-03']);
    clock.advance(2000);
    await flush();
    expect(debouncer.pendingSeries()).to.deep.equal(['a']);
    // The retry's quiet-time timer and its max-wait deadline.
    expect(clock.pending()).to.equal(2);
    clock.advance(2000);
    await flush();
    expect(scopes).to.deep.equal([{ a: ['2024-03'] }, { a: ['2024-03'] }]);
    expect(debouncer.pendingSeries()).to.deep.equal([]);
  });

  it('holds changes that arrive during its own re-fit for one follow-up run, without skipped runs', async () => {
    const clock = new ManualClock(0);
    const scopes: string[][] = [];
    const ends: ((record: RunRecord) => void)[] = [];
    const debouncer = new RefitDebouncer({
      delayMs: 2000,
      timers: clock,
      refit: (scope) => {
        scopes.push([...scope.keys()]);
        return new Promise<RunRecord>((resolve) => ends.push(resolve));
      },
    });
    debouncer.add('a', ['2024-03']);
    clock.advance(2000);
    await flush();
    for (const id of ['b', 'c', 'b']) {
      debouncer.add(id, ['2024-04']);
      clock.advance(30_000);
      await flush();
    }
    expect(scopes).to.deep.equal([['a']]);
    expect(debouncer.pendingSeries()).to.deep.equal(['b', 'c']);
    ends.shift()!(record('ok'));
    await flush();
    expect(scopes).to.deep.equal([['a'], ['b', 'c']]);
    ends.shift()!(record('ok'));
    await debouncer.stop();
  });

  it('waits for a run the schedule or a person started, then re-fits what changed meanwhile', async () => {
    const clock = new ManualClock(0);
    const scopes: string[][] = [];
    let endScheduled!: () => void;
    let scheduled: Promise<void> | null = new Promise<void>((resolve) => (endScheduled = resolve));
    const debouncer = new RefitDebouncer({
      delayMs: 2000,
      timers: clock,
      refit: async (scope) => (scopes.push([...scope.keys()]), record('ok')),
      inProgress: () => scheduled,
    });
    debouncer.add('a', ['2024-03']);
    clock.advance(2000);
    debouncer.add('b', ['2024-03']);
    clock.advance(60_000);
    await flush();
    expect(scopes).to.deep.equal([]);
    scheduled = null;
    endScheduled();
    await flush();
    expect(scopes).to.deep.equal([['a', 'b']]);
    expect(debouncer.pendingSeries()).to.deep.equal([]);
  });

  it('does not retry a failed re-fit (the run record says why) and stops cleanly', async () => {
    const { clock, scopes, debouncer } = setup(['failed']);
    debouncer.add('a', ['2024-03']);
    clock.advance(2000);
    await flush();
    expect(clock.pending()).to.equal(0);
    debouncer.add('b', ['2024-04']);
    await debouncer.stop();
    clock.advance(10_000);
    expect(scopes).to.have.length(1);
  });
});
