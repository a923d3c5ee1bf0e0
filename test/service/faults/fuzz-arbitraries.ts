/**
 * Generators for fuzzing the ingest endpoints. Row fields come from pools marked with what the
 * service must do with them: `valid` values must be accepted, `invalid` ones refused, `unknown`
 * ones may go either way (only the answer's shape is checked). A row is certainly valid when every
 * field is valid, certainly invalid when any field is. Each row carries its case id as `source`,
 * so what InfluxDB holds afterwards can be traced back to the case and its answer.
 */
import fc from 'fast-check';

export type Verdict = 'valid' | 'invalid' | 'unknown';

/** A field value with what the service must make of it. */
interface Judged<T = unknown> {
  readonly value: T;
  readonly verdict: Verdict;
}

export interface FuzzRow {
  /** Field values, absent fields left out; `source` is the case id. */
  readonly fields: Record<string, unknown>;
  readonly verdict: Verdict;
}

/** Series that exist (unit `units`) before the fuzzing starts. */
export const POOL = Array.from({ length: 200 }, (_, i) => `fuzz_pool_${i}`);

const judged = <T>(arb: fc.Arbitrary<T>, verdict: Verdict): fc.Arbitrary<Judged<T>> =>
  arb.map((value) => ({ value, verdict }));

/** Text with what breaks naive code: NUL and other controls, quotes, commas, backslashes, line breaks, astral and lone surrogates. */
export const nastyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '"',
    '""',
    "'",
    ',',
    ';',
    '\\',
    'x\\',
    '\\"',
    '\n',
    '\r\n',
    '\r',
    '\t',
    ' ',
    '\uFEFF',
    '\u2028',
    '\uD800',
    '\uDFFF',
    '\u{1F600}',
    '=',
    'a=b',
    'a b',
    'a,b',
    '#',
    '$x',
    '%s',
    '<script>',
    'Robert"); DROP',
    '\\n',
    '\u0085',
    '\u001b[31m',
  ),
);

const year = (y: number) => String(y).padStart(4, '0');
const month2 = (m: number) => String(m).padStart(2, '0');

const seriesArb: fc.Arbitrary<Judged> = fc.oneof(
  { weight: 8, arbitrary: judged(fc.constantFrom(...POOL), 'valid') },
  {
    weight: 1,
    arbitrary: judged(
      fc.constantFrom('', '   ', 'a b', 'x'.repeat(101), '-lead', '_lead', 'ünïcode', 'a,b', 'a"b', 'a\u0000b', 'a\nb'),
      'invalid',
    ),
  },
  { weight: 1, arbitrary: judged(nastyText, 'unknown') },
);

const monthArb: fc.Arbitrary<Judged> = fc.oneof(
  // Mostly recent years: each month stored is a shard of its own in InfluxDB, and a shard costs.
  {
    weight: 8,
    arbitrary: judged(
      fc
        .tuple(fc.integer({ min: 2015, max: 2024 }), fc.integer({ min: 1, max: 12 }))
        .map(([y, m]) => `${year(y)}-${month2(m)}`),
      'valid',
    ),
  },
  { weight: 1, arbitrary: judged(fc.constantFrom('1900-01', '2200-12', ' 2024-06 ', '1999-12'), 'valid') },
  {
    weight: 2,
    arbitrary: judged(
      fc.oneof(
        fc
          .tuple(
            fc.oneof(fc.integer({ min: 0, max: 1899 }), fc.integer({ min: 2201, max: 9999 })),
            fc.integer({ min: 1, max: 12 }),
          )
          .map(([y, m]) => `${year(y)}-${month2(m)}`),
        fc
          .tuple(fc.integer({ min: 1900, max: 2200 }), fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 })))
          .map(([y, m]) => `${year(y)}-${month2(m)}`),
        fc.constantFrom(
          '2024-6',
          '2024/06',
          '2024-06-01',
          '24-06',
          'NaN',
          'June 2024',
          '+2024-06',
          '2024-06\u0000',
          '２０２４-０６',
        ),
      ),
      'invalid',
    ),
  },
  { weight: 1, arbitrary: judged(nastyText, 'unknown') },
);

