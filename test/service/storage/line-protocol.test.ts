import { expect } from 'chai';
import type { InfluxDB } from 'influx';
import { connectInflux, InfluxSeriesStore } from '../../../service/storage/influx-store.js';
import { escapeTag, pointLine, quoteString } from '../../../service/storage/line-protocol.js';
import { InfluxLineWriter } from '../../../service/storage/line-writer.js';
import { StoreError } from '../../../service/storage/store-error.js';
import type { Figure } from '../../../ingest/figure.js';
import type { SeriesMeta } from '../../../ingest/store-port.js';
import { createTestDatabase } from '../../support/influxd.js';

/** Texts that line protocol gives a meaning to, each where a tag value or a string field holds it. */
const AWKWARD = [
  'plain',
  'two words',
  'a,comma',
  'key=value',
  'say "hello"',
  'ends in a backslash\\',
  'a \\" backslash before a quote',
  "it\\'s",
  ' leading and trailing ',
  '=,"\\ all at once',
  '蔚来 NIO, Inc.',
  'line one\nline two',
];

describe('line-protocol', () => {
  const escapes: [string, string, string][] = [
    // text, as a tag, as a string field
    ['plain', 'plain', '"plain"'],
    ['two words', 'two\\ words', '"two words"'],
    ['a,b=c', 'a\\,b\\=c', '"a,b=c"'],
    ['say "hi"', 'say\\ "hi"', '"say \\"hi\\""'],
    ['back\\slash', 'back\\slash', '"back\\\\slash"'],
  ];
  for (const [text, tag, field] of escapes) {
    it(`escapes ${JSON.stringify(text)} as a tag (${tag}) and as a string field (${field})`, () => {
      expect(escapeTag(text)).to.equal(tag);
      expect(quoteString(text)).to.equal(field);
    });
  }

  it('writes tags and fields sorted by key, numbers as floats and booleans as words', () => {
    expect(pointLine('m x', { b: '2', a: 'one one' }, { z: 1.5, y: true, x: 'q', w: 1700000000000 }, 60)).to.equal(
      'm\\ x,a=one\\ one,b=2 w=1700000000000,x="q",y=true,z=1.5 60',
    );
  });

  describe('through InfluxDB', () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    let client: InfluxDB;
    let writer: InfluxLineWriter;
    let store: InfluxSeriesStore;

    before(async () => {
      db = await createTestDatabase();
      client = await connectInflux({ url: db.url, database: db.database });
      writer = new InfluxLineWriter({ url: db.url, database: db.database });
      store = new InfluxSeriesStore(client, writer);
    });
    after(async () => {
      writer.close();
      await db.drop();
    });

    it('stores awkward tag values and string fields exactly as given', async () => {
      const metas: SeriesMeta[] = AWKWARD.map((text, i) => ({
        id: `s${i}`,
        metric: text.replace('\n', ' ').replace(/\\/g, '/'),
        entity: `entity ${text}`.replace('\n', ' ').replace(/\\/g, '/'),
        unit: text,
        name: text,
        createdAt: 1700000000000 + i,
      }));
      const figures: Figure[] = AWKWARD.map((text, i) => ({
        series: `s${i}`,
        month: '2024-01',
        kind: 'monthly',
        sourceKey: `k${i}`,
        value: 1000.5 + i,
        source: text,
        quote: `${text} ${text}`,
        yoyPctStated: i % 2 ? -3.25 : null,
        ingestedAt: 1700000000123,
        firstIngestedAt: 1700000000000 - i,
        live: i % 2 === 0,
        batch: `batch ${text}`,
      }));
      const byId = new Map(metas.map((m) => [m.id, m]));
      await store.putSeries(metas);
      await store.writeFigures(figures, (id) => byId.get(id)!);
      const series = await store.listSeries(metas.map((m) => m.id));
      expect(new Map(series.map((m) => [m.id, m]))).to.deep.equal(byId);
      const stored = await store.readFigures({ series: metas.map((m) => m.id) });
      expect(stored.sort((a, b) => Number(a.series.slice(1)) - Number(b.series.slice(1)))).to.deep.equal(figures);
      const withMetric = await store.readFigures({ metric: metas[9]!.metric });
      expect(withMetric.map((f) => f.series)).to.deep.equal(['s9']);
    });

    it('stores revisions with awkward sources', async () => {
      const revisions = AWKWARD.map((text, i) => ({
        series: 'r1',
        month: `2023-${String(i + 1).padStart(2, '0')}`,
        kind: 'monthly' as const,
        sourceKey: 'k',
        source: text,
        previousValue: 1,
        value: 2.5,
        changedAt: 1700000000000 + i,
        previousBatch: `old ${text}`,
        batch: `new ${text}`,
      }));
      await store.writeRevisions(revisions);
      expect(await store.readRevisions('r1')).to.deep.equal(revisions);
    });

    it('refuses a line InfluxDB cannot read as not retriable, quoting its answer', async () => {
      const error = await writer.write('report value=1 notatime', 's').then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(StoreError);
      expect((error as StoreError).retriable).to.equal(false);
      expect((error as StoreError).message).to.match(/^InfluxDB write failed: 400 .*unable to parse/);
    });

    it('reports an InfluxDB it cannot reach as retriable', async () => {
      const unreachable = new InfluxLineWriter({ url: 'http://127.0.0.1:9', database: db.database, timeoutMs: 2000 });
      try {
        const error = await unreachable.write('report value=1 0', 's').then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(StoreError);
        expect((error as StoreError).retriable).to.equal(true);
      } finally {
        unreachable.close();
      }
    });
  });
});
