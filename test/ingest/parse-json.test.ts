import { expect } from 'chai';
import { parseJsonRows } from '../../ingest/parse-json.js';
import { validateBatch } from '../../ingest/validate.js';

const ROW = { series: 'aito_deliveries', month: '2024-06', value: 42780, unit: 'units', source: 'https://x' };

describe('parse-json', () => {
  const shapes: { name: string; body: unknown; rows: number }[] = [
    { name: 'reads a bare array of rows', body: [ROW, ROW], rows: 2 },
    { name: 'reads an object with a rows array', body: { rows: [ROW] }, rows: 1 },
    { name: 'reads an empty array as no rows', body: [], rows: 0 },
  ];
  for (const s of shapes) {
    it(s.name, () => {
      const result = parseJsonRows(s.body);
      expect(result.errors).to.deep.equal([]);
      expect(result.rows.map((r) => r.row)).to.deep.equal([...Array(s.rows).keys()]);
    });
  }

  const wrong: { name: string; body: unknown; says: string }[] = [
    {
      name: 'refuses a string body, explaining the expected shape',
      body: 'series,month,value',
      says: 'the body is a string; expected a JSON array of row objects, or an object {"rows": [...]}',
    },
    { name: 'refuses null', body: null, says: 'the body is null;' },
    {
      name: 'refuses an object without rows',
      body: { series: 'x' },
      says: 'the body is an object without a "rows" array;',
    },
    {
      name: 'refuses an object whose rows is not an array',
      body: { rows: 'x' },
      says: 'the body is an object without a "rows" array;',
    },
    { name: 'refuses a number', body: 5, says: 'the body is a number;' },
  ];
  for (const w of wrong) {
    it(w.name, () => {
      const result = parseJsonRows(w.body);
      expect(result.rows).to.deep.equal([]);
      expect(result.errors).to.have.length(1);
      expect(result.errors[0]).to.deep.include({ row: 0, code: 'MALFORMED_ROW' });
      expect(result.errors[0]?.message.startsWith(w.says), result.errors[0]?.message).to.equal(true);
    });
  }

  it('figures an element that is not an object by its index and keeps the others', () => {
    const result = parseJsonRows([ROW, 'oops', [1], null, ROW]);
    expect(result.rows.map((r) => r.row)).to.deep.equal([0, 4]);
    expect(result.errors.map((e) => [e.row, e.code, e.message])).to.deep.equal([
      [1, 'MALFORMED_ROW', 'rows[1]: is a string, not a row object'],
      [2, 'MALFORMED_ROW', 'rows[2]: is an array, not a row object'],
      [3, 'MALFORMED_ROW', 'rows[3]: is null, not a row object'],
    ]);
  });

  it('keeps the row fields as JSON held them and drops other keys', () => {
    const result = parseJsonRows([
      { ...ROW, kind: 'ytd', yoy_pct_stated: 12.5, extra: 1, __proto__: { series: 'inherited' } },
    ]);
    expect(result.rows[0]?.fields).to.deep.equal({ ...ROW, kind: 'ytd', yoy_pct_stated: 12.5 });
  });

  it('feeds the one validation path with rows named by index', () => {
    const parsed = parseJsonRows([ROW, { ...ROW, value: '12,34' }]);
    const { observations, errors } = validateBatch(parsed.rows, () => undefined, { format: 'json' });
    expect(observations.map((o) => o.value)).to.deep.equal([42780]);
    expect(errors.map((e) => e.message)).to.deep.equal(['rows[1], field "value": "12,34" is not a number']);
  });
});
