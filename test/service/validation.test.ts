import { expect } from 'chai';
import type { z } from 'zod';
import { endpoints, ReportDefinitionSchema, TokenRequestSchema } from '../../service/contract/index.js';
import { AppError } from '../../service/errors.js';
import { parseOrThrow, type Refusal } from '../../service/validation.js';

const QUERY: Refusal = { place: 'query parameter', code: 'INVALID_PARAMETER', whole: 'query' };
const BODY: Refusal = { place: 'field', code: 'INVALID_FIELD' };
const report = { cron: '0 9 5 * *', recipients: ['a@example.com'], series: ['x'] };

const refused: {
  name: string;
  schema: z.ZodType;
  value: unknown;
  refusal: Refusal;
  code: string;
  field: string;
  message: string;
}[] = [
  {
    name: 'a missing field, by its name',
    schema: TokenRequestSchema,
    value: { scope: 'read' },
    refusal: BODY,
    code: 'INVALID_FIELD',
    field: 'name',
    message: 'field "name" must be a non-empty string of at most 100 characters',
  },
  {
    name: 'a body that is not an object, as the body',
    schema: TokenRequestSchema,
    value: undefined,
    refusal: BODY,
    code: 'INVALID_FIELD',
    field: 'body',
    message: 'the body must be a JSON object',
  },
  {
    name: 'a month that is not one, with the code its refinement names and the value sent',
    schema: endpoints.getSeries.query,
    value: { from: '2024-13' },
    refusal: QUERY,
    code: 'INVALID_MONTH',
    field: 'from',
    message: 'query parameter "from" must be a month such as 2024-06; got "2024-13"',
  },
  {
    name: 'a range that ends before it starts',
    schema: endpoints.getSeries.query,
    value: { from: '2024-05', to: '2024-01' },
    refusal: QUERY,
    code: 'INVALID_RANGE',
    field: 'from',
    message: 'query parameter "from" must not be after "to"',
  },
  {
    name: 'a limit that is not a number, without the NaN it coerced to',
    schema: endpoints.listRuns.query,
    value: { limit: 'ten' },
    refusal: QUERY,
    code: 'INVALID_PARAMETER',
    field: 'limit',
    message: 'query parameter "limit" must be a whole number from 1 to 1000',
  },
  {
    name: 'a parameter given twice',
    schema: endpoints.listSeries.query,
    value: { metric: ['a', 'b'] },
    refusal: QUERY,
    code: 'INVALID_PARAMETER',
    field: 'metric',
    message: 'query parameter "metric" must be one short string',
  },
  {
    name: 'an element of a list, by its index',
    schema: ReportDefinitionSchema,
    value: { ...report, recipients: ['a@example.com', 'b.example.com'] },
    refusal: { ...BODY, code: 'REPORT_CONFIG_INVALID', details: { report: 'r' } },
    code: 'REPORT_CONFIG_INVALID',
    field: 'recipients',
    message: 'field "recipients[1]" must be an email address; got "b.example.com"',
  },
];

describe('service/validation', () => {
  for (const c of refused) {
    it(`refuses ${c.name}`, () => {
      let error: unknown;
      try {
        parseOrThrow(c.schema, c.value, c.refusal);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(AppError);
      expect(error).to.include({ status: 400, code: c.code, message: c.message });
      expect((error as AppError).details).to.deep.equal({ ...c.refusal.details, field: c.field });
    });
  }

  it('answers what the schema parsed: defaults filled, lists split, text trimmed', () => {
    expect(parseOrThrow(endpoints.listRuns.query, {}, QUERY)).to.deep.equal({ limit: 50 });
    expect(parseOrThrow(endpoints.listForecasts.query, { series: ' a, ,b' }, QUERY)).to.deep.equal({
      series: ['a', 'b'],
    });
    expect(parseOrThrow(TokenRequestSchema, { name: ' ci ', scope: 'write' }, BODY)).to.deep.equal({
      name: 'ci',
      scope: 'write',
    });
  });
});
