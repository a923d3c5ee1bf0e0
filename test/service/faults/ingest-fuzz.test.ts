import { expect } from 'chai';
import fc from 'fast-check';
import { InfluxDB } from 'influx';
import { MEASUREMENT, TAG } from '../../../service/storage/schema.js';
import { jsonBody, request, startTestService, type TestService } from '../../support/service.js';
import { POOL, rowArb, withId, type FuzzRow } from './fuzz-arbitraries.js';
import {
  ingestBodyArb,
  oversizedArb,
  stampFor,
  toCsv,
  toJson,
  toLineProtocol,
  writeBodyArb,
  wrongTypeArb,
  type EncodedBatch,
  type WholeBody,
} from './fuzz-bodies.js';

/** A run's seed, printed so that a failure can be replayed with FUZZ_SEED. */
const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const LIMIT = 1024 * 1024;
const ROWS_PER_FORMAT = 3000;
const WHOLE_BODIES = 1500;

interface Answer {
  readonly status: number;
  readonly body: any;
}

describe('ingest endpoints under fuzzing (fast-check; FUZZ_SEED replays a run)', function () {
  this.timeout(120_000);
  let service: TestService;
  const statuses = new Map<number, number>();
  let requests = 0;
  let cases = 0;

  before(async () => {
    service = await startTestService({ config: { maxBodyBytes: LIMIT, refitDebounceMs: 0 } });
    const pool = await request(
      service.url,
      '/api/v1/ingest',
      jsonBody(POOL.map((series) => ({ series, month: '1900-01', value: 0, unit: 'units', source: 'pool' }))),
    );
    expect(pool.status).to.equal(200);
  });

  after(async () => {
    const byStatus = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    console.log(
      `      fuzz (seed ${SEED}): ${cases} cases in ${requests} requests; answers ${byStatus}; 5xx: ${[...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0)}`,
    );
    await service?.close();
  });

  /** Sends one body; a dropped connection, a 5xx or an answer without a useful message fails the test. */
  async function send(b: WholeBody): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${service.token}` };
    if (b.contentType) headers['content-type'] = b.contentType;
    const body = b.chunked
      ? new ReadableStream<Uint8Array>({
          start(c) {
            for (let i = 0; i < b.body.length; i += 16_384) c.enqueue(b.body.subarray(i, i + 16_384));
            c.close();
          },
        })
      : b.body;
    requests++;
    let res: Response;
    try {
      res = await fetch(`${service.url}${b.endpoint}${b.query}`, {
        method: 'POST',
        headers,
        body,
        duplex: 'half',
      } as RequestInit);
    } catch (error) {
      throw new Error(
        `seed ${SEED}, ${b.label}: the connection was dropped (${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message})`,
      );
    }
    const text = await res.text();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const parsed = (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
    if (res.status >= 500) throw new Error(`seed ${SEED}, ${b.label}: answered ${res.status}: ${text.slice(0, 500)}`);
    if (![200, 202, 204, 400, 413, 415, 422].includes(res.status))
      throw new Error(`seed ${SEED}, ${b.label}: answered ${res.status}: ${text.slice(0, 300)}`);
    if (res.status >= 400)
      expect(
        usefulMessage(b.endpoint, res.status, parsed),
        `seed ${SEED}, ${b.label}: ${res.status} without a useful message: ${text.slice(0, 300)}`,
      ).to.equal(true);
    return { status: res.status, body: parsed };
  }

  function usefulMessage(endpoint: string, status: number, body: any): boolean {
    if (endpoint === '/write') return typeof body?.error === 'string' && body.error.length >= 10;
    if (status === 422)
      return (
        Array.isArray(body?.errors) &&
        body.errors.length > 0 &&
        body.errors.every(
          (e: any) => typeof e.message === 'string' && e.message.length >= 10 && Number.isInteger(e.row),
        )
      );
    return (
      typeof body?.error?.message === 'string' && body.error.message.length >= 10 && typeof body.error.code === 'string'
    );
  }

  /** Sources of the report points stored so far, with how many points each has. */
  async function storedSources(): Promise<{
    bySource: Map<string, number>;
    points: { source: string; batch: string }[];
  }> {
    const url = new URL(service.influxUrl);
    const client = new InfluxDB({ host: url.hostname, port: Number(url.port), database: service.database });
    const points = await client.query<{ source: string; batch: string }>(
      `SELECT "source", "batch", "value" FROM "${MEASUREMENT.figure}" GROUP BY "${TAG.series}"`,
    );
    const bySource = new Map<string, number>();
    for (const p of points) bySource.set(p.source, (bySource.get(p.source) ?? 0) + 1);
    return { bySource, points: [...points] };
  }

  /**
   * Checks what each case became against its verdict and against what InfluxDB holds: a valid row
   * stored, an invalid one refused, and every row stored exactly when its answer said so.
   */
  async function checkRows(
    rows: readonly FuzzRow[],
    outcomes: readonly boolean[],
    encoded: readonly Verdicts[],
  ): Promise<void> {
    const problems: string[] = [];
    rows.forEach((r, i) => {
      const verdict = encoded[i]!;
      if (verdict === 'valid' && !outcomes[i])
        problems.push(`refused a valid row: ${JSON.stringify(r.fields).slice(0, 300)}`);
      if (verdict === 'invalid' && outcomes[i])
        problems.push(`accepted an invalid row: ${JSON.stringify(r.fields).slice(0, 300)}`);
    });
    const { bySource } = await storedSources();
    rows.forEach((r, i) => {
      const n = bySource.get(String(r.fields['source'])) ?? 0;
      if (outcomes[i] && n !== 1)
        problems.push(`accepted, but stored ${n} times: ${JSON.stringify(r.fields).slice(0, 200)}`);
      if (!outcomes[i] && n !== 0) problems.push(`refused, but stored: ${JSON.stringify(r.fields).slice(0, 200)}`);
    });
    expect(problems.slice(0, 10), `${problems.length} problems (seed ${SEED})`).to.deep.equal([]);
  }
  type Verdicts = EncodedBatch['verdicts'][number];

  function sample(first: number): FuzzRow[] {
    return fc.sample(rowArb, { numRuns: ROWS_PER_FORMAT, seed: SEED + first }).map((r, i) => withId(r, first + i));
  }

  for (const format of ['csv', 'json'] as const) {
    it(`answers every generated ${format.toUpperCase()} row at POST /api/v1/ingest: valid rows stored, invalid ones named and never stored`, async () => {
      const first = format === 'csv' ? 0 : ROWS_PER_FORMAT;
      const rows = sample(first);
      const wrong = fc.sample(wrongTypeArb, { numRuns: rows.length, seed: SEED + first + 1 });
      const outcomes: boolean[] = [];
      const verdicts: Verdicts[] = [];
      for (let i = 0; i < rows.length; i += 100) {
        const batch = rows.slice(i, i + 100);
        const enc = format === 'csv' ? toCsv(batch) : toJson(batch, wrong.slice(i, i + 100));
        const label = `${format} rows ${first + i}..${first + i + batch.length - 1}`;
        const answer = await send({
          endpoint: '/api/v1/ingest',
          contentType: format === 'csv' ? 'text/csv' : 'application/json',
          body: Buffer.from(enc.body),
          query: '',
          chunked: false,
          label,
        });
        cases += batch.length;
        expect([200, 422], `${label}: ${JSON.stringify(answer.body).slice(0, 300)}`).to.include(answer.status);
        expect([answer.body.rows, answer.body.accepted + answer.body.rejected], label).to.deep.equal([
          batch.length,
          batch.length,
        ]);
        const refused = new Set<number>(answer.body.errors.map((e: { row: number }) => e.row));
        expect(refused.size, `${label}: one error per refused row`).to.equal(answer.body.rejected);
        for (const row of refused)
          expect(enc.rowNumbers, `${label}: an error names row ${row}, which is no row`).to.include(row);
        enc.rowNumbers.forEach((n, k) => {
          outcomes.push(!refused.has(n));
          verdicts.push(enc.verdicts[k]!);
        });
      }
      await checkRows(rows, outcomes, verdicts);
    });
  }

  it('answers every generated line-protocol point at POST /write: 204, or 400 naming each refused line; refused points never stored', async () => {
    const first = 2 * ROWS_PER_FORMAT;
    const rows = sample(first);
    const stamps = fc
      .sample(fc.tuple(fc.nat(), fc.nat()), { numRuns: rows.length, seed: SEED + first + 1 })
      .map(([day, pick], i) => stampFor(rows[i]!, day, pick));
    const outcomes: boolean[] = [];
    const verdicts: Verdicts[] = [];
    // 20 points a request: a 400 lists the first 20 reasons, so every refused line is named.
    for (let i = 0; i < rows.length; i += 20) {
      const batch = rows.slice(i, i + 20);
      const enc = toLineProtocol(batch, stamps.slice(i, i + 20));
      const label = `line protocol points ${first + i}..${first + i + batch.length - 1}`;
      const answer = await send({
        endpoint: '/write',
        contentType: 'text/plain',
        body: Buffer.from(enc.body),
        query: '',
        chunked: false,
        label,
      });
      cases += batch.length;
      let refused = new Set<number>();
      if (answer.status === 400) {
        const m = /^partial write: (\d+) of (\d+) points rejected, (\d+) stored: (.*)$/s.exec(answer.body.error);
        expect(m, `${label}: ${answer.body.error}`).to.not.equal(null);
        refused = new Set([...m![4]!.matchAll(/(?:^|; )line (\d+)(?=[,:])/g)].map((x) => Number(x[1])));
        expect([Number(m![1]), Number(m![2]), Number(m![3])], label).to.deep.equal([
          refused.size,
          batch.length,
          batch.length - refused.size,
        ]);
      } else {
        expect(answer.status, label).to.equal(204);
      }
      for (const line of refused)
        expect(enc.rowNumbers, `${label}: a reason names line ${line}, which starts no point`).to.include(line);
      enc.rowNumbers.forEach((n, k) => {
        outcomes.push(!refused.has(n));
        verdicts.push(enc.verdicts[k]!);
      });
    }
    await checkRows(rows, outcomes, verdicts);
  });

  it('answers malformed, mis-encoded, deeply nested, oversized and mistyped whole bodies with 2xx or 4xx and a message, and stores no more than it acknowledged', async () => {
    const ingestBatches = new Map<string, number>();
    let writeAccepted = 0;
    const body = fc.oneof(
      { weight: 10, arbitrary: ingestBodyArb('sxi') },
      { weight: 8, arbitrary: writeBodyArb('sxw') },
      { weight: 1, arbitrary: oversizedArb(LIMIT) },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const answer = await send(b);
        cases++;
        if (b.endpoint === '/api/v1/ingest' && [200, 202, 422].includes(answer.status))
          ingestBatches.set(answer.body.batch, answer.body.accepted);
        // A streamed CSV cut off part-way (413) keeps what it stored before, and says so.
        const stored = answer.body?.error?.details?.stored;
        if (b.endpoint === '/api/v1/ingest' && stored) ingestBatches.set(stored.batch, stored.accepted);
        if (b.endpoint === '/write' && answer.status === 204) writeAccepted += countLines(b.body);
        if (b.endpoint === '/write' && answer.status === 400)
          writeAccepted += Number(/(\d+) stored/.exec(answer.body.error)?.[1] ?? 0);
        if (answer.status === 413) expect(b.label, 'only oversized bodies are too large').to.match(/^oversized/);
      }),
      { numRuns: WHOLE_BODIES, seed: SEED, endOnFailure: true },
    );
    const { points } = await storedSources();
    const perBatch = new Map<string, number>();
    let unattributed = 0;
    const leaked: string[] = [];
    for (const p of points) {
      if (p.source === 'pool' || p.source.startsWith('fz-')) continue;
      if (ingestBatches.has(p.batch)) perBatch.set(p.batch, (perBatch.get(p.batch) ?? 0) + 1);
      else {
        unattributed++;
        if (p.source.startsWith('sxi-')) leaked.push(`${p.source} (batch ${p.batch})`);
      }
    }
    const over = [...perBatch].filter(([batch, n]) => n > ingestBatches.get(batch)!);
    expect(over, 'ingest batches with more points than rows acknowledged').to.deep.equal([]);
    expect(leaked, 'points of ingest bodies that were refused whole').to.deep.equal([]);
    expect(unattributed, '/write points beyond those acknowledged').to.be.at.most(writeAccepted);
  });
});

/** At most as many points as a line-protocol body has non-blank, non-comment lines (a quoted string may span lines). */
function countLines(body: Uint8Array): number {
  return Buffer.from(body)
    .toString('utf8')
    .split(/\r\n|\r|\n/)
    .filter((l) => l.trim() !== '' && !l.trim().startsWith('#')).length;
}
