import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { CsvRowReader, parseCsv } from '../../ingest/parse-csv.js';
import type { RawRow, RowError } from '../../ingest/types.js';

interface CsvCase {
  readonly name: string;
  readonly input: string;
  readonly rows: RawRow[];
  readonly errors: Partial<RowError>[];
}

const cases = JSON.parse(readFileSync(new URL('../cases/csv-cases.json', import.meta.url), 'utf8')) as CsvCase[];
// The shared data set exactly as published (copied, unchanged, so the suite needs nothing outside the repo).
const FIXTURE = new URL('../cases/ev-monthly-original.csv', import.meta.url);

/** Errors reduced to the keys a case states, so a case need not repeat every message. */
function pick(errors: readonly RowError[], like: readonly Partial<RowError>[]): Partial<RowError>[] {
  return errors.map((e, i) => {
    const keys = Object.keys(like[i] ?? { row: 0, code: '' }) as (keyof RowError)[];
    return Object.fromEntries(keys.map((k) => [k, e[k]]));
  });
}

/** Feeds `text` to a reader in the given pieces and collects everything it returned. */
function readInPieces(pieces: readonly string[]): { rows: RawRow[]; errors: RowError[] } {
  const reader = new CsvRowReader();
  const rows: RawRow[] = [];
  for (const piece of pieces) rows.push(...reader.push(piece));
  rows.push(...reader.end());
  return { rows, errors: reader.takeErrors() };
}

