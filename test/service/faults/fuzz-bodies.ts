/**
 * Request bodies for the ingest fuzzing: generated rows written as CSV, JSON and line protocol
 * (with the row number each case gets in that format), and whole bodies built to break parsers:
 * mutated text, odd encodings, deep nesting, huge numbers, oversized bodies, wrong content types.
 */
import fc from 'fast-check';
import { POOL, wrongType, type FuzzRow, type Verdict } from './fuzz-arbitraries.js';

export interface EncodedBatch {
  readonly body: string;
  /** The row number (as error messages name it) of each row, in order. */
  readonly rowNumbers: number[];
  /** Verdicts as written: writing a row may make it unknown (a line protocol tag ending in a backslash). */
  readonly verdicts: Verdict[];
}

const COLUMNS = [
  'series',
  'month',
  'value',
  'unit',
  'kind',
  'yoy_pct_stated',
  'source',
  'quote',
  'metric',
  'entity',
  'name',
];
const LINE_BREAK = /\r\n|\r|\n/g;

/** Every cell quoted, so that commas, quotes and line breaks in values stay inside their cell. */
export function toCsv(rows: readonly FuzzRow[]): EncodedBatch {
  let body = `${COLUMNS.join(',')}\r\n`;
  let line = 2;
  const rowNumbers: number[] = [];
  for (const r of rows) {
    rowNumbers.push(line);
    const record = COLUMNS.map((c) =>
      r.fields[c] === undefined ? '' : `"${String(r.fields[c]).replaceAll('"', '""')}"`,
    ).join(',');
    line += (record.match(LINE_BREAK)?.length ?? 0) + 1;
    body += `${record}\r\n`;
  }
  return { body, rowNumbers, verdicts: rows.map((r) => r.verdict) };
}

/** A JSON array; with `wrong`, some fields get a value of the wrong type (the row is then invalid). */
export function toJson(rows: readonly FuzzRow[], wrong: readonly (readonly [string, unknown] | null)[]): EncodedBatch {
  const verdicts: Verdict[] = [];
  const items = rows.map((r, i) => {
    const w = wrong[i];
    if (!w) {
      verdicts.push(r.verdict);
      return r.fields;
    }
    verdicts.push('invalid');
    return { ...r.fields, [w[0]]: w[1] };
  });
  return { body: JSON.stringify(items), rowNumbers: rows.map((_, i) => i), verdicts };
}

/** Fields that would be of the wrong type in JSON; `source` stays, it identifies the case. */
export const wrongTypeArb = fc.option(
  fc
    .tuple(
      fc.constantFrom('series', 'month', 'value', 'unit', 'kind', 'yoy_pct_stated', 'quote', 'name'),
      wrongType,
      fc.integer(),
    )
    .map(
      ([field, bad, n]) =>
        [field, ['value', 'yoy_pct_stated'].includes(field) ? bad : typeof bad === 'boolean' ? n : bad] as const,
    ),
  { freq: 5, nil: null },
);

const TAGS = ['series', 'unit', 'kind', 'metric', 'entity', 'name'];
const NANOS_PER_MS = 1_000_000n;

/** Line protocol, one point per row; the month becomes a timestamp inside that month (or outside the accepted years). */
export function toLineProtocol(rows: readonly FuzzRow[], stamps: readonly string[]): EncodedBatch {
  let body = '';
  let line = 1;
  const rowNumbers: number[] = [];
  const verdicts: Verdict[] = [];
  rows.forEach((r, i) => {
    let verdict = r.verdict;
    let point = 'fuzz';
    for (const t of TAGS) {
      const v = r.fields[t];
      if (v === undefined) continue;
      const text = String(v);
      // Line protocol cannot carry a line break in a tag, and a trailing backslash escapes the separator after it.
      const clean = text.replace(/[\r\n]/g, '').replace(/\\+$/, '');
      if (clean !== text) verdict = 'unknown';
      if (clean === '') continue;
      point += `,${t}=${clean.replace(/[,= ]/g, (c) => `\\${c}`)}`;
    }
    const fields: string[] = [];
    for (const f of ['value', 'yoy_pct_stated', 'source', 'quote']) {
      const v = r.fields[f];
      if (v === undefined) continue;
      fields.push(`${f}=${typeof v === 'number' ? String(v) : `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`}`);
    }
    point += ` ${fields.join(',')}${stamps[i] ? ` ${stamps[i]}` : ''}`;
    rowNumbers.push(line);
    verdicts.push(verdict);
    line += (point.match(LINE_BREAK)?.length ?? 0) + 1;
    body += `${point}\n`;
  });
  return { body, rowNumbers, verdicts };
}

/**
 * The timestamp of a row: inside its month (any day) when the month is one we accept, otherwise
 * a stamp outside 1900-2200, a token that is no integer, or none at all, each of which is refused.
 */
