import { expect } from 'chai';
import { reconcile, type ReconcileContext } from '../../ingest/reconcile.js';
import { figureKey, sourceKeyOf, type Figure } from '../../ingest/figure.js';
import type { Observation } from '../../ingest/types.js';

const obs = (value: number, extra: Partial<Observation> = {}): Observation => ({
  row: 2,
  series: 's',
  month: '2024-06',
  value,
  kind: 'monthly',
  source: 'src',
  ...extra,
});
function stored(value: number, batch = 'old'): Map<string, Figure> {
  const r: Figure = {
    series: 's',
    month: '2024-06',
    kind: 'monthly',
    sourceKey: sourceKeyOf('src'),
    value,
    source: 'src',
    quote: '',
    yoyPctStated: null,
    ingestedAt: 1,
    firstIngestedAt: 1,
    live: true,
    batch,
  };
  return new Map([[figureKey(r), r]]);
}

/** A reconcile lookup into figures held by their keys. */
function storedIn(map: Map<string, Figure>): ReconcileContext['stored'] {
  return (series, month, kind, sourceKey) => map.get(figureKey({ series, month, kind, sourceKey }));
}

describe('reconcile', () => {
  it('inserts a figure that has none stored yet', () => {
    const r = reconcile([obs(5)], { stored: () => undefined, batch: 'b', now: 10 });
    expect(r).to.deep.include({ inserted: 1, unchanged: 0, restated: 0 });
    expect(r.writes[0]).to.include({ value: 5, ingestedAt: 10, batch: 'b' });
  });

  it('changes nothing for an identical figure', () => {
    const map = stored(5);
    const r = reconcile([obs(5)], { stored: storedIn(map), batch: 'b', now: 10 });
    expect(r).to.deep.include({ inserted: 0, unchanged: 1, restated: 0 });
    expect(r.writes).to.deep.equal([]);
  });

  it('restates a new value from the same source and keeps the old one as a revision', () => {
    const map = stored(5);
    const r = reconcile([obs(6)], { stored: storedIn(map), batch: 'b', now: 10 });
    expect(r.restated).to.equal(1);
    expect(r.revisions[0]).to.include({ previousValue: 5, value: 6, changedAt: 10, previousBatch: 'old', batch: 'b' });
    expect(r.writes[0]).to.include({ value: 6, quote: '', source: 'src' });
  });

  it('keeps the first arrival of a restated figure: its time and whether it was live', () => {
    const map = stored(5);
    const r = reconcile([obs(6)], { stored: storedIn(map), batch: 'b', now: 10, live: false });
    expect(r.writes[0]).to.include({ value: 6, ingestedAt: 10, firstIngestedAt: 1, live: true });
  });

  it('keeps the first arrival of a figure whose quote is corrected', () => {
    const map = stored(5);
    const r = reconcile([obs(5, { quote: 'better' })], { stored: storedIn(map), batch: 'b', now: 10 });
    expect(r.writes[0]).to.include({ quote: 'better', ingestedAt: 1, firstIngestedAt: 1 });
  });

  it('stamps a new figure with its arrival, live unless the batch is a bulk load', () => {
    const live = reconcile([obs(5)], { stored: () => undefined, batch: 'b', now: 10 });
    const bulk = reconcile([obs(5)], { stored: () => undefined, batch: 'b', now: 10, live: false });
    expect(live.writes[0]).to.include({ firstIngestedAt: 10, live: true });
    expect(bulk.writes[0]).to.include({ firstIngestedAt: 10, live: false });
  });

  it('refuses two different values for the same month and source in one batch, naming the row', () => {
    const r = reconcile([obs(5, { row: 2 }), obs(6, { row: 3 })], { stored: () => undefined, batch: 'b', now: 10 });
    expect(r.inserted).to.equal(1);
    expect(r.errors).to.have.length(1);
    expect(r.errors[0]).to.include({ row: 3, code: 'DUPLICATE_IN_BATCH', field: 'value' });
  });

  it('keeps figures from different sources apart', () => {
    const r = reconcile([obs(5, { source: 'a' }), obs(6, { source: 'b' })], {
      stored: () => undefined,
      batch: 'b',
      now: 10,
    });
    expect(r.inserted).to.equal(2);
    expect(r.errors).to.deep.equal([]);
  });

  it('with a record hook, sees an earlier observation of the call through the lookup it is given', () => {
    const held = new Map<string, Figure>();
    const r = reconcile([obs(5, { row: 2 }), obs(5, { row: 3 }), obs(6, { row: 4 })], {
      stored: storedIn(held),
      record: (f) => held.set(figureKey(f), f),
      batch: 'b',
      now: 10,
    });
    expect(r).to.deep.include({ inserted: 1, unchanged: 1 });
    expect(r.errors.map((e) => e.row)).to.deep.equal([4]);
    expect([...held.values()].map((f) => f.value)).to.deep.equal([5]);
  });
});