describe('parse-csv', () => {
  describe('cases table', () => {
    for (const c of cases) {
      it(c.name, () => {
        const result = parseCsv(c.input);
        expect(result.rows).to.deep.equal(c.rows);
        expect(pick(result.errors, c.errors)).to.deep.equal(c.errors);
      });
    }
  });

  it('parses the real fixture file into 274 rows with no errors', () => {
    const result = parseCsv(readFileSync(FIXTURE, 'utf8'));
    expect(result.errors).to.deep.equal([]);
    expect(result.rows).to.have.length(274);
    expect(result.rows[0]).to.deep.include({ row: 2 });
    const aitoJune = result.rows.filter((r) => r.fields.series === 'aito_deliveries' && r.fields.month === '2024-06');
    expect(aitoJune.map((r) => r.fields.value).sort()).to.include.members(['42780', '46141']);
  });

  it('returns the same rows and errors whatever the chunk boundaries (every split point, one and two cuts)', () => {
    const tricky =
      '\ufeffseries,month,value,quote\r\n' +
      'a,2024-01,"44,126","say ""hi""\r\nthere"\r\n' +
      '\r\n' +
      'b,2024-02,2,x\rc,2024-03\n' +
      'd,2024-04,4,"open\n' +
      'e,2024-05,5,""\n' +
      'f,2024-06,6,z';
    const whole = readInPieces([tricky]);
    expect(whole.rows.map((r) => r.fields.series)).to.deep.equal(['a', 'b', 'e', 'f']);
    expect(whole.errors.map((e) => e.row)).to.deep.equal([6, 7]);
    for (let i = 0; i <= tricky.length; i++) {
      expect(readInPieces([tricky.slice(0, i), tricky.slice(i)]), `split at ${i}`).to.deep.equal(whole);
      for (let j = i; j <= tricky.length; j += 7) {
        expect(
          readInPieces([tricky.slice(0, i), tricky.slice(i, j), tricky.slice(j)]),
          `split at ${i} and ${j}`,
        ).to.deep.equal(whole);
      }
    }
  });

  it('gives the same fixture rows when fed one character at a time', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    expect(readInPieces([...text])).to.deep.equal(readInPieces([text]));
  });

  it('reads back 2,000 random rows written with quoting, whatever the line ends and chunk sizes', () => {
    // A seeded generator keeps the test repeatable; the alphabet is the characters CSV must escape.
    let seed = 12345;
    const random = (k: number): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % k;
    };
    const alphabet = ['a', 'Z', ',', '"', '\n', '\r\n', '\r', ' ', '问', '7'];
    const cell = (): string => Array.from({ length: random(10) }, () => alphabet[random(alphabet.length)]).join('');
    const quote = (c: string): string => (/[",\r\n]/.test(c) || c === '' ? `"${c.replaceAll('"', '""')}"` : c);
    const expected: RawRow[] = [];
    let text = 'series,month,value,quote\n';
    let line = 2;
    for (let k = 0; k < 2000; k++) {
      const cells = [cell(), cell(), cell(), cell()];
      const [series = '', month = '', value = '', q = ''] = cells;
      expected.push({ row: line, fields: { series, month, value, quote: q } });
      text += cells.map(quote).join(',') + ['\n', '\r\n', '\r'][random(3)];
      for (const c of cells) line += c.replaceAll('\r\n', '\n').replaceAll('\r', '\n').split('\n').length - 1;
      line += 1;
    }
    const pieces: string[] = [];
    for (let at = 0; at < text.length;) {
      const size = 1 + random(300);
      pieces.push(text.slice(at, at + size));
      at += size;
    }
    const result = readInPieces(pieces);
    expect(result.errors).to.deep.equal([]);
    expect(result.rows).to.deep.equal(expected);
  });

  it('returns rows as soon as their record is complete, holding back only the unfinished one', () => {
    const reader = new CsvRowReader();
    expect(reader.push('series,month,value\na,2024-01,1\nb,2024-')).to.deep.equal([
      { row: 2, fields: { series: 'a', month: '2024-01', value: '1' } },
    ]);
    expect(reader.columns).to.deep.equal(['series', 'month', 'value']);
    expect(reader.push('02,2\r')).to.deep.equal([]);
    expect(reader.push('\nc,2024-03,3\n')).to.deep.equal([
      { row: 3, fields: { series: 'b', month: '2024-02', value: '2' } },
      { row: 4, fields: { series: 'c', month: '2024-03', value: '3' } },
    ]);
    expect(reader.end()).to.deep.equal([]);
  });

  it('hands each error out once through takeErrors', () => {
    const reader = new CsvRowReader();
    reader.push('series,month,value\nbad\n');
    expect(reader.errors.map((e) => e.row)).to.deep.equal([2]);
    expect(reader.takeErrors().map((e) => e.row)).to.deep.equal([2]);
    expect(reader.errors).to.deep.equal([]);
    reader.push('also,bad\n');
    reader.end();
    expect(reader.takeErrors().map((e) => e.row)).to.deep.equal([3]);
  });

  it('bounds memory on a quote left open: figures the record once it exceeds maxRecordChars and reads on', () => {
    const reader = new CsvRowReader({ maxRecordChars: 100 });
    const rows: RawRow[] = [];
    rows.push(...reader.push('series,month,value,quote\na,2024-01,1,"never closed\n'));
    for (let k = 0; k < 5; k++) rows.push(...reader.push('filler line without quotes\n'.repeat(3)));
    rows.push(...reader.push('b,2024-02,2,ok\n'));
    rows.push(...reader.end());
    const errors = reader.takeErrors();
    expect(errors[0]).to.deep.include({ row: 2, code: 'MALFORMED_ROW' });
    expect(errors[0]?.message).to.match(/^line 2: record longer than 100 characters/);
    expect(rows.map((r) => [r.row, r.fields.series])).to.deep.equal([[18, 'b']]);
    // The filler lines after the bad one are each reported on their own line.
    expect(errors.slice(1).map((e) => e.row)).to.deep.equal([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
  });

  it('skips an over-long line without a line end until its end arrives', () => {
    const reader = new CsvRowReader({ maxRecordChars: 50 });
    const rows: RawRow[] = [];
    rows.push(...reader.push('series,month,value\n' + 'x'.repeat(60)));
    rows.push(...reader.push('y'.repeat(60)));
    rows.push(...reader.push('z\r'));
    rows.push(...reader.push('\na,2024-01,1\n'));
    rows.push(...reader.end());
    expect(reader.takeErrors().map((e) => [e.row, e.code])).to.deep.equal([[2, 'MALFORMED_ROW']]);
    expect(rows).to.deep.equal([{ row: 3, fields: { series: 'a', month: '2024-01', value: '1' } }]);
  });

  it('fills rows handed back with recycle() again, each with the values of its own line', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const expected = parseCsv(text).rows.map((r) => structuredClone(r));
    const reader = new CsvRowReader();
    const seen: RawRow[] = [];
    const objects = new Set<RawRow>();
    for (let at = 0; at < text.length; at += 997) {
      const rows = reader.push(text.slice(at, at + 997));
      for (const row of rows) objects.add(row);
      seen.push(...rows.map((r) => structuredClone(r)));
      reader.recycle(rows);
    }
    seen.push(...reader.end());
    expect(seen).to.deep.equal(expected);
    expect(objects.size).to.be.below(expected.length / 5);
  });

  it('refuses push after end', () => {
    const reader = new CsvRowReader();
    reader.end();
    expect(() => reader.push('x')).to.throw(/after end/);
  });
});