export function stampFor(row: FuzzRow, day: number, pick: number): string {
  const m = typeof row.fields['month'] === 'string' ? /^\s*(\d{4})-(\d{2})\s*$/.exec(row.fields['month']) : null;
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  if (m && year >= 1900 && year <= 2200 && month >= 1 && month <= 12) {
    return String(BigInt(Date.UTC(year, month - 1, 1 + (day % 28))) * NANOS_PER_MS);
  }
  const outside = [
    String(BigInt(Date.UTC(2201, 0, 1)) * NANOS_PER_MS),
    String(BigInt(Date.UTC(1899, 11, 31)) * NANOS_PER_MS),
    String(2n ** 63n - 1n),
    String(-(2n ** 63n)),
    '99999999999999999999999',
    '1.5e18',
    '2024-06',
    '',
  ];
  return outside[pick % outside.length]!;
}

export interface WholeBody {
  readonly endpoint: '/api/v1/ingest' | '/write';
  readonly contentType: string | null;
  readonly body: Uint8Array;
  /** Query string for /write. */
  readonly query: string;
  /** Sent without a declared length (chunked), as a streaming client would. */
  readonly chunked: boolean;
  readonly label: string;
}

const NASTY_CHARS = [
  '"',
  ',',
  '\n',
  '\r',
  '\r\n',
  '\u0000',
  '\uFEFF',
  '\\',
  '=',
  ' ',
  '{',
  '}',
  '[',
  ']',
  ':',
  '\uD800',
  '\u{1F600}',
  '#',
  'e',
  '-',
  '9',
  '.',
];

/** Text mutations: insert a nasty character, delete a stretch, repeat a stretch, or cut the text short. */
const mutationArb = fc.tuple(
  fc.constantFrom('insert', 'delete', 'repeat', 'truncate'),
  fc.nat(),
  fc.nat({ max: 12 }),
  fc.constantFrom(...NASTY_CHARS),
);
function mutate(text: string, mutations: readonly (readonly [string, number, number, string])[]): string {
  let t = text;
  for (const [kind, at, len, ch] of mutations) {
    const p = t.length === 0 ? 0 : at % t.length;
    if (kind === 'insert') t = t.slice(0, p) + ch + t.slice(p);
    else if (kind === 'delete') t = t.slice(0, p) + t.slice(p + len + 1);
    else if (kind === 'repeat') t = t.slice(0, p + len) + t.slice(p, p + len) + t.slice(p + len);
    else t = t.slice(0, p);
  }
  return t;
}

/** Bytes of a text in one of the encodings clients get wrong: UTF-8 (with stray invalid bytes), UTF-16 with a BOM, Latin-1. */
const encodingArb = fc.tuple(
  fc.constantFrom('utf8', 'utf8', 'utf8', 'utf8-invalid', 'utf16le-bom', 'utf16be-bom', 'latin1'),
  fc.nat(),
);
function encode(text: string, [encoding, at]: readonly [string, number]): Uint8Array {
  if (encoding === 'utf16le-bom') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (encoding === 'utf16be-bom')
    return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  if (encoding === 'latin1') return Buffer.from(text, 'latin1');
  const bytes = Buffer.from(text, 'utf8');
  if (encoding === 'utf8') return bytes;
  const p = bytes.length === 0 ? 0 : at % bytes.length;
  return Buffer.concat([bytes.subarray(0, p), Buffer.from([0xc3]), Buffer.from([0xff, 0xfe, 0x80]), bytes.subarray(p)]);
}

const baseRows = (marker: string) =>
  fc
    .array(
      fc.tuple(
        fc.constantFrom(...POOL),
        fc.integer({ min: 2020, max: 2024 }),
        fc.integer({ min: 1, max: 12 }),
        fc.nat({ max: 1e9 }),
      ),
      { minLength: 1, maxLength: 5 },
    )
    .map((rows) =>
      rows.map(([series, y, m, v], k) => ({
        series,
        month: `${y}-${String(m).padStart(2, '0')}`,
        value: v,
        unit: 'units',
        source: `${marker}-${k}`,
      })),
    );

const INGEST_TYPES = [
  'text/csv',
  'application/json',
  'text/plain',
  'application/csv',
  'text/csv; charset=utf-16',
  'application/json; charset=latin1',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  null,
];

