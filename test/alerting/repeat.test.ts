import { expect } from 'chai';
import { AlertBook } from '../../alerting/alert-book.js';
import { intervalMs, repeatDue } from '../../alerting/repeat.js';
import { parseRules, type AlertRule } from '../../alerting/rules.js';
import { step, type AlertState, type Condition } from '../../alerting/state-machine.js';

const HOUR = 3_600_000;
const cond: Condition = {
  severity: 'critical',
  summary: 'x',
  details: { kind: 'threshold', measure: 'value', op: '<', bound: 1, observed: 0 },
};
const loud = { acknowledged: false, silenced: false };
const fired = (at: number): AlertState =>
  step(null, { rule: 'r', series: 's', month: '2024-07' }, cond, at, { pendingMs: 0, flapMs: 0 }).state!;

function rule(repeatInterval?: string): AlertRule {
  const r = parseRules([
    { id: 'r', kind: 'threshold', settings: { measure: 'value', op: '<', bound: 1 }, repeatInterval },
  ]);
  if ('error' in r) throw new Error(r.error);
  return r.rules[0]!;
}

describe('alerting/repeat', () => {
  it('reads intervals in minutes, hours and days, and nothing else', () => {
    expect([intervalMs('30m'), intervalMs('4h'), intervalMs('1d')]).to.deep.equal([30 * 60_000, 4 * HOUR, 24 * HOUR]);
    for (const bad of ['4', '4 h', '0h', '1w', '-1h', '1.5h'])
      expect(Number.isNaN(intervalMs(bad)), bad).to.equal(true);
  });

  it('lets a rule set repeatInterval, off unless set, refusing one under a minute or over 31 days by name', () => {
    expect(rule().repeatInterval).to.equal(undefined);
    expect(rule('4h').repeatInterval).to.equal('4h');
    for (const bad of ['40d', 'often', '0m']) {
      const r = parseRules([{ id: 'r', kind: 'conflict', repeatInterval: bad }]);
      expect('error' in r && r.error, bad).to.match(/rule "r", field "repeatInterval": must be minutes, hours or days/);
    }
  });

  it('is due once the interval has passed since the channels last heard, not before', () => {
    const state = fired(0);
    expect(state.notifiedAt).to.equal(0);
    expect(repeatDue(state, 4 * HOUR, 4 * HOUR - 1, loud)).to.equal(false);
    expect(repeatDue(state, 4 * HOUR, 4 * HOUR, loud)).to.equal(true);
  });

  it('holds back for an acknowledgement, a silence, a pending or resolved alert, and one waiting out its flap window', () => {
    const state = fired(0);
    const late = 10 * HOUR;
    expect(repeatDue(state, HOUR, late, { acknowledged: true, silenced: false })).to.equal(false);
    expect(repeatDue(state, HOUR, late, { acknowledged: false, silenced: true })).to.equal(false);
    expect(repeatDue({ ...state, status: 'pending' }, HOUR, late, loud)).to.equal(false);
    expect(repeatDue({ ...state, status: 'resolved', notifiedAt: null }, HOUR, late, loud)).to.equal(false);
    expect(repeatDue({ ...state, clearSince: HOUR }, HOUR, late, loud)).to.equal(false);
  });

  it('makes each repeat a transition of its own id, counted from the repeat before it', () => {
    const book = new AlertBook([fired(0)]);
    const rules = new Map([['r', rule('4h')]]);
    expect(book.repeats(rules, 3 * HOUR, () => loud)).to.deep.equal([]);
    const first = book.repeats(rules, 4 * HOUR, () => loud);
    expect(first.flatMap((s) => s.step.transitions.map((t) => [t.id, t.change]))).to.deep.equal([
      ['r|s|2024-07#1', 'repeated'],
    ]);
    expect(first[0]!.step.state).to.include({ status: 'firing', notifiedAt: 4 * HOUR, seq: 2 });
    book.commit(first);
    expect(book.repeats(rules, 7 * HOUR, () => loud)).to.deep.equal([]);
    const second = book.repeats(rules, 8 * HOUR, () => loud);
    expect(second[0]!.step.transitions[0]!.id).to.equal('r|s|2024-07#2');
    expect(book.repeats(new Map([['r', rule()]]), 20 * HOUR, () => loud)).to.deep.equal([]);
  });
});
