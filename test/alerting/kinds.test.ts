import { expect } from 'chai';
import { AlertBook } from '../../alerting/alert-book.js';
import { conflictConditions } from '../../alerting/conflict.js';
import { arrivalDay, expectedDay, missingCondition, type Arrival } from '../../alerting/missing.js';
import { parseRules, type RuleOf } from '../../alerting/rules.js';
import { surpriseCondition } from '../../alerting/surprise.js';
import { targetCondition } from '../../alerting/target.js';
import { thresholdCondition } from '../../alerting/threshold.js';

function rule<K extends RuleOf<any>['kind']>(kind: K, extra: object = {}): RuleOf<K> {
  const r = parseRules([{ id: kind, kind, ...extra }]);
  if ('error' in r) throw new Error(r.error);
  return r.rules[0] as RuleOf<K>;
}
const band = { run: 'run-1', point: 100, lo80: 90, hi80: 110, lo95: 80, hi95: 120 };
const at = (iso: string) => Date.parse(iso);

describe('alerting: surprise', () => {
  const facts = (actual: number) => ({ actual, source: 'https://x', quote: 'q', forecast: band });

  it('is a warning outside the 80 % band and critical outside the 95 % band', () => {
    expect(surpriseCondition(facts(105), rule('surprise'), 'S', '2024-11')).to.equal(null);
    expect(surpriseCondition(facts(115), rule('surprise'), 'S', '2024-11')?.severity).to.equal('warning');
    expect(surpriseCondition(facts(60), rule('surprise'), 'S', '2024-11')?.severity).to.equal('critical');
  });

  it('gives the actual, the forecast, the band, the surprise in % and in band widths, the source and quote', () => {
    const c = surpriseCondition(facts(60), rule('surprise'), 'AITO deliveries', '2024-11')!;
    expect(c.details).to.deep.equal({
      kind: 'surprise',
      actual: 60,
      forecast: 100,
      run: 'run-1',
      lo80: 90,
      hi80: 110,
      lo95: 80,
      hi95: 120,
      surprisePct: -40,
      bandWidths: 1.5,
      source: 'https://x',
      quote: 'q',
    });
    expect(c.summary).to.equal(
      'AITO deliveries 2024-11: 60 is 40 % below the forecast 100, outside its 95 % band 80–120',
    );
  });

  it('raises nothing without a forecast made before the actual, or below raiseFrom', () => {
    expect(surpriseCondition({ ...facts(60), forecast: null }, rule('surprise'), 'S', '2024-11')).to.equal(null);
    const criticalOnly = rule('surprise', { settings: { raiseFrom: 'critical' } });
    expect(surpriseCondition(facts(115), criticalOnly, 'S', '2024-11')).to.equal(null);
    expect(surpriseCondition(facts(130), criticalOnly, 'S', '2024-11')?.severity).to.equal('critical');
  });
});

describe('alerting: missing', () => {
  /** Arrivals of 2024-01..2024-(n) on the given day of the following month. */
  const arrivals = (days: number[], live = true): Arrival[] =>
    days.map((day, i) => {
      const month = `2024-${String(i + 1).padStart(2, '0')}`;
      const next = `2024-${String(i + 2).padStart(2, '0')}`;
      return { month, firstIngestedAt: at(`${next}-${String(day).padStart(2, '0')}T09:00:00Z`), live };
    });
  const m = rule('missing');

  it('counts arrival days from the first of the month after the figure’s month', () => {
    expect(arrivalDay({ month: '2024-03', firstIngestedAt: at('2024-04-08T23:59:00Z'), live: true })).to.equal(8);
    expect(arrivalDay({ month: '2024-03', firstIngestedAt: at('2024-05-02T00:00:00Z'), live: true })).to.equal(32);
    expect(arrivalDay({ month: '2024-03', firstIngestedAt: at('2024-03-30T00:00:00Z'), live: true })).to.equal(1);
  });

  it('learns the expected day from the last live arrivals plus the grace days, after six', () => {
    expect(expectedDay(arrivals([3, 5, 8, 4, 6]), m.settings)).to.equal(null);
    expect(expectedDay(arrivals([3, 5, 8, 4, 6, 7]), m.settings)).to.deep.equal({
      day: 10,
      basis: 'learned',
      arrivals: 6,
    });
  });

  it('learns nothing from bulk loads, nor from backfills of old months', () => {
    expect(expectedDay(arrivals([3, 5, 8, 4, 6, 7], false), m.settings)).to.equal(null);
    const backfill = arrivals([3, 5, 8, 4, 6]).concat({
      month: '2023-01',
      firstIngestedAt: at('2024-06-03T00:00:00Z'),
      live: true,
    });
    expect(expectedDay(backfill, m.settings)).to.equal(null);
  });

  it('learns from the last twelve arrivals only', () => {
    const days = [20, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3];
    const list = days.map((day, i) => ({
      month: `20${23 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
      firstIngestedAt: 0,
      live: true,
    }));
    // Rewrite the arrival times: each on its day of the next month.
    const timed = list.map((a, i) => {
      const d = new Date(`${a.month}-01T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + 1);
      d.setUTCDate(days[i]!);
      return { ...a, firstIngestedAt: d.getTime() };
    });
    expect(expectedDay(timed, m.settings)?.day).to.equal(5);
  });

  it('fires for the month after the latest on the 11th when figures always arrived by the 8th', () => {
    const list = arrivals([3, 5, 8, 4, 6, 7]); // 2024-01..2024-06, latest 2024-06: 2024-07 due by 10 August
    expect(missingCondition('2024-06', list, at('2024-08-10T23:59:59Z'), m, 'S')).to.equal(null);
    const found = missingCondition('2024-06', list, at('2024-08-11T00:00:00Z'), m, 'S')!;
    expect(found.month).to.equal('2024-07');
    expect(found.condition.details).to.deep.equal({
      kind: 'missing',
      lastMonth: '2024-06',
      expectedBy: '2024-08-11T00:00:00.000Z',
      basis: 'learned',
      arrivals: 6,
    });
    // A series that stopped: still only the month after its latest.
    expect(missingCondition('2024-06', list, at('2025-03-01T00:00:00Z'), m, 'S')?.month).to.equal('2024-07');
  });

  it('uses the rule’s expectedByDay without any arrivals', () => {
    const fixed = rule('missing', { settings: { expectedByDay: 15 } });
    expect(missingCondition('2024-06', [], at('2024-08-15T12:00:00Z'), fixed, 'S')).to.equal(null);
    expect(missingCondition('2024-06', [], at('2024-08-16T00:00:00Z'), fixed, 'S')?.condition.details).to.include({
      basis: 'configured',
      expectedBy: '2024-08-16T00:00:00.000Z',
    });
  });
});

