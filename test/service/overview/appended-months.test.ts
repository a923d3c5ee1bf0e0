import { expect } from 'chai';
import { addMonths } from '../../../common/month.js';
import type { Figure } from '../../../ingest/figure.js';
import type { StoredChange } from '../../../ingest/ingest.js';
import { resolveSeries } from '../../../ingest/resolve.js';
import { SeriesCatalog } from '../../../ingest/series-catalog.js';
import type { SeriesMeta } from '../../../ingest/store-port.js';
import { appendMonths } from '../../../service/overview/appended-months.js';
import { OverviewIndex, rowOf } from '../../../service/overview/overview-index.js';
import { summarize, withYoy } from '../../../service/series-summary.js';
import { createLogger } from '../../../service/logger.js';
import { monthlyFigure } from '../../support/figure.js';

const meta = (id: string): SeriesMeta => ({
  id,
  name: id.toUpperCase(),
  metric: 'sales',
  entity: id,
  unit: 'units',
  createdAt: 0,
});

const figure = (series: string, month: string, value: number, source = 's1') =>
  monthlyFigure(series, month, value, { source });

/** A deterministic generator (mulberry32), so that a failure names a case that comes back. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Monthly figures of `n` calendar months from 2019-01: some months missing, some with a second source
 * disagreeing; with `ytd`, some months with a published year-to-date total too.
 */
function history(series: string, n: number, next: () => number, ytd = false): Figure[] {
  const out: Figure[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && i < n - 1 && next() < 0.15) continue;
    const month = addMonths('2019-01', i);
    out.push(figure(series, month, Math.round(1000 + 500 * next())));
    if (next() < 0.1) out.push(figure(series, month, Math.round(1000 + 500 * next()), 's2'));
    if (ytd && next() < 0.2)
      out.push({ ...figure(series, month, Math.round(1000 * ((i % 12) + 1) + 300 * next())), kind: 'ytd' });
  }
  return out;
}

const series = (figures: readonly Figure[]) => resolveSeries(figures[0]?.series ?? 's', 'units', figures);
const resolved = (figures: readonly Figure[]) => series(figures).months;

describe('overview: months appended past a row from the row alone', () => {
  it('gives the row that all the months give, for any history, gaps, conflicts and split', () => {
    const next = random(7);
    for (let c = 0; c < 400; c++) {
      const figures = history('s', 1 + Math.floor(next() * 60), next);
      const months = [...new Set(figures.map((f) => f.month))];
      const split = months[Math.floor(next() * months.length)]!;
      const before = figures.filter((f) => f.month < split);
      const after = figures.filter((f) => f.month >= split);
      const whole = rowOf(meta('s'), series(figures), null);
      const appended = appendMonths(rowOf(meta('s'), series(before), null), resolved(after));
      expect(appended, `case ${c}, split at ${split}`).to.deep.equal(whole);
    }
  });

  it('gives the row that all the months give where earlier published year-to-date totals may stand in, or asks for a read', () => {
    const next = random(11);
    let appendedRows = 0;
    let published = 0;
    for (let c = 0; c < 400; c++) {
      const history_ = history('s', 1 + Math.floor(next() * 60), next, true);
      const months = [...new Set(history_.map((f) => f.month))];
      const split = months[Math.floor(next() * months.length)]!;
      // Totals before the split, monthly figures appended (the index reads a series whose append holds a total).
      const figures = history_.filter((f) => f.month < split || f.kind === 'monthly');
      const before = series(figures.filter((f) => f.month < split));
      const whole = rowOf(meta('s'), series(figures), null);
      if (whole.ytd?.basis === 'published') published++;
      const appended = appendMonths(
        rowOf(meta('s'), before, null),
        resolved(figures.filter((f) => f.month >= split)),
        before.published.size > 0,
      );
      if (appended === null) {
        // Only a year to date that its months alone cannot give (either year's) sends the series back to be read.
        expect(whole.ytd?.basis === 'months' && whole.ytd.lastYear !== null, `case ${c}`).to.equal(false);
        continue;
      }
      appendedRows++;
      expect(appended, `case ${c}, split at ${split}`).to.deep.equal(whole);
    }
    expect(appendedRows).to.be.greaterThan(200);
    expect(published, 'cases whose year to date rests on a published total').to.be.at.least(5);
  });

  it('takes a year to date from published totals where a month is missing, and reads the series to append to it', () => {
    const ytd = (month: string, value: number) => ({ ...figure('s', month, value), kind: 'ytd' as const });
    // 2024 whole; in 2025 neither January nor February has a figure, but March's year to date (360) does.
    const figures = [
      ...['2024-01', '2024-02', '2024-03', '2024-04'].map((m, i) => figure('s', m, 100 + 10 * i)),
      figure('s', '2025-03', 150),
      ytd('2025-03', 360),
    ];
    expect(summarize(meta('s'), series(figures)).ytd).to.deep.include({
      through: '2025-03',
      value: 360,
      lastYear: 330,
      basis: 'published',
    });
    // April's figure appended: the year to date rests on March's total, which the row does not hold.
    const before = series(figures);
    const added = resolved([figure('s', '2025-04', 160)]);
    expect(appendMonths(rowOf(meta('s'), before, null), added, true), 'read the series again').to.equal(null);
    expect(summarize(meta('s'), series([...figures, figure('s', '2025-04', 160)])).ytd).to.deep.include({
      value: 520,
      lastYear: 460,
      basis: 'published',
    });
  });

  it('reads a series whose year to date runs through a later published total than the month appended', () => {
    const figures = [
      ...Array.from({ length: 12 }, (_, i) => figure('s', addMonths('2024-01', i), 100 + i)),
      { ...figure('s', '2025-02', 240), kind: 'ytd' as const },
    ];
    const row = rowOf(meta('s'), series(figures), null);
    expect(row.ytd).to.include({ through: '2025-02', basis: 'published' });
    // January's own figure arrives late: the row's year to date through February stands, and only a read says so.
    expect(appendMonths(row, resolved([figure('s', '2025-01', 110)]), true)).to.equal(null);
  });

  it('summarizes a series with the growth of its latest point, as the series view shows it', () => {
    const next = random(3);
    for (let c = 0; c < 200; c++) {
      const whole = series(history('s', 1 + Math.floor(next() * 40), next));
      expect(summarize(meta('s'), whole).yoyPct, `case ${c}`).to.equal(withYoy(whole.months).at(-1)?.yoyPct ?? null);
    }
  });

  it('refuses months that are not after the row’s latest', () => {
    const row = rowOf(meta('s'), series([figure('s', '2024-01', 1), figure('s', '2024-02', 2)]), null);
    expect(appendMonths(row, resolved([figure('s', '2024-02', 3)]))).to.equal(null);
  });
});

