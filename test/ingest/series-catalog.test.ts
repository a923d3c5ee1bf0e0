import { expect } from 'chai';
import { SeriesCatalog } from '../../ingest/series-catalog.js';
import type { SeriesMeta, SeriesStore } from '../../ingest/store-port.js';

const meta = (id: string): SeriesMeta => ({ id, metric: 'sales', entity: id, unit: 'units', name: id, createdAt: 0 });

/** A store holding one series that the catalog did not see at load, and counting the lookups by id. */
function storeWithLateSeries(): { store: SeriesStore; lookups: string[][] } {
  const lookups: string[][] = [];
  let loaded = false;
  const store = {
    listSeries: async (ids?: readonly string[]) => {
      if (!ids) return loaded ? [meta('late')] : ((loaded = true), []);
      lookups.push([...ids]);
      return ids.includes('late') ? [meta('late')] : [];
    },
  } as unknown as SeriesStore;
  return { store, lookups };
}

describe('series-catalog', () => {
  it('asks the store about series it does not know, so that one created elsewhere keeps its unit', async () => {
    const { store, lookups } = storeWithLateSeries();
    const catalog = await SeriesCatalog.load(store);
    await catalog.fetchUnknown(['late', 'new']);
    expect(lookups).to.deep.equal([['late', 'new']]);
    expect(catalog.get('late')?.unit).to.equal('units');
  });

  it('as the one writer, asks nothing: a series it does not know does not exist', async () => {
    const { store, lookups } = storeWithLateSeries();
    const catalog = await SeriesCatalog.load(store, { soleWriter: true });
    await catalog.fetchUnknown(['late', 'new']);
    expect(lookups).to.deep.equal([]);
    expect(catalog.get('late')).to.equal(undefined);
    // A full re-read (the overview's rebuild, the series list) still finds it.
    await catalog.refresh();
    expect(catalog.get('late')?.unit).to.equal('units');
  });
});
