import { expect } from 'chai';
import type { Figure } from '../../ingest/figure.js';
import { resolveSeries } from '../../ingest/resolve.js';
import { candidatesOf, chooseFigure, reviewHolds, type ConflictReview } from '../../ingest/review.js';

function figure(month: string, value: number, source: string, at: number): Figure {
  return {
    series: 's',
    month,
    kind: 'monthly',
    sourceKey: source,
    value,
    source,
    quote: `${source} says ${value}`,
    yoyPctStated: null,
    ingestedAt: at,
    firstIngestedAt: at,
    live: true,
    batch: 'b',
  };
}

const TWO_SOURCES = [figure('2024-07', 100, 'a', 1), figure('2024-07', 120, 'b', 2), figure('2024-06', 90, 'a', 0)];

function reviewOf(figures: readonly Figure[], source: string): ConflictReview {
  const candidates = candidatesOf(resolveSeries('s', 'units', figures).conflicts, '2024-07');
  const choice = chooseFigure(candidates, { source });
  if ('field' in choice) throw new Error(choice.message);
  return {
    series: 's',
    month: '2024-07',
    chosen: choice.chosen,
    reason: 'a is audited',
    by: 'ops',
    at: 9,
    seen: candidates,
  };
}

describe('ingest/review', () => {
  it('lists the figures in conflict once each, without the year-earlier figure a stated YoY is checked against', () => {
    const conflicts = resolveSeries('s', 'units', TWO_SOURCES).conflicts;
    expect(candidatesOf(conflicts, '2024-07')).to.have.deep.members([
      { value: 100, source: 'a', sourceKey: 'a', kind: 'monthly' },
      { value: 120, source: 'b', sourceKey: 'b', kind: 'monthly' },
    ]);
    expect(candidatesOf(conflicts, '2024-06')).to.deep.equal([]);
    const yoy = resolveSeries('s', 'units', [
      figure('2023-07', 100, 'a', 0),
      { ...figure('2024-07', 150, 'a', 1), yoyPctStated: 10 },
    ]).conflicts;
    expect(candidatesOf(yoy, '2024-07')).to.deep.equal([{ value: 150, source: 'a', sourceKey: 'a', kind: 'monthly' }]);
  });

  const candidates = [
    { value: 100, source: 'a', sourceKey: 'a', kind: 'monthly' },
    { value: 120, source: 'b', sourceKey: 'b', kind: 'monthly' },
    { value: 110, source: 'b', sourceKey: 'b', kind: 'derived' },
  ] as const;
  const cases: [string, Parameters<typeof chooseFigure>[1], unknown][] = [
    ['chooses by source', { source: 'a' }, { chosen: candidates[0] }],
    ['chooses by value', { value: 110 }, { chosen: candidates[2] }],
    ['chooses by source and value together', { source: 'b', value: 120 }, { chosen: candidates[1] }],
    ['refuses a source in conflict with none of the figures, naming the field', { source: 'c' }, { field: 'source' }],
    ['refuses a value that is not in conflict, naming the field', { value: 7 }, { field: 'value' }],
    ['asks for the value when the source reports two of the figures', { source: 'b' }, { field: 'value' }],
  ];
  for (const [name, choice, expected] of cases)
    it(name, () => {
      const got = chooseFigure(candidates, choice);
      expect(got).to.deep.include(expected as object);
      if ('field' in got) expect(got.message).to.match(/100 from a \(monthly\); 120 from b/);
    });

  it('shows the reviewed figure for its month, marked, and leaves the conflict listed', () => {
    const review = reviewOf(TWO_SOURCES, 'a');
    const plain = resolveSeries('s', 'units', TWO_SOURCES);
    expect(plain.months.find((m) => m.month === '2024-07')).to.deep.include({
      value: 120,
      source: 'b',
      reviewed: null,
    });
    const reviewed = resolveSeries('s', 'units', TWO_SOURCES, new Map([['2024-07', review]]));
    expect(reviewed.months.find((m) => m.month === '2024-07')).to.deep.include({
      value: 100,
      source: 'a',
      quote: 'a says 100',
      reviewed: review,
    });
    expect(reviewed.conflicts.map((c) => c.code)).to.deep.equal(['SOURCES_DISAGREE']);
    expect([...reviewed.reviewed.keys()]).to.deep.equal(['2024-07']);
  });

  it('holds where only values and source keys were read (the overview)', () => {
    const review = reviewOf(TWO_SOURCES, 'a');
    const valuesOnly = TWO_SOURCES.map((f) => ({ ...f, source: '', quote: '' }));
    const shown = resolveSeries('s', 'units', valuesOnly, new Map([['2024-07', review]]));
    expect(shown.months.find((m) => m.month === '2024-07')).to.deep.include({ value: 100, source: 'a' });
  });

  it('stops holding once a value it did not see joins the conflict, or the figures agree', () => {
    const review = reviewOf(TWO_SOURCES, 'a');
    const holds = (figures: Figure[]) =>
      reviewHolds(review, candidatesOf(resolveSeries('s', 'units', figures).conflicts, '2024-07'));
    expect(holds(TWO_SOURCES)).to.equal(true);
    expect(holds([...TWO_SOURCES, figure('2024-07', 130, 'c', 3)])).to.equal(false);
    expect(holds([figure('2024-07', 100, 'a', 1), figure('2024-07', 100, 'b', 4)])).to.equal(false);
    // The chosen figure restated away: what it chose is no longer there to stand.
    expect(
      holds([figure('2024-07', 120, 'b', 2), figure('2024-07', 120, 'a', 5), figure('2024-07', 100, 'c', 6)]),
    ).to.equal(false);
    const shown = resolveSeries(
      's',
      'units',
      [...TWO_SOURCES, figure('2024-07', 130, 'c', 3)],
      new Map([['2024-07', review]]),
    );
    expect(shown.months.find((m) => m.month === '2024-07')!.reviewed).to.equal(null);
  });
});
