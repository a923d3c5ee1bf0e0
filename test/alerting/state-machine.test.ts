import { expect } from 'chai';
import { advance, step, type AlertState, type Condition, type Timing } from '../../alerting/state-machine.js';

const key = { rule: 'r', series: 's', month: '2024-11' };
const MIN = 60_000;
const cond = (severity: 'warning' | 'critical' = 'warning', summary = 'x'): Condition => ({
  severity,
  summary,
  details: { kind: 'threshold', measure: 'value', op: '<', bound: 1, observed: 0 },
});
const now0: Timing = { pendingMs: 0, flapMs: 0 };

/** Runs conditions through the machine at the given times; returns the changes and the last state. */
function run(timing: Timing, events: [number, Condition | null][], start: AlertState | null = null) {
  let state = start;
  const changes: string[] = [];
  const ids: string[] = [];
  for (const [at, c] of events) {
    const s = step(state, key, c, at, timing);
    for (const t of s.transitions) {
      changes.push(t.change);
      ids.push(t.id);
    }
    state = s.state;
  }
  return { state, changes, ids };
}

describe('alerting/state-machine', () => {
  it('fires at once without a pending period, with the alert id <rule>|<series>|<month>', () => {
    const { state, changes } = run(now0, [[1, cond()]]);
    expect(changes).to.deep.equal(['fired']);
    expect(state).to.include({ id: 'r|s|2024-11', status: 'firing', since: 1, kind: 'threshold' });
  });

  it('stays inactive, with no record, while the condition does not hold', () => {
    const s = step(null, key, null, 1, now0);
    expect(s).to.deep.equal({ state: null, transitions: [], changed: false });
  });

  it('goes pending first with a pending period and fires once the condition has held that long', () => {
    const timing = { pendingMs: 10 * MIN, flapMs: 0 };
    const { state, changes } = run(timing, [
      [0, cond()],
      [5 * MIN, cond()],
    ]);
    expect(changes).to.deep.equal([]);
    expect(state?.status).to.equal('pending');
    const fired = run(timing, [[10 * MIN, cond()]], state);
    expect(fired.changes).to.deep.equal(['fired']);
    expect(fired.state).to.include({ status: 'firing', since: 0 });
  });

  it('lets time alone fire a pending alert (the sweep)', () => {
    const timing = { pendingMs: 10 * MIN, flapMs: 0 };
    const pending = step(null, key, cond(), 0, timing).state!;
    expect(advance(pending, 9 * MIN, timing).transitions).to.deep.equal([]);
    expect(advance(pending, 10 * MIN, timing).transitions.map((t) => t.change)).to.deep.equal(['fired']);
  });

  it('drops a pending alert whose condition clears before its period, without a word', () => {
    const timing = { pendingMs: 10 * MIN, flapMs: 0 };
    const { state, changes } = run(timing, [
      [0, cond()],
      [MIN, null],
    ]);
    expect(changes).to.deep.equal([]);
    expect(state).to.equal(null);
  });

  it('escalates and deescalates a firing alert as one transition each', () => {
    const { changes, state } = run(now0, [
      [1, cond('warning')],
      [2, cond('critical')],
      [3, cond('critical')],
      [4, cond('warning')],
    ]);
    expect(changes).to.deep.equal(['fired', 'escalated', 'deescalated']);
    expect(state).to.include({ severity: 'warning', since: 1, status: 'firing' });
  });

  it('resolves when the condition clears, and fires again as a new episode when it returns', () => {
    const { changes, state, ids } = run(now0, [
      [1, cond()],
      [2, null],
      [3, null],
      [4, cond()],
    ]);
    expect(changes).to.deep.equal(['fired', 'resolved', 'fired']);
    expect(state).to.include({ status: 'firing', since: 4, resolvedAt: null });
    expect(new Set(ids).size).to.equal(3);
  });

  it('notifies a fire, clear, fire within the flap window once', () => {
    const timing = { pendingMs: 0, flapMs: 30 * MIN };
    const { changes, state } = run(timing, [
      [0, cond()],
      [MIN, null],
      [10 * MIN, cond()],
      [11 * MIN, null],
    ]);
    expect(changes).to.deep.equal(['fired']);
    expect(state).to.include({ status: 'firing', clearSince: 11 * MIN });
    // Clear for the whole window: resolved, by the sweep.
    expect(advance(state!, 40 * MIN, timing).transitions.map((t) => t.change)).to.deep.equal([]);
    expect(advance(state!, 41 * MIN, timing).transitions.map((t) => t.change)).to.deep.equal(['resolved']);
  });

  it('gives the same transition id when the same state is evaluated again (after a crash)', () => {
    const fired = step(null, key, cond(), 1, now0);
    const again = step(null, key, cond(), 5, now0);
    expect(fired.transitions[0]!.id).to.equal(again.transitions[0]!.id);
    const resolved = step(fired.state, key, null, 6, now0);
    expect(resolved.transitions[0]!.id).to.not.equal(fired.transitions[0]!.id);
  });

  it('records a changed description of a firing alert without a transition', () => {
    const fired = step(null, key, cond('warning', 'a'), 1, now0).state;
    const s = step(fired, key, cond('warning', 'b'), 2, now0);
    expect(s).to.deep.include({ changed: true, transitions: [] });
    expect(s.state?.summary).to.equal('b');
    expect(step(s.state, key, cond('warning', 'b'), 3, now0).changed).to.equal(false);
  });
});
