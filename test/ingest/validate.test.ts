import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parseCsv } from '../../ingest/parse-csv.js';
import { isRowError, validateBatch, validateRow } from '../../ingest/validate.js';
import type { InputFormat, Observation, RawRow, RowError } from '../../ingest/types.js';

interface ValidateCase {
  readonly name: string;
  /** Series that already exist, id -> unit. */
  readonly known: Record<string, string>;
  readonly format?: InputFormat;
  readonly rows: RawRow[];
  readonly observations: Observation[];
  readonly errors: Partial<RowError>[];
}

const cases = JSON.parse(
  readFileSync(new URL('../cases/validate-cases.json', import.meta.url), 'utf8'),
) as ValidateCase[];

function lookupIn(known: Record<string, string>) {
  return (id: string) => (Object.hasOwn(known, id) ? { unit: known[id] as string } : undefined);
}

function pick(errors: readonly RowError[], like: readonly Partial<RowError>[]): Partial<RowError>[] {
  return errors.map((e, i) => {
    const keys = Object.keys(like[i] ?? { row: 0, code: '' }) as (keyof RowError)[];
    return Object.fromEntries(keys.map((k) => [k, e[k]]));
  });
}

describe('validate', () => {
  describe('cases table', () => {
    for (const c of cases) {
      it(c.name, () => {
        const options = c.format === undefined ? {} : { format: c.format };
        const result = validateBatch(c.rows, lookupIn(c.known), options);
        expect(result.observations).to.deep.equal(c.observations);
        expect(pick(result.errors, c.errors)).to.deep.equal(c.errors);
      });
    }
  });

  it('validateRow returns the same verdict for a lone row as validateBatch', () => {
    for (const c of cases.filter((k) => k.rows.length === 1)) {
      const options = c.format === undefined ? {} : { format: c.format };
      const single = validateRow(c.rows[0] as RawRow, lookupIn(c.known), options);
      const batch = validateBatch(c.rows, lookupIn(c.known), options);
      expect([single], c.name).to.deep.equal([...batch.observations, ...batch.errors]);
    }
  });

  it('tells an error from an observation with isRowError', () => {
    const lookup = lookupIn({ s: 'units' });
    expect(isRowError(validateRow({ row: 2, fields: { series: 's', month: '2024-01', value: '1' } }, lookup))).to.equal(
      false,
    );
    expect(isRowError(validateRow({ row: 2, fields: { series: 's', month: '2024-01', value: 'x' } }, lookup))).to.equal(
      true,
    );
  });

  it('names the row and the field in every error message', () => {
    for (const c of cases) {
      const options = c.format === undefined ? {} : { format: c.format };
      for (const e of validateBatch(c.rows, lookupIn(c.known), options).errors) {
        const where = c.format === 'json' ? `rows[${e.row}]` : `line ${e.row}`;
        expect(e.message.startsWith(`${where}, field "${e.field}": `), e.message).to.equal(true);
      }
    }
  });

  it('accepts every row of the real fixture file as new series', () => {
    const parsed = parseCsv(readFileSync(new URL('../cases/ev-monthly-original.csv', import.meta.url), 'utf8'));
    const result = validateBatch(parsed.rows, () => undefined);
    expect(result.errors).to.deep.equal([]);
    expect(result.observations).to.have.length(274);
    const seresJune = result.observations.find((o) => o.series === 'seres_nev_sales' && o.month === '2024-06');
    expect(seresJune).to.deep.include({ value: 44126, unit: 'units', kind: 'monthly' });
  });
});
