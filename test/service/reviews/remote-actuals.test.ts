import { expect } from 'chai';
import { createLogger } from '../../../service/logger.js';
import { remoteActuals } from '../../../service/reviews/remote-actuals.js';

/** A review store whose reloads end when the test says, and a record of what happened in which order. */
function harness(failing = false) {
  const events: string[] = [];
  const reloads: (() => void)[] = [];
  const told = remoteActuals({
    reviews: {
      reload: () =>
        new Promise<void>((resolve, reject) => {
          events.push('reload');
          reloads.push(() => (failing ? reject(new Error('influxdb down')) : resolve()));
        }),
    },
    actualsChanged: (series) => events.push(`overview ${series.join(',')}`),
    logger: createLogger('silent'),
  });
  const finishReload = async () => {
    reloads.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { events, told, finishReload };
}

describe('service/reviews/remote-actuals', () => {
  it("reads the reviews again before the overview reads another instance's series", async () => {
    const { events, told, finishReload } = harness();
    told('a');
    expect(events).to.deep.equal(['reload']);
    await finishReload();
    expect(events).to.deep.equal(['reload', 'overview a']);
  });

  it('takes the changes that arrive during a read together, after one more read', async () => {
    const { events, told, finishReload } = harness();
    told('a');
    told('b');
    told('c');
    told('b');
    expect(events).to.deep.equal(['reload']);
    await finishReload();
    expect(events).to.deep.equal(['reload', 'overview a', 'reload']);
    await finishReload();
    expect(events).to.deep.equal(['reload', 'overview a', 'reload', 'overview b,c']);
    told('d');
    expect(events.at(-1)).to.equal('reload');
  });

  it('still refreshes the overview when the reviews cannot be read', async () => {
    const { events, told, finishReload } = harness(true);
    told('a');
    await finishReload();
    expect(events).to.deep.equal(['reload', 'overview a']);
  });
});