describe('alerting: conflict, threshold, target', () => {
  const fact = (month: string, code: string) => ({
    month,
    code,
    message: `${code} in ${month}`,
    values: [
      { value: 1, source: 'a', kind: 'monthly' },
      { value: 2, source: 'b', kind: 'derived' },
    ],
  });

  it('gives one condition per conflicting month, codes merged, reviewed months and other codes left out', () => {
    const found = conflictConditions(
      [
        fact('2024-06', 'SOURCES_DISAGREE'),
        fact('2024-06', 'YTD_MISMATCH'),
        fact('2024-07', 'YOY_MISMATCH'),
        fact('2024-08', 'SOURCES_DISAGREE'),
      ],
      new Set(['2024-08']),
      rule('conflict', { settings: { codes: ['SOURCES_DISAGREE', 'YTD_MISMATCH'] } }),
      'S',
    );
    expect([...found.keys()]).to.deep.equal(['2024-06']);
    expect(found.get('2024-06')!.details).to.deep.include({ codes: ['SOURCES_DISAGREE', 'YTD_MISMATCH'] });
    expect((found.get('2024-06')!.details as any).values).to.deep.equal([
      { value: 1, source: 'a', kind: 'monthly' },
      { value: 2, source: 'b', kind: 'ytd' },
    ]);
  });

  it('fires a threshold when the latest month crosses its bound', () => {
    const below0 = rule('threshold', { settings: { measure: 'yoyPct', op: '<', bound: 0 } });
    expect(thresholdCondition({ month: '2024-06', value: 5, yoyPct: -3 }, below0, 'S')?.summary).to.equal(
      'S 2024-06: YoY growth -3 % < 0 %',
    );
    expect(thresholdCondition({ month: '2024-06', value: 5, yoyPct: 0 }, below0, 'S')).to.equal(null);
    expect(thresholdCondition({ month: '2024-06', value: 5, yoyPct: null }, below0, 'S')).to.equal(null);
  });

  it('fires a target below its probability threshold and not at it', () => {
    const t = rule('target');
    expect(targetCondition({ year: 2025, target: 100, probability: 0.49, run: 'r' }, t, 'S')?.details).to.deep.equal({
      kind: 'target',
      year: 2025,
      target: 100,
      probability: 0.49,
      threshold: 0.5,
      run: 'r',
    });
    expect(targetCondition({ year: 2025, target: 100, probability: 0.5, run: 'r' }, t, 'S')).to.equal(null);
  });
});

describe('alerting/alert-book', () => {
  const c = rule('conflict');
  const cond = (month: string) =>
    conflictConditions([{ month, code: 'SOURCES_DISAGREE', message: 'm', values: [] }], new Set(), c, 'S');

  it('clears alerts of the months an evaluation looked at and did not find, and leaves the others', () => {
    const book = new AlertBook();
    const first = book.apply(
      { rule: c, series: 's', months: 'all', found: new Map([...cond('2024-06'), ...cond('2024-07')]) },
      1,
    );
    expect(first.map((s) => s.step.transitions[0]!.change)).to.deep.equal(['fired', 'fired']);
    book.commit(first);
    // Only 2024-07 looked at, and clear: 2024-06 stays firing.
    const second = book.apply({ rule: c, series: 's', months: (m) => m === '2024-07', found: new Map() }, 2);
    expect(second.map((s) => [s.id, s.step.transitions[0]!.change])).to.deep.equal([
      ['conflict|s|2024-07', 'resolved'],
    ]);
    book.commit(second);
    expect(book.get('conflict|s|2024-06')?.status).to.equal('firing');
    expect(book.get('conflict|s|2024-07')?.status).to.equal('resolved');
  });

  it('changes nothing until the steps are committed', () => {
    const book = new AlertBook();
    book.apply({ rule: c, series: 's', months: 'all', found: cond('2024-06') }, 1);
    expect(book.list()).to.deep.equal([]);
  });

  it('forgets resolved alerts older than the list keeps', () => {
    const book = new AlertBook();
    book.commit(book.apply({ rule: c, series: 's', months: 'all', found: cond('2024-06') }, 1));
    book.commit(book.apply({ rule: c, series: 's', months: 'all', found: new Map() }, 2));
    expect(book.prune(2).map((s) => s.id)).to.deep.equal([]);
    expect(book.prune(3).map((s) => s.id)).to.deep.equal(['conflict|s|2024-06']);
    expect(book.list()).to.deep.equal([]);
  });
});
