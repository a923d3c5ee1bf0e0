import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import {
  addMonths,
  dateToMonth,
  januaryIndex,
  monthFromIndex,
  monthIndex,
  monthOfYear,
  monthsBetween,
  monthsFromTo,
  monthToDate,
  monthToNanos,
  monthToSeconds,
  nanosToMonth,
  parseMonthKey,
  yearOf,
  yearOfIndex,
} from '../../common/month.js';

interface MonthCases {
  parse: { input: string; expected: string | null }[];
  instants: { month: string; iso: string; nanos: string }[];
  nanos: { input: string; expected: string | null }[];
  arithmetic: { month: string; add: number; sum: string; year: number; monthOfYear: number }[];
}

const cases = JSON.parse(readFileSync(new URL('../cases/month-cases.json', import.meta.url), 'utf8')) as MonthCases;

describe('common/month', () => {
  describe('parseMonthKey', () => {
    for (const c of cases.parse) {
      it(`reads ${JSON.stringify(c.input)} as ${c.expected ?? 'not a month'}`, () => {
        expect(parseMonthKey(c.input)).to.equal(c.expected);
      });
    }
  });

  describe('instants', () => {
    for (const c of cases.instants) {
      it(`stores ${c.month} at ${c.iso} (${c.nanos} ns) and reads it back`, () => {
        expect(monthToDate(c.month).toISOString()).to.equal(c.iso);
        expect(monthToSeconds(c.month)).to.equal(Date.parse(c.iso) / 1000);
        expect(monthToNanos(c.month)).to.equal(c.nanos);
        expect(nanosToMonth(c.nanos)).to.equal(c.month);
        expect(nanosToMonth(BigInt(c.nanos))).to.equal(c.month);
        expect(dateToMonth(new Date(c.iso))).to.equal(c.month);
      });
    }
  });

  describe('nanosToMonth', () => {
    for (const c of cases.nanos) {
      it(`reads ${JSON.stringify(c.input)} ns as ${c.expected ?? 'no month'}`, () => {
        expect(nanosToMonth(c.input)).to.equal(c.expected);
      });
    }
  });

  describe('arithmetic', () => {
    for (const c of cases.arithmetic) {
      it(`adds ${c.add} months to ${c.month} giving ${c.sum}`, () => {
        expect(addMonths(c.month, c.add)).to.equal(c.sum);
        expect(monthsBetween(c.month, c.sum)).to.equal(c.add);
        expect(yearOf(c.month)).to.equal(c.year);
        expect(monthOfYear(c.month)).to.equal(c.monthOfYear);
        expect(monthFromIndex(monthIndex(c.month))).to.equal(c.month);
        expect(yearOfIndex(monthIndex(c.month))).to.equal(c.year);
        expect(januaryIndex(c.year) + c.monthOfYear - 1).to.equal(monthIndex(c.month));
      });
    }
  });

  it('lists the months from one to another, both included, across a year end', () => {
    expect(monthsFromTo('2024-11', '2025-02')).to.deep.equal(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsFromTo('2024-06', '2024-06')).to.deep.equal(['2024-06']);
    expect(monthsFromTo('2024-06', '2024-05')).to.deep.equal([]);
  });

  it('puts the last millisecond of a month in that month, whatever the local time zone', () => {
    expect(dateToMonth(new Date('2024-06-30T23:59:59.999Z'))).to.equal('2024-06');
    expect(dateToMonth(new Date('2024-07-01T00:00:00.000Z'))).to.equal('2024-07');
  });

  it('round-trips every month from 1900 to 2200 through index, date and nanoseconds', () => {
    for (let i = monthIndex('1900-01'); i <= monthIndex('2200-12'); i++) {
      const m = monthFromIndex(i);
      expect(parseMonthKey(m)).to.equal(m);
      expect(dateToMonth(monthToDate(m))).to.equal(m);
      expect(nanosToMonth(monthToNanos(m))).to.equal(m);
    }
  });

  it('refuses to compute with a text that is not a month key', () => {
    expect(() => monthIndex('2024-13')).to.throw(RangeError, /not a month key/);
    expect(() => addMonths('June', 1)).to.throw(RangeError);
    expect(() => monthFromIndex(-1)).to.throw(RangeError);
    expect(() => monthFromIndex(1.5)).to.throw(RangeError);
    expect(() => dateToMonth(new Date(Number.NaN))).to.throw(RangeError);
    for (const bad of [
      '2024-00',
      '2024-1',
      '2024-001',
      ' 2024-01',
      '2024-01 ',
      '2024-01\n',
      '2024/01',
      '202a-01',
      '２024-01',
      '2024-0a',
      '-024-01',
      '',
      '2024-',
    ])
      expect(() => monthIndex(bad), JSON.stringify(bad)).to.throw(RangeError, /not a month key/);
    expect(monthIndex('0000-01')).to.equal(0);
    expect(monthIndex('9999-12')).to.equal(9999 * 12 + 11);
  });
});
