import { expect } from 'chai';
import { SeriesFigures } from '../../ingest/series-figures.js';
import type { Figure } from '../../ingest/figure.js';
import { monthlyFigure } from '../support/figure.js';

const figure = (f: Partial<Figure> = {}): Figure => ({ ...monthlyFigure('s', '2024-01', 0), ...f });

describe('series-figures', () => {
  it('finds a figure by month, kind and source, and holds a later one of the same three in its place', () => {
    const figures = new SeriesFigures();
    figures.put(figure({ month: '2024-01', value: 1 }));
    figures.put(figure({ month: '2024-02', value: 2 }));
    figures.put(figure({ month: '2024-01', value: 3 }));
    expect(figures.size).to.equal(2);
    expect(figures.get('2024-01', 'monthly', figure().sourceKey)?.value).to.equal(3);
    expect(figures.get('2024-03', 'monthly', figure().sourceKey)).to.equal(undefined);
    expect([...figures.values()].map((f) => f.value)).to.deep.equal([3, 2]);
  });

  it('keeps the figures of other kinds and sources of a month side by side', () => {
    const figures = new SeriesFigures();
    const a = figure({ month: '2024-01', sourceKey: 'a', value: 1 });
    const b = figure({ month: '2024-01', sourceKey: 'b', value: 2 });
    const ytd = figure({ month: '2024-01', sourceKey: 'a', kind: 'ytd', value: 3 });
    for (const f of [a, b, ytd]) figures.put(f);
    figures.put({ ...b, value: 4 });
    expect(figures.size).to.equal(3);
    expect(figures.get('2024-01', 'monthly', 'a')).to.equal(a);
    expect(figures.get('2024-01', 'monthly', 'b')?.value).to.equal(4);
    expect(figures.get('2024-01', 'ytd', 'a')).to.equal(ytd);
    expect(figures.get('2024-01', 'ytd', 'b')).to.equal(undefined);
    expect([...figures.values()].map((f) => f.value)).to.deep.equal([1, 4, 3]);
  });
});
