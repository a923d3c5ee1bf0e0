import { expect } from 'chai';
import { AlertRuleSchema } from '../../../alerting/rules.js';
import type { Transition } from '../../../alerting/state-machine.js';
import type { ForecastBand } from '../../../alerting/surprise.js';
import type { SeriesMeta } from '../../../ingest/store-port.js';
import { AlertFacts } from '../../../service/alerts/alert-facts.js';
import type { AlertStore, StateWrite } from '../../../service/alerts/alert-store.js';
import { AlertEvaluator } from '../../../service/alerts/evaluator.js';
import { createLogger } from '../../../service/logger.js';
import { monthlyFigure } from '../../support/figure.js';
import { RecordingNotifier } from './alert-service.js';

const meta: SeriesMeta = { id: 's', name: 'S', metric: 'sales', entity: 's', unit: 'units', createdAt: 0 };
const band: ForecastBand = { run: 'r1', point: 100, lo80: 90, hi80: 110, lo95: 80, hi95: 120 };

const figure = (month: string, value: number) => monthlyFigure('s', month, value);

/** An alert store in memory whose writes fail while `down`, as InfluxDB refusing them would. */
class FlakyStore {
  down = false;
  readonly states = new Map<string, StateWrite>();
  readonly transitions: Transition[] = [];
  async load() {
    return [];
  }
  async write(states: readonly StateWrite[], transitions: readonly Transition[]): Promise<void> {
    if (this.down) throw new Error('store down');
    this.transitions.push(...transitions);
    for (const w of states) this.states.set('state' in w ? w.state.id : w.gone.id, w);
  }
  async history() {
    return [];
  }
}

describe('alert evaluator: states stored behind the evaluations', () => {
  async function evaluator(store: FlakyStore, notifier: RecordingNotifier) {
    const facts = new AlertFacts(null as never, null as never, { get: () => meta, size: () => 1 });
    facts.bandsBefore = async () => new Map([['s', new Map([['2025-01', band]])]]);
    return AlertEvaluator.load({
      store: store as unknown as AlertStore,
      facts,
      notifier,
      rules: () => [AlertRuleSchema.parse({ id: 'surprise', kind: 'surprise', series: 'all' })],
      series: { list: () => [meta], get: () => meta },
      clock: { now: () => Date.parse('2025-02-10T00:00:00Z') },
      logger: createLogger('silent'),
    });
  }
  const surprise = (value: number) => ({
    batch: `b${value}`,
    months: new Map([['s', ['2025-01']]]),
    figures: new Map([['s', [figure('2025-01', value)]]]),
    unread: new Set(['s']),
  });

  it('takes a state as current once handed over, and stores it with the next write when its own failed', async () => {
    const store = new FlakyStore();
    const notifier = new RecordingNotifier();
    const alerts = await evaluator(store, notifier);
    store.down = true;
    alerts.noteStored(surprise(200));
    await alerts.idle();
    expect(notifier.changes()).to.have.length(1);
    expect(alerts.alerts().map((a) => a.status)).to.deep.equal(['firing']);
    expect(store.states.size, 'nothing stored while the store is down').to.equal(0);

    store.down = false;
    await alerts.sweep();
    expect([...store.states.values()].map((w) => ('state' in w ? w.state.status : 'gone'))).to.deep.equal(['firing']);
    expect(store.transitions.map((t) => t.change)).to.deep.equal(['fired']);
  });

  it('stores an acknowledgement after the state before it, and refuses one it could not store', async () => {
    const store = new FlakyStore();
    const alerts = await evaluator(store, new RecordingNotifier());
    alerts.noteStored(surprise(200));
    await alerts.idle();
    const [alert] = alerts.alerts();

    store.down = true;
    let refused: unknown = null;
    await alerts.acknowledge(alert!.id, 'ops').catch((e: unknown) => (refused = e));
    expect(refused).to.be.instanceOf(Error);
    store.down = false;
    await alerts.close();
    const w = store.states.get(alert!.id)!;
    expect('ack' in w && w.ack, 'the failed acknowledgement is not written later').to.equal(null);

    await alerts.acknowledge(alert!.id, 'ops');
    const acked = store.states.get(alert!.id)!;
    expect('ack' in acked && acked.ack?.by).to.equal('ops');
  });
});
