import { expect } from 'chai';
import { resolveSeries, significantDigits } from '../../ingest/resolve.js';
import type { Figure } from '../../ingest/figure.js';
import type { FigureKind } from '../../ingest/types.js';

let clock = 0;
function figure(
  month: string,
  value: number,
  opts: { kind?: FigureKind; source?: string; yoy?: number; at?: number } = {},
): Figure {
  const source = opts.source ?? 's1';
  return {
    series: 's',
    month,
    kind: opts.kind ?? 'monthly',
    sourceKey: source,
    value,
    source,
    quote: `q ${value}`,
    yoyPctStated: opts.yoy ?? null,
    ingestedAt: opts.at ?? ++clock,
    firstIngestedAt: 0,
    live: true,
    batch: 'b',
  };
}
const valueOf = (r: ReturnType<typeof resolveSeries>, month: string) => r.months.find((m) => m.month === month);

describe('resolve', () => {
  it('shows the value most sources report and lists the disagreement as a conflict', () => {
    const r = resolveSeries('s', 'units', [
      figure('2024-06', 46141, { source: 'cbs', at: 30 }),
      figure('2024-06', 42780, { source: 'xinhua', at: 10 }),
      figure('2024-06', 42780, { source: 'taptech', at: 20 }),
    ]);
    expect(valueOf(r, '2024-06')!.value).to.equal(42780);
    expect(valueOf(r, '2024-06')!.figures).to.have.length(3);
    expect(r.conflicts.map((c) => [c.month, c.code])).to.deep.equal([['2024-06', 'SOURCES_DISAGREE']]);
  });

  it('prefers the more precise of two equally supported values, then the newest', () => {
    const precise = resolveSeries('s', 'units', [
      figure('2025-09', 1_620_000, { source: 'a', at: 2 }),
      figure('2025-09', 1_617_000, { source: 'b', at: 1 }),
    ]);
    expect(valueOf(precise, '2025-09')!.value).to.equal(1_617_000);
    const newest = resolveSeries('s', 'GWh', [
      figure('2025-06', 299.6, { source: 'a', at: 1 }),
      figure('2025-06', 299.7, { source: 'b', at: 2 }),
    ]);
    expect(valueOf(newest, '2025-06')!.value).to.equal(299.7);
    expect(significantDigits(38.28)).to.equal(4);
    expect(significantDigits(1_620_000)).to.equal(3);
  });

  it('derives a missing month from two year-to-date figures of the same year', () => {
    const r = resolveSeries('s', 'GWh', [
      figure('2024-05', 160.5, { kind: 'ytd' }),
      figure('2024-06', 203.3, { kind: 'ytd' }),
    ]);
    const june = valueOf(r, '2024-06')!;
    expect(june.value).to.equal(42.8);
    expect(june.basis).to.equal('derived');
    expect(june.ytd).to.equal(203.3);
  });

  it('derives the one unreported month of a year-to-date span from the months around it', () => {
    // SERES 2024: Jan 36,838 + Feb ? + Mar 27,730 = Q1 94,825.
    const r = resolveSeries('s', 'units', [
      figure('2024-01', 36838),
      figure('2024-03', 27730),
      figure('2024-03', 94825, { kind: 'ytd' }),
    ]);
    expect(valueOf(r, '2024-02')).to.include({ value: 30257, basis: 'derived' });
  });

  it('leaves a gap when two months of the span are unreported', () => {
    const r = resolveSeries('s', 'units', [figure('2024-01', 100), figure('2024-04', 500, { kind: 'ytd' })]);
    expect(r.months.map((m) => m.month)).to.deep.equal(['2024-01']);
  });

  it('gives the span each year-to-date figure covers, from the previous one of the same year, with its total', () => {
    const r = resolveSeries('s', 'units', [
      figure('2024-03', 300, { kind: 'ytd' }),
      figure('2024-06', 1000, { kind: 'ytd' }),
      figure('2025-02', 90, { kind: 'ytd' }),
    ]);
    expect(r.spanTotals).to.deep.equal([
      { from: '2024-01', to: '2024-03', total: 300 },
      { from: '2024-04', to: '2024-06', total: 700 },
      { from: '2025-01', to: '2025-02', total: 90 },
    ]);
    expect(resolveSeries('s', '%', [figure('2024-03', 30, { kind: 'ytd' })]).spanTotals).to.deep.equal([]);
  });

  it('keeps both figures and figures a conflict when monthly and year-to-date disagree by more than 0.5 %', () => {
    const r = resolveSeries('s', 'GWh', [
      figure('2023-05', 100, { kind: 'ytd' }),
      figure('2023-06', 132.9, { kind: 'ytd' }),
      figure('2023-06', 32.5),
    ]);
    expect(valueOf(r, '2023-06')).to.include({ value: 32.5, basis: 'reported' });
    expect(r.conflicts.map((c) => c.code)).to.deep.equal(['YTD_MISMATCH']);
    const close = resolveSeries('s', 'GWh', [
      figure('2024-01', 32.3),
      figure('2024-02', 18),
      figure('2024-02', 50.35, { kind: 'ytd' }),
    ]);
    expect(close.conflicts, 'within 0.5 % is rounding, not a conflict').to.deep.equal([]);
  });

  it('does not derive months from year-to-date shares, which do not add up', () => {
    const r = resolveSeries('s', 'pct', [
      figure('2024-05', 45, { kind: 'ytd' }),
      figure('2024-06', 46, { kind: 'ytd' }),
    ]);
    expect(r.months).to.deep.equal([]);
  });

  it('checks a stated YoY percentage against the figures of both years', () => {
    const ok = resolveSeries('s', 'units', [figure('2023-06', 10000), figure('2024-06', 44126, { yoy: 341.3 })]);
    expect(ok.conflicts).to.deep.equal([]);
    const bad = resolveSeries('s', 'units', [figure('2023-06', 10000), figure('2024-06', 44126, { yoy: 372.04 })]);
    expect(bad.conflicts.map((c) => c.code)).to.deep.equal(['YOY_MISMATCH']);
    expect(bad.conflicts[0]!.message).to.contain('341.3');
  });

  it('figures a year-to-date figure below the months it covers', () => {
    const r = resolveSeries('s', 'units', [figure('2024-01', 500), figure('2024-02', 300, { kind: 'ytd' })]);
    expect(r.conflicts.map((c) => c.code)).to.deep.equal(['YTD_NEGATIVE']);
  });
});