const valueArb: fc.Arbitrary<Judged> = fc.oneof(
  { weight: 3, arbitrary: judged(fc.integer({ min: 0, max: 2 ** 53 - 1 }), 'valid') },
  {
    weight: 2,
    arbitrary: judged(fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true, noDefaultInfinity: true }), 'valid'),
  },
  {
    weight: 2,
    arbitrary: judged(
      fc.integer({ min: 0, max: 1e12 }).map((n) => n.toLocaleString('en-US')),
      'valid',
    ),
  },
  {
    weight: 1,
    arbitrary: judged(
      fc.constantFrom('0', ' 12 ', '+7', '1e3', '1.5E+300', '.5', '5.', '0.000001', String(Number.MAX_VALUE), '-0'),
      'valid',
    ),
  },
  {
    weight: 3,
    arbitrary: judged(
      fc.oneof(
        fc.double({ max: -Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom(
          'NaN',
          'Infinity',
          '-Infinity',
          '1e400',
          '-1',
          '1,2',
          '4,41,26',
          '1,0000',
          'abc',
          '',
          '0x10',
          '1_000',
          '١٢',
          '12 345',
          '--1',
          '1e',
          'e5',
          '∞',
          '1.2.3',
        ),
      ),
      'invalid',
    ),
  },
  { weight: 1, arbitrary: judged(nastyText, 'unknown') },
);

const optional = (arb: fc.Arbitrary<Judged>): fc.Arbitrary<Judged | null> => fc.option(arb, { freq: 2, nil: null });

const unitArb = optional(
  fc.oneof(
    { weight: 3, arbitrary: judged(fc.constant('units'), 'valid') },
    { weight: 1, arbitrary: judged(fc.constantFrom('GWh', 'x'.repeat(33)), 'invalid') },
    { weight: 1, arbitrary: judged(nastyText, 'unknown') },
  ),
);
const kindArb = optional(
  fc.oneof(
    { weight: 3, arbitrary: judged(fc.constantFrom('monthly', 'ytd', 'YTD', ' Monthly '), 'valid') },
    { weight: 1, arbitrary: judged(fc.constantFrom('weekly', 'month', 'm'), 'invalid') },
    { weight: 1, arbitrary: judged(nastyText, 'unknown') },
  ),
);
const yoyArb = optional(
  fc.oneof(
    {
      weight: 3,
      arbitrary: judged(
        fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom('12.5%', '-3%', '0', ' 7 ')),
        'valid',
      ),
    },
    { weight: 1, arbitrary: judged(fc.constantFrom('NaN', 'abc', '1e400', '%', '12%%', '1,2'), 'invalid') },
    { weight: 1, arbitrary: judged(nastyText, 'unknown') },
  ),
);
/** Free texts: nasty but short ones are valid; over the limit is invalid. */
const textArb = (limit: number) =>
  optional(
    fc.oneof(
      {
        weight: 4,
        arbitrary: judged(
          nastyText.filter((t) => [...t.trim()].length <= limit),
          'valid',
        ),
      },
      { weight: 1, arbitrary: judged(fc.constant('q'.repeat(limit + 1)), 'invalid') },
    ),
  );

/** Metric and entity become InfluxDB tags: control characters and backslashes are refused there. */
const tagTextArb = optional(
  fc.oneof(
    {
      weight: 4,
      arbitrary: nastyText
        .filter((t) => [...t.trim()].length <= 200)
        .map((t) => ({
          value: t,
          verdict: /[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]/.test(t.trim())
            ? ('invalid' as const)
            : ('valid' as const),
        })),
    },
    { weight: 1, arbitrary: judged(fc.constant('m'.repeat(201)), 'invalid') },
  ),
);

/**
 * Rows that create a new series: a fresh valid id with a unit, and metric, entity and name (which
 * become InfluxDB tags and fields of the series) as nasty as they come.
 */
const NEW_SERIES = 'fuzz_new_?';
const newSeriesRow = fc
  .record({ metric: tagTextArb, entity: tagTextArb, name: textArb(200), month: monthArb, value: valueArb })
  .map((r) => {
    const parts: Record<string, Judged | null> = {
      series: { value: NEW_SERIES, verdict: 'valid' },
      unit: { value: 'units', verdict: 'valid' },
      ...r,
    };
    return parts;
  });

const poolRow = fc.record({
  series: seriesArb,
  month: monthArb,
  value: valueArb,
  unit: unitArb,
  kind: kindArb,
  yoy_pct_stated: yoyArb,
  quote: textArb(4000),
  name: textArb(200),
});

/** One row; give it its case id with {@link withId}. */
export const rowArb: fc.Arbitrary<FuzzRow> = fc
  .oneof(
    { weight: 9, arbitrary: poolRow as fc.Arbitrary<Record<string, Judged | null>> },
    { weight: 1, arbitrary: newSeriesRow },
  )
  .map((parts) => {
    const fields: Record<string, unknown> = {};
    const verdicts: Verdict[] = [];
    for (const [name, part] of Object.entries(parts)) {
      if (part === null) continue;
      fields[name] = part.value;
      // Another unit than `units` is wrong only for a series that exists; it creates any other.
      const creates = name === 'unit' && part.value === 'GWh' && !POOL.includes(String(parts['series']?.value));
      verdicts.push(creates ? 'unknown' : part.verdict);
    }
    const verdict: Verdict = verdicts.includes('invalid')
      ? 'invalid'
      : verdicts.includes('unknown')
        ? 'unknown'
        : 'valid';
    return { fields, verdict };
  });

/** The row as case `id`: its source is `fz-<id>`, and a row that creates a series creates `fuzz_new_<id>`. */
export function withId(row: FuzzRow, id: number): FuzzRow {
  const fields: Record<string, unknown> = { ...row.fields, source: caseSource(id) };
  if (fields['series'] === NEW_SERIES) fields['series'] = `fuzz_new_${id}`;
  return { fields, verdict: row.verdict };
}

export const caseSource = (id: number) => `fz-${id}`;

/** JSON values of the wrong type for a field: each makes a row invalid wherever it stands. */
export const wrongType = fc.oneof(
  fc.boolean(),
  fc.constant([]),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
  fc.array(fc.integer(), { maxLength: 2 }),
);
