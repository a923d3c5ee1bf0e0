/**
 * What the fault tests share: generated uploads whose every row is known, a request body streamed
 * piece by piece (so a fault can strike mid-request), and what InfluxDB holds afterwards.
 */
import http from 'node:http';
import { InfluxDB } from 'influx';
import { monthFromIndex, monthIndex } from '../../../common/month.js';
import { MEASUREMENT, TAG } from '../../../service/storage/schema.js';

/**
 * Generated rows come in blocks of BLOCK_ROWS: SERIES_PER_BLOCK series of their own, each over
 * consecutive months from 2020-01. Few months keep InfluxDB's shards few (one per month here), and
 * series of their own per block keep each ingest from re-reading what earlier blocks stored.
 */
export const BLOCK_ROWS = 12_500;
const SERIES_PER_BLOCK = 250;
const FIRST_MONTH = monthIndex('2020-01');

export interface GeneratedRow {
  readonly series: string;
  readonly month: string;
  readonly value: number;
}

/** Row `i` of every generated upload (value i + 1), the same in every run. */
export function rowOf(i: number): GeneratedRow {
  const block = Math.floor(i / BLOCK_ROWS);
  const j = i % BLOCK_ROWS;
  const series = `fault_${block * SERIES_PER_BLOCK + (j % SERIES_PER_BLOCK)}`;
  return { series, month: monthFromIndex(FIRST_MONTH + Math.floor(j / SERIES_PER_BLOCK)), value: i + 1 };
}

export const keyOf = (r: { series: string; month: string }) => `${r.series} ${r.month}`;

/** CSV text of rows [from, to), with the header unless `header` is false. */
export function csvRows(from: number, to: number, header = true): string {
  const lines = header ? ['series,month,value,unit,source'] : [];
  for (let i = from; i < to; i++) {
    const r = rowOf(i);
    lines.push(`${r.series},${r.month},${r.value},units,fault-test`);
  }
  return `${lines.join('\n')}\n`;
}

export interface StreamingPost {
  /** Sends a piece of the body; resolves once it is handed to the socket. */
  write(text: string): Promise<void>;
  /** Ends the body and waits for the answer. */
  end(): Promise<{ status: number; body: any }>;
  /** The answer, which may come (or fail) before the body ends. */
  readonly response: Promise<{ status: number; body: any }>;
}

/** A POST whose body is sent piece by piece. */
export function streamingPost(url: string, path: string, headers: Record<string, string>): StreamingPost {
  const req = http.request(`${url}${path}`, { method: 'POST', headers });
  const response = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: text && (res.headers['content-type'] ?? '').includes('json') ? JSON.parse(text) : text,
        }),
      );
    });
  });
  // A test that kills the server mid-request awaits this itself, or not at all.
  response.catch(() => undefined);
  return {
    write: (text) =>
      new Promise<void>((resolve, reject) => req.write(text, (error) => (error ? reject(error) : resolve()))),
    end: () => {
      req.end();
      return response;
    },
    response,
  };
}

/** Reads the report points of a database: every point, by series and month. */
export async function storedPoints(
  influxUrl: string,
  database: string,
): Promise<{ points: number; byKey: Map<string, { value: number; batch: string }[]> }> {
  const url = new URL(influxUrl);
  const client = new InfluxDB({ host: url.hostname, port: Number(url.port), database });
  const rows = await client.query<{ time: Date; value: number; batch: string; series: string }>(
    `SELECT "value", "batch", "${TAG.series}" FROM "${MEASUREMENT.figure}"`,
  );
  const byKey = new Map<string, { value: number; batch: string }[]>();
  for (const r of rows) {
    const key = keyOf({ series: r.series, month: r.time.toISOString().slice(0, 7) });
    const list = byKey.get(key) ?? [];
    list.push({ value: r.value, batch: r.batch });
    byKey.set(key, list);
  }
  return { points: rows.length, byKey };
}

/** How many report points a database holds (0 when it does not exist yet). */
export async function countPoints(influxUrl: string, database: string): Promise<number> {
  const url = new URL(influxUrl);
  const client = new InfluxDB({ host: url.hostname, port: Number(url.port), database });
  const rows = await client.query<{ count: number }>(`SELECT count("value") FROM "${MEASUREMENT.figure}"`);
  return rows[0]?.count ?? 0;
}
