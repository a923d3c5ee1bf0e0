import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parseDecimal } from '../../ingest/parse-number.js';

const cases = JSON.parse(readFileSync(new URL('../cases/number-cases.json', import.meta.url), 'utf8')) as {
  input: string;
  value: number | null;
}[];

describe('parse-number', () => {
  for (const c of cases) {
    it(`reads ${JSON.stringify(c.input)} as ${c.value ?? 'not a number'}`, () => {
      const reading = parseDecimal(c.input);
      expect(reading).to.deep.equal(c.value === null ? { ok: false } : { ok: true, value: c.value });
    });
  }
});