describe('overview index: an ingest that appends months', () => {
  function indexOf(figures: Figure[]) {
    const reads: string[][] = [];
    const ids = [...new Set(figures.map((f) => f.series))];
    const stored = [...figures];
    return {
      reads,
      stored,
      index: (catalog: SeriesCatalog) =>
        new OverviewIndex({
          catalog,
          readFigures: async (series) => {
            reads.push([...series]);
            return stored.filter((f) => series.includes(f.series));
          },
          latestForecasts: async () => [],
          logger: createLogger('silent'),
        }),
      catalog: () => SeriesCatalog.load({ listSeries: async () => ids.map(meta) } as never),
    };
  }

  const change = (figures: Figure[], unread: boolean): StoredChange => {
    const months = new Map<string, string[]>();
    const bySeries = new Map<string, Figure[]>();
    for (const f of figures) {
      months.set(f.series, [...(months.get(f.series) ?? []), f.month]);
      bySeries.set(f.series, [...(bySeries.get(f.series) ?? []), f]);
    }
    return { batch: 'b2', months, figures: bySeries, unread: unread ? new Set(months.keys()) : new Set() };
  };

  it('applies the figures it hands over without reading, and reads back what it read itself', async () => {
    const next = random(11);
    const old = [...history('a', 30, next), ...history('b', 30, next)];
    const setup = indexOf(old);
    const index = setup.index(await setup.catalog());
    index.start();
    await index.page({});
    const built = setup.reads.length;

    const added = [figure('a', '2021-07', 5000), figure('b', '2021-08', 6000)];
    setup.stored.push(...added);
    index.stored(change(added, true));
    const rows = (await index.page({})).series;
    expect(setup.reads.length, 'reads after the append').to.equal(built);
    for (const id of ['a', 'b']) {
      const all = setup.stored.filter((f) => f.series === id);
      expect(rows.find((r) => r.id === id)).to.deep.equal(rowOf(meta(id), series(all), null));
    }

    // A restatement (the ingest read the series back): read again.
    const restated = [figure('a', '2021-07', 4000)];
    setup.stored.splice(setup.stored.indexOf(added[0]!), 1, ...restated);
    index.stored(change(restated, false));
    const after = (await index.page({})).series.find((r) => r.id === 'a');
    expect(setup.reads.slice(built)).to.deep.equal([['a']]);
    expect(after).to.include({ latestMonth: '2021-07', latestValue: 4000 });
    index.close();
  });

  it('reads a series whose appended figures hold a year-to-date one, which derives a month with earlier totals', async () => {
    const ytd = (month: string, value: number) => ({ ...figure('a', month, value), kind: 'ytd' as const });
    const setup = indexOf([figure('a', '2024-01', 10), ytd('2024-01', 10)]);
    const index = setup.index(await setup.catalog());
    index.start();
    await index.page({});
    const built = setup.reads.length;
    // February's year to date alone: February is January's total less this one, a month only a read can derive.
    const added = [ytd('2024-02', 25)];
    setup.stored.push(...added);
    index.stored(change(added, true));
    const row = (await index.page({})).series.find((r) => r.id === 'a');
    expect(setup.reads.slice(built)).to.deep.equal([['a']]);
    expect(row).to.include({ latestMonth: '2024-02', latestValue: 15 });
    index.close();
  });

  it('reads back an appended month it already holds, as after a read that saw it', async () => {
    const setup = indexOf([figure('a', '2024-01', 1), figure('a', '2024-02', 2)]);
    const index = setup.index(await setup.catalog());
    index.start();
    await index.page({});
    const built = setup.reads.length;
    index.stored(change([figure('a', '2024-02', 2)], true));
    await index.page({});
    expect(setup.reads.slice(built)).to.deep.equal([['a']]);
    index.close();
  });
});
