import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { isPrecision, parseLineProtocol } from '../../ingest/parse-line-protocol.js';
import type { Precision } from '../../ingest/parse-line-protocol.js';
import { validateBatch } from '../../ingest/validate.js';
import type { RawRow, RowError } from '../../ingest/types.js';

interface LineCase {
  readonly name: string;
  readonly input: string;
  readonly precision?: Precision;
  readonly rows: RawRow[];
  readonly errors: Partial<RowError>[];
}

const cases = JSON.parse(
  readFileSync(new URL('../cases/line-protocol-cases.json', import.meta.url), 'utf8'),
) as LineCase[];

function pick(errors: readonly RowError[], like: readonly Partial<RowError>[]): Partial<RowError>[] {
  return errors.map((e, i) => {
    const keys = Object.keys(like[i] ?? { row: 0, code: '' }) as (keyof RowError)[];
    return Object.fromEntries(keys.map((k) => [k, e[k]]));
  });
}

describe('parse-line-protocol', () => {
  describe('cases table', () => {
    for (const c of cases) {
      it(c.name, () => {
        const result = parseLineProtocol(c.input, c.precision);
        expect(result.rows).to.deep.equal(c.rows);
        expect(pick(result.errors, c.errors)).to.deep.equal(c.errors);
      });
    }
  });

  it('knows the precisions of the InfluxDB 1.x write API and nothing else', () => {
    expect(['n', 'ns', 'u', 'us', 'ms', 's', 'm', 'h'].every(isPrecision)).to.equal(true);
    expect(['', 'd', 'NS', 'toString', undefined].some(isPrecision)).to.equal(false);
  });

  it('feeds the one validation path: a boolean value and a missing series are refused there', () => {
    const parsed = parseLineProtocol(
      'ev,series=s,unit=units value=t 1717200000000000000\nev,unit=units value=1 1717200000000000000',
    );
    const { observations, errors } = validateBatch(parsed.rows, () => undefined, { format: 'line-protocol' });
    expect(observations).to.deep.equal([]);
    expect(errors.map((e) => [e.row, e.field, e.code])).to.deep.equal([
      [1, 'value', 'INVALID_VALUE'],
      [2, 'series', 'MISSING_FIELD'],
    ]);
  });
});
