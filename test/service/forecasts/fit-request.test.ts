import { expect } from 'chai';
import { FitRequests } from '../../../service/forecasts/fit-request.js';
import type { SeriesMeta } from '../../../ingest/store-port.js';

const meta = (id: string, entity: string): SeriesMeta => ({
  id,
  metric: 'nev_sales',
  entity,
  unit: 'units',
  name: id,
  createdAt: 0,
});

/** The market (five seasonal years) and two makers with 16 months each, too few for a season of their own. */
const metas = [meta('china_sales', 'china'), meta('maker_a', 'a'), meta('maker_b', 'b')];
const market = Array.from({ length: 60 }, (_, t) => 100_000 * (1 + 0.3 * Math.cos((2 * Math.PI * t) / 12)));
const maker = Array.from({ length: 16 }, (_, t) => 5_000 + 100 * t);

function setup() {
  const reads: string[] = [];
  const reader = {
    monthlyValues(id: string) {
      reads.push(id);
      const m = metas.find((x) => x.id === id)!;
      const values = id === 'china_sales' ? market : maker;
      return Promise.resolve({ meta: m, start: id === 'china_sales' ? '2021-01' : '2024-09', values, totals: [] });
    },
  };
  const catalog = { list: () => metas, size: () => metas.length };
  return { reads, requests: new FitRequests(reader, catalog, 'china') };
}

describe('service/forecasts/fit-request', () => {
  it("reads the market series once for all of a run's borrowing series, and again in the next run", async () => {
    const { reads, requests: fits } = setup();
    const run = {};
    const [a, b] = await Promise.all([fits.of('maker_a', run), fits.of('maker_b', run)]);
    expect(a.related?.name).to.equal('china_sales');
    expect(b.related?.values).to.deep.equal(market);
    expect(reads.filter((id) => id === 'china_sales')).to.have.length(1);
    await fits.of('maker_a', {});
    expect(reads.filter((id) => id === 'china_sales')).to.have.length(2);
  });

  it('reads the market series for every request outside a run', async () => {
    const { reads, requests: fits } = setup();
    await fits.of('maker_a');
    await fits.of('maker_b');
    expect(reads.filter((id) => id === 'china_sales')).to.have.length(2);
  });
});
