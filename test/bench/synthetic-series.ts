/**
 * The benches' synthetic data set: `bench_00000`, `bench_00001`, … monthly series of 120 months
 * from 2015-01, each seasonal and growing, deterministic so that every bench run sees the same
 * figures. bench:ingest uploads them; bench:refit loads them into a service before re-fitting.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';

export const SYNTHETIC_MONTHS = 120;
export const SYNTHETIC_SOURCE = 'https://bench.example/monthly-bulletin';

export const syntheticSeriesId = (i: number) => `bench_${String(i).padStart(5, '0')}`;
/** The month of index `m` (0: 2015-01). */
export const syntheticMonth = (m: number) => `${2015 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
/** A deterministic, seasonal, growing figure, so the data looks like the real thing. */
export const syntheticValue = (i: number, m: number) =>
  Math.round((1000 + (i % 97) * 37) * (1 + m / 60) * (1 + 0.2 * Math.sin((m % 12) / 1.9)));

/** Writes `series` × {@link SYNTHETIC_MONTHS} rows as the ingest's CSV; resolves with the file's size in bytes. */
export async function writeSyntheticCsv(file: string, series: number): Promise<number> {
  const out = createWriteStream(file);
  out.write('series,month,value,unit,source\n');
  for (let i = 0; i < series; i++) {
    let block = '';
    for (let m = 0; m < SYNTHETIC_MONTHS; m++)
      block += `${syntheticSeriesId(i)},${syntheticMonth(m)},${syntheticValue(i, m)},units,${SYNTHETIC_SOURCE}\n`;
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return (await stat(file)).size;
}

/** Streams a CSV file to a service's `POST /api/v1/ingest`; resolves with the accepted rows, throws on a refusal. */
export async function uploadCsvFile(url: string, token: string, file: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
    body: createReadStream(file) as unknown as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const summary = (await res.json()) as { accepted: number; rejected: number };
  if (res.status !== 200) throw new Error(`ingest failed: ${res.status} ${JSON.stringify(summary).slice(0, 500)}`);
  return summary.accepted;
}