/** A whole body for POST /api/v1/ingest; `marker` prefixes the sources of its rows. */
export function ingestBodyArb(marker: string): fc.Arbitrary<WholeBody> {
  const csv = fc
    .tuple(baseRows(marker), fc.array(mutationArb, { maxLength: 4 }), encodingArb)
    .map(([rows, muts, enc]) => {
      const text = `series,month,value,unit,source\n${rows.map((r) => `${r.series},${r.month},${r.value},${r.unit},${r.source}`).join('\n')}\n`;
      return { text: mutate(text, muts), enc, label: `csv ${enc[0]} ${muts.length} mutations` };
    });
  const json = fc.oneof(
    fc.tuple(baseRows(marker), fc.array(mutationArb, { maxLength: 4 }), encodingArb).map(([rows, muts, enc]) => ({
      text: mutate(JSON.stringify(rows), muts),
      enc,
      label: `json ${enc[0]} ${muts.length} mutations`,
    })),
    fc
      .jsonValue({ maxDepth: 4 })
      .map((v) => ({ text: JSON.stringify(v) ?? 'null', enc: ['utf8', 0] as const, label: 'json value' })),
    fc
      .integer({ min: 1, max: 20_000 })
      .map((d) => ({ text: `${'['.repeat(d)}${']'.repeat(d)}`, enc: ['utf8', 0] as const, label: `json nested ${d}` })),
    fc.integer({ min: 1, max: 20_000 }).map((d) => ({
      text: `${'{"rows":'.repeat(d)}[]${'}'.repeat(d)}`,
      enc: ['utf8', 0] as const,
      label: `json rows nested ${d}`,
    })),
    fc
      .constantFrom(
        `[{"series":"${POOL[0]}","month":"2024-01","value":1e400,"source":"${marker}-0"}]`,
        `[{"series":"${POOL[0]}","month":"2024-01","value":-1e-400,"source":"${marker}-0"}]`,
        `[{"series":"${POOL[0]}","month":"2024-01","value":123456789012345678901234567890,"source":"${marker}-0"}]`,
        `[{"__proto__":{"series":"${POOL[0]}"},"month":"2024-01","value":1,"source":"${marker}-0"}]`,
        `[{"series":"${POOL[0]}","series":"x y","month":"2024-01","value":1,"source":"${marker}-0"}]`,
        `{"rows":{"0":{"series":"${POOL[0]}"}}}`,
        `\uFEFF[{"series":"${POOL[0]}","month":"2024-01","value":1,"source":"${marker}-0"}]`,
        '',
        ' ',
        'null',
        'true',
        '"rows"',
        '[null,1,"a",[],{}]',
        '[{}]',
        `[{"constructor":{"prototype":{"x":1}}}]`,
      )
      .map((text) => ({ text, enc: ['utf8', 0] as const, label: 'json template' })),
  );
  return fc.tuple(fc.oneof(csv, json), fc.constantFrom(...INGEST_TYPES), fc.boolean()).map(([b, type, chunked]) => ({
    endpoint: '/api/v1/ingest' as const,
    contentType: type,
    body: encode(b.text, b.enc),
    query: '',
    chunked,
    label: `${b.label} as ${type}`,
  }));
}

const PRECISION = [
  '',
  '?precision=ns',
  '?precision=n',
  '?precision=u',
  '?precision=ms',
  '?precision=s',
  '?precision=m',
  '?precision=h',
  '?precision=x',
  '?precision=',
  '?db=pulsecast&rp=autogen',
  '?precision=s&precision=ms',
];

/** A whole body for POST /write. */
export function writeBodyArb(marker: string): fc.Arbitrary<WholeBody> {
  const lines = fc
    .tuple(
      baseRows(marker),
      fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { minLength: 5, maxLength: 5 }),
      fc.boolean(),
    )
    .map(([rows, wild, useWild]) =>
      rows
        .map((r, k) => {
          const ns = useWild ? wild[k]! : BigInt(Date.parse(`${r.month}-01T00:00:00Z`)) * NANOS_PER_MS;
          return `fuzz,series=${r.series},unit=${r.unit} value=${r.value},source="${r.source}" ${ns}`;
        })
        .join('\n'),
    );
  return fc
    .tuple(
      fc.oneof(
        lines,
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.constantFrom(
          '',
          '\n',
          '# only a comment',
          'fuzz value=1',
          'fuzz,series= value=1 1',
          'fuzz value="unclosed 1',
          `fuzz,series=${POOL[0]} value=1 99999999999999999999999999`,
        ),
      ),
      fc.array(mutationArb, { maxLength: 4 }),
      encodingArb,
      fc.constantFrom(...PRECISION),
      fc.constantFrom('text/plain', 'application/octet-stream', null, 'application/json'),
      fc.boolean(),
    )
    .map(([text, muts, enc, query, type, chunked]) => ({
      endpoint: '/write' as const,
      contentType: type,
      body: encode(mutate(text, muts), enc),
      query,
      chunked,
      label: `line protocol ${enc[0]} ${muts.length} mutations ${query}`,
    }));
}

/** A body just over `limit` bytes, for either endpoint. */
export function oversizedArb(limit: number): fc.Arbitrary<WholeBody> {
  return fc
    .tuple(
      fc.constantFrom('/api/v1/ingest', '/write') as fc.Arbitrary<'/api/v1/ingest' | '/write'>,
      fc.integer({ min: 1, max: 4096 }),
      fc.boolean(),
    )
    .map(([endpoint, extra, chunked]) => {
      const line = endpoint === '/write' ? `fuzz,series=${POOL[0]} value=1 0\n` : `${POOL[0]},2024-01,1\n`;
      const head = endpoint === '/write' ? '' : 'series,month,value\n';
      const text = head + line.repeat(Math.ceil((limit + extra) / line.length));
      return {
        endpoint,
        contentType: endpoint === '/write' ? 'text/plain' : 'text/csv',
        body: Buffer.from(text),
        query: '',
        chunked,
        label: `oversized ${endpoint} (${text.length} bytes, ${chunked ? 'chunked' : 'declared'})`,
      };
    });
}
