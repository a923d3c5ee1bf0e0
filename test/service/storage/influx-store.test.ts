import { expect } from 'chai';
import type { InfluxDB } from 'influx';
import { connectInflux, InfluxSeriesStore } from '../../../service/storage/influx-store.js';
import { InfluxLineWriter } from '../../../service/storage/line-writer.js';
import { SERIES_PER_QUERY } from '../../../service/storage/series-groups.js';
import type { Figure } from '../../../ingest/figure.js';
import type { SeriesMeta } from '../../../ingest/store-port.js';
import { createTestDatabase } from '../../support/influxd.js';

const meta = (id: string): SeriesMeta => ({ id, metric: 'm', entity: id, unit: 'units', name: id, createdAt: 1 });
const report = (series: string, month: string, value: number): Figure => ({
  series,
  month,
  kind: 'monthly',
  sourceKey: 'none',
  value,
  source: '',
  quote: '',
  yoyPctStated: null,
  ingestedAt: 1,
  firstIngestedAt: 1,
  live: false,
  batch: 'b',
});

/** Values built to break out of a quoted InfluxQL string; none of them names `bravo`. */
const HOSTILE = [
  `alpha' OR "series" =~ /^br/ OR "series" = '`,
  `alpha\\`,
  `\\`,
  `alpha\\' OR "series" =~ /.*/ OR "series" = '`,
  `' OR ''='`,
  `alpha" OR 1=1 --`,
];

describe('influx-store', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: InfluxDB;
  let store: InfluxSeriesStore;
  let writer: InfluxLineWriter;

  before(async () => {
    db = await createTestDatabase();
    client = await connectInflux({ url: db.url, database: db.database });
    writer = new InfluxLineWriter({ url: db.url, database: db.database });
    store = new InfluxSeriesStore(client, writer);
    await store.putSeries([meta('alpha'), meta('bravo')]);
    await store.writeFigures([report('alpha', '2024-01', 1), report('bravo', '2024-01', 2)], meta);
  });
  after(async () => {
    writer.close();
    await db.drop();
  });

  it('reads by series, by metric and by month range', async () => {
    expect((await store.readFigures({ series: ['alpha'] })).map((r) => r.value)).to.deep.equal([1]);
    expect((await store.readFigures({ metric: 'm' })).length).to.equal(2);
    expect(await store.readFigures({ series: ['alpha'], from: '2024-02' })).to.deep.equal([]);
    expect((await store.readFigures({ series: ['alpha'], from: '2024-01', to: '2024-01' })).length).to.equal(1);
  });

  it('reads and lists more series than one query names, in groups, missing none and adding none', async () => {
    const ids = Array.from({ length: SERIES_PER_QUERY * 2 + 7 }, (_, i) => `many_${String(i).padStart(3, '0')}`);
    await store.putSeries(ids.map(meta));
    await store.writeFigures(
      ids.map((id, i) => report(id, '2024-03', i)),
      meta,
    );
    const asked = [...ids.slice(1), 'alpha'];
    const read = await store.readFigures({ series: asked, from: '2024-01' });
    expect(read.map((f) => f.series).sort()).to.deep.equal([...asked].sort());
    expect((await store.listSeries(asked)).map((m) => m.id).sort()).to.deep.equal([...asked].sort());
  });

  it('rewrites every field of a restated report, so no old field survives', async () => {
    await store.writeFigures([{ ...report('alpha', '2024-03', 5), quote: 'old quote', yoyPctStated: 12 }], meta);
    await store.writeFigures([{ ...report('alpha', '2024-03', 6), quote: '', yoyPctStated: null }], meta);
    const [r] = await store.readFigures({ series: ['alpha'], from: '2024-03', to: '2024-03' });
    expect(r).to.include({ value: 6, quote: '', yoyPctStated: null });
  });

  it("keeps a figure's first arrival and whether it was live", async () => {
    await store.writeFigures(
      [{ ...report('alpha', '2024-04', 7), ingestedAt: 20, firstIngestedAt: 10, live: true }],
      meta,
    );
    const [r] = await store.readFigures({ series: ['alpha'], from: '2024-04', to: '2024-04' });
    expect(r).to.include({ ingestedAt: 20, firstIngestedAt: 10, live: true });
  });

  it('reads a figure stored before first arrivals were kept as arrived when stamped, not live', async () => {
    await client.writePoints([
      {
        measurement: 'report',
        tags: { series: 'bravo', metric: 'm', entity: 'bravo', kind: 'monthly', src: 'none' },
        fields: { value: 3, source: '', quote: '', yoy_pct_stated: 0, has_yoy: false, ingested_at: 42, batch: 'x' },
        timestamp: new Date('2023-05-01T00:00:00Z'),
      },
    ]);
    const [r] = await store.readFigures({ series: ['bravo'], from: '2023-05', to: '2023-05' });
    expect(r).to.include({ ingestedAt: 42, firstIngestedAt: 42, live: false });
  });

  for (const value of HOSTILE) {
    it(`binds ${JSON.stringify(value)} as a value: it matches no series`, async () => {
      expect(await store.readFigures({ series: [value] })).to.deep.equal([]);
      expect(await store.readFigures({ metric: value })).to.deep.equal([]);
      expect(await store.readRevisions(value)).to.deep.equal([]);
      expect(await store.listSeries([value])).to.deep.equal([]);
    });
  }

  it('binds two values that end in a backslash in one query (the case that defeats escape.stringLit)', async () => {
    const pair = ['alpha\\', ` OR "series" =~ /^br/ OR "series" = \\`];
    expect(await store.readFigures({ series: pair })).to.deep.equal([]);
    expect(await store.listSeries(pair)).to.deep.equal([]);
  });
});
